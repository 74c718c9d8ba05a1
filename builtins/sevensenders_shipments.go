package builtins

import "net/http"

// Schemas of the shipment bodies.
const (
	schemaShipment       = "shipment"
	schemaShipmentUpdate = "shipment_update"
)

// shipmentOperations are the builtins of shipments and their tracking.
func shipmentOperations() []operation {
	return []operation{
		{
			name: "create_shipment", method: http.MethodPost, path: "/shipments", schema: schemaShipment,
			doc: `create a shipment (002 "Create a Shipment")`,
		},
		{
			name: "get_shipment", method: http.MethodGet, path: "/shipments/{id}",
			doc: `get a shipment by its 7S id (002 "Further Shipment Operations Available")`,
		},
		{
			name: "list_shipments", method: http.MethodGet, path: "/shipments",
			query: []string{"order_id", "tracking_code", "reference_number", "limit", "offset"},
			doc:   `list shipments (002 "Further Shipment Operations Available")`,
		},
		{
			name: "update_shipment", method: http.MethodPut, path: "/shipments/{id}", schema: schemaShipmentUpdate,
			doc: `update a shipment (002 "Further Shipment Operations Available")`,
		},
		{
			name: "delete_shipment", method: http.MethodDelete, path: "/shipments/{id}", result: resultDeleted,
			doc: `delete a shipment (002 "Further Shipment Operations Available")`,
		},
		{
			name: "tracking_history", method: http.MethodGet, path: "/shipments/{id}/tracking_history",
			doc: `list the tracking events of a shipment (002 "Additional Operations")`,
		},
	}
}
