package sevensenders

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Schemas of the shipment and label bodies.
const (
	schemaShipment       = "shipment"
	schemaShipmentUpdate = "shipment_update"
	schemaLabel          = "label"
)

// pathShipments lists and creates shipments.
const pathShipments = "/shipments"

// shipmentOperations are the operations on shipments and their tracking.
func shipmentOperations() []Operation {
	return []Operation{
		{
			Name: "create_shipment", Method: http.MethodPost, Path: pathShipments, Schema: schemaShipment,
			Key: "reference_number or tracking_code", locate: locateShipment,
			Update: "/shipments/{id}", UpdateSchema: schemaShipmentUpdate,
			// 002 "Create a Shipment": a shipment is linked to one order.
			Fixed: []string{"order_id"},
			Doc:   `create a shipment (002 "Create a Shipment")`,
		},
		{
			Name: "get_shipment", Method: http.MethodGet, Path: "/shipments/{id}",
			Doc: `get a shipment by its 7S id (002 "Further Shipment Operations Available")`,
		},
		{
			Name: "list_shipments", Method: http.MethodGet, Path: pathShipments,
			Query: []string{"order_id", "tracking_code", "reference_number", "limit", "offset"},
			Doc:   `list shipments (002 "Further Shipment Operations Available")`,
		},
		{
			Name: "update_shipment", Method: http.MethodPut, Path: "/shipments/{id}", Schema: schemaShipmentUpdate,
			Doc: `update a shipment (002 "Further Shipment Operations Available")`,
		},
		{
			Name: "delete_shipment", Method: http.MethodDelete, Path: "/shipments/{id}", Answer: AnswerNone,
			Doc: `delete a shipment (002 "Further Shipment Operations Available")`,
		},
		{
			Name: "tracking_history", Method: http.MethodGet, Path: "/shipments/{id}/tracking_history",
			Doc: `list the tracking events of a shipment (002 "Additional Operations")`,
		},
	}
}

// labelOperations are the operations on labels.
func labelOperations() []Operation {
	return []Operation{
		{
			Name: "create_label", Method: http.MethodPost, Path: "/labels", Schema: schemaLabel,
			Key: "its shipment's reference_number or tracking_code", locate: locateLabel,
			// The order a synchronous label made inline is an order
			// like any other (002 PUT /orders/{id}); the label and its
			// shipment cannot change.
			Update: "/orders/{id}", UpdateSchema: schemaOrderUpdate, UpdatePart: "order",
			Doc: `create a shipment and its label (000 "Workflow: Synchronous Order and Labels Creation")`,
		},
		{
			Name: "download_label", Method: http.MethodGet, Path: "/label-download/{id}", Answer: AnswerFile,
			Doc: `download a label's file (000 "Label Workflow")`,
		},
	}
}

// shipmentKey returns the merchant's key of a shipment: reference_number
// if the body has one, else tracking_code (002 "Create a Shipment", the
// BRT workaround).
func shipmentKey(k createKeys) (name, value string, err error) {
	for _, name := range []string{"reference_number", "tracking_code"} {
		if v := k.str(name); v != "" {
			return name, v, nil
		}
	}
	return "", "", fmt.Errorf("%w: reference_number or tracking_code", ErrNoKey)
}

// locateShipment finds a shipment by reference_number or tracking_code.
//
// Seven Senders API docs: 002 "Further Shipment Operations Available" (GET /shipments).
func locateShipment(c *Client, k createKeys) (lookupFunc, error) {
	name, value, err := shipmentKey(k)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Found, error) {
		s, err := c.findIn(ctx, pathShipments, name, value)
		if err != nil || s == nil {
			return nil, err
		}
		what := fmt.Sprintf("shipment %s (%s %q)", scalarString(s.obj["id"]), name, value)
		return &Found{Resource: s.raw, Name: what, stored: s.obj, self: s.obj}, nil
	}, nil
}

// locateLabel finds the label a POST /labels made through the shipment it
// made, found by reference_number or tracking_code, which names its label
// in label_id. The result is the label as POST /labels answers it, without
// the format and created_at, which only the label knows. A label request
// is compared with the shipment, and its inline order with the order,
// which alone can be updated; its format is not compared. A shipment without a label_id is an error:
// the label is unknown, and sending the create could make a second one.
//
// Seven Senders API docs: 000 "Label Workflow" (POST Labels, GET Label-Download).
func locateLabel(c *Client, k createKeys) (lookupFunc, error) {
	name, value, err := shipmentKey(k)
	if err != nil {
		return nil, err
	}
	_, inline := k.body["order"].(map[string]any)
	return func(ctx context.Context) (*Found, error) {
		s, err := c.findIn(ctx, pathShipments, name, value)
		if err != nil || s == nil {
			return nil, err
		}
		shipID := scalarString(s.obj["id"])
		labelID := scalarString(s.obj["label_id"])
		if labelID == "" {
			return nil, fmt.Errorf("shipment %s (%s %q) exists but names no label_id", shipID, name, value)
		}
		stored := map[string]any{}
		for key, v := range s.obj {
			stored[key] = v
		}
		orderID := scalarString(s.obj["order_id"])
		var order map[string]any
		if inline {
			o, err := c.findIn(ctx, pathOrders, "order_id", orderID)
			if err != nil {
				return nil, err
			}
			if o != nil {
				order = o.obj
				stored["order"] = order
			}
		}
		label := map[string]any{
			"id":            labelID,
			"shipment_id":   s.obj["id"],
			"order_id":      orderID,
			"tracking_code": s.obj["tracking_code"],
			"download_url":  c.base.String() + "/label-download/" + url.PathEscape(labelID),
		}
		what := fmt.Sprintf("label %s of shipment %s (%s %q)", labelID, shipID, name, value)
		f, err := foundObject(what, label, nil)
		if f != nil {
			f.stored = stored
			f.self = order
			f.unchecked = []string{"format"}
		}
		return f, err
	}, nil
}
