package sevensenders

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Schemas of the customs bodies.
const (
	schemaCustomsShipment       = "customs_shipment"
	schemaCustomsShipmentUpdate = "customs_shipment_update"
	schemaCustomsManifest       = "customs_manifest"
)

// Paths of the customs collections.
const (
	pathCustomsShipments = "/customs/shipments"
	pathCustomsManifests = "/customs/manifests"
)

// customsOperations are the operations on customs shipments and
// manifests.
func customsOperations() []Operation {
	return []Operation{
		{
			Name: "create_customs_shipment", Method: http.MethodPost, Path: pathCustomsShipments, Schema: schemaCustomsShipment,
			Key: "shipment_id", locate: locateCustoms,
			Update: "/customs/shipments/{shipment_id}", UpdateSchema: schemaCustomsShipmentUpdate,
			Doc: `submit the customs data of a shipment (004 "POST Customs Shipment Parameters")`,
		},
		{
			Name: "get_customs_shipment", Method: http.MethodGet, Path: "/customs/shipments/{shipment_id}",
			Doc: `get the customs data of a shipment (004 "GET Customs Shipment")`,
		},
		{
			Name: "list_customs_shipments", Method: http.MethodGet, Path: pathCustomsShipments,
			Query: []string{"shipment_id", "tracking_code"},
			Doc:   `list customs shipments (004 "GET Customs Shipment")`,
		},
		{
			Name: "update_customs_shipment", Method: http.MethodPut, Path: "/customs/shipments/{shipment_id}", Schema: schemaCustomsShipmentUpdate,
			Doc: `update the customs data of a shipment not yet in a manifest (004 "PUT Customs Shipment")`,
		},
		{
			Name: "delete_customs_shipment", Method: http.MethodDelete, Path: "/customs/shipments/{shipment_id}", Answer: AnswerNone,
			Doc: `delete the customs data of a shipment not yet in a manifest (004 "DELETE Customs Shipment")`,
		},
		{
			Name: "create_customs_manifest", Method: http.MethodPost, Path: pathCustomsManifests, Schema: schemaCustomsManifest,
			Key: "shipment_ids, via their manifest_id", locate: locateManifest,
			Doc: `declare customs shipments in a manifest, which locks them (000 "Workflow: Labels and Customs Creation")`,
		},
		{
			Name: "get_customs_manifest", Method: http.MethodGet, Path: "/customs/manifests/{manifest_id}",
			Doc: `get a customs manifest by its manifest_id (000 "Workflow: Labels and Customs Creation")`,
		},
	}
}

// locateCustoms finds the customs shipment of a shipment by its 7S
// shipment_id. One declared in a customs manifest is locked.
//
// Seven Senders API docs: 004 "GET Customs Shipment", "PUT Customs Shipment".
func locateCustoms(c *Client, k createKeys) (lookupFunc, error) {
	sid, err := k.need("shipment_id")
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Found, error) {
		cs, err := c.findIn(ctx, pathCustomsShipments, "shipment_id", sid)
		if err != nil || cs == nil {
			return nil, err
		}
		f := &Found{Resource: cs.raw, Name: "customs shipment of shipment " + sid, stored: cs.obj, self: cs.obj}
		if m := scalarString(cs.obj["manifest_id"]); m != "" {
			f.Locked = fmt.Sprintf("is declared in manifest %q", m)
		}
		return f, nil
	}, nil
}

// locateManifest finds the customs manifest that declares the shipments:
// the manifest_id of their customs shipments, then that manifest. A
// manifest cannot change.
//
// Seven Senders API docs: 000 "Workflow: Labels and Customs Creation", 004 "GET Customs Shipment".
func locateManifest(c *Client, k createKeys) (lookupFunc, error) {
	ids, _ := k.body["shipment_ids"].([]any)
	var sids []string
	for _, v := range ids {
		if s := scalarString(v); s != "" {
			sids = append(sids, s)
		}
	}
	if len(sids) == 0 {
		return nil, fmt.Errorf("%w: shipment_ids", ErrNoKey)
	}
	return func(ctx context.Context) (*Found, error) {
		for _, sid := range sids {
			cs, err := c.findIn(ctx, pathCustomsShipments, "shipment_id", sid)
			if err != nil {
				return nil, err
			}
			if cs == nil {
				continue
			}
			mid := scalarString(cs.obj["manifest_id"])
			if mid == "" {
				continue
			}
			m, err := c.get(ctx, pathCustomsManifests+"/"+url.PathEscape(mid))
			if err != nil || m == nil {
				return nil, err
			}
			return &Found{Resource: m.raw, Name: fmt.Sprintf("customs manifest %q", mid), stored: m.obj}, nil
		}
		return nil, nil
	}, nil
}
