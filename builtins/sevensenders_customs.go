package builtins

import "net/http"

// Schemas of the customs bodies.
const (
	schemaCustomsShipment       = "customs_shipment"
	schemaCustomsShipmentUpdate = "customs_shipment_update"
	schemaCustomsManifest       = "customs_manifest"
)

// customsOperations are the builtins of customs shipments and manifests.
func customsOperations() []operation {
	return []operation{
		{
			name: "create_customs_shipment", method: http.MethodPost, path: "/customs/shipments", schema: schemaCustomsShipment,
			doc: `submit the customs data of a shipment (004 "POST Customs Shipment Parameters")`,
		},
		{
			name: "get_customs_shipment", method: http.MethodGet, path: "/customs/shipments/{shipment_id}",
			doc: `get the customs data of a shipment (004 "GET Customs Shipment")`,
		},
		{
			name: "list_customs_shipments", method: http.MethodGet, path: "/customs/shipments",
			query: []string{"shipment_id", "tracking_code"},
			doc:   `list customs shipments (004 "GET Customs Shipment")`,
		},
		{
			name: "update_customs_shipment", method: http.MethodPut, path: "/customs/shipments/{shipment_id}", schema: schemaCustomsShipmentUpdate,
			doc: `update the customs data of a shipment not yet in a manifest (004 "PUT Customs Shipment")`,
		},
		{
			name: "delete_customs_shipment", method: http.MethodDelete, path: "/customs/shipments/{shipment_id}", result: resultDeleted,
			doc: `delete the customs data of a shipment not yet in a manifest (004 "DELETE Customs Shipment")`,
		},
		{
			name: "create_customs_manifest", method: http.MethodPost, path: "/customs/manifests", schema: schemaCustomsManifest,
			doc: `declare customs shipments in a manifest, which locks them (000 "Workflow: Labels and Customs Creation")`,
		},
		{
			name: "get_customs_manifest", method: http.MethodGet, path: "/customs/manifests/{manifest_id}",
			doc: `get a customs manifest by its manifest_id (000 "Workflow: Labels and Customs Creation")`,
		},
	}
}
