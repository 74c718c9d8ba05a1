package sevensenders

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

// Schemas of the order bodies.
const (
	schemaOrder       = "order"
	schemaOrderUpdate = "order_update"
	schemaOrderState  = "order_state"
	schemaOrderItem   = "order_item"
)

// pathOrders lists and creates orders.
const pathOrders = "/orders"

// orderOperations are the operations on orders, their states and items.
func orderOperations() []Operation {
	return []Operation{
		{
			Name: "create_order", Method: http.MethodPost, Path: pathOrders, Schema: schemaOrder,
			Key: "order_id", locate: locateOrder,
			Update: "/orders/{id}", UpdateSchema: schemaOrderUpdate,
			Doc: `create an order (002 "Create an Order")`,
		},
		{
			Name: "get_order", Method: http.MethodGet, Path: "/orders/{id}",
			Doc: `get an order by its 7S id (002 "Further Order Operations Available")`,
		},
		{
			Name: "list_orders", Method: http.MethodGet, Path: pathOrders,
			Query: []string{"order_id", "state", "limit", "offset"},
			Doc:   `list orders (002 "Further Order Operations Available")`,
		},
		{
			Name: "update_order", Method: http.MethodPut, Path: "/orders/{id}", Schema: schemaOrderUpdate,
			Doc: `update an order, such as boarding_complete (003 "Step 4. Boarding Complete")`,
		},
		{
			Name: "delete_order", Method: http.MethodDelete, Path: "/orders/{id}", Answer: AnswerNone,
			Doc: `delete an order (002 "Further Order Operations Available")`,
		},
		{
			Name: "create_order_state", Method: http.MethodPost, Path: "/order_states", Schema: schemaOrderState,
			Key: "order_id and state, in states_history", locate: locateOrderState,
			Doc: `record a state of an order (002 "Update the State of an Order")`,
		},
		{
			Name: "create_order_item", Method: http.MethodPost, Path: "/orders/{order_id}/items", Schema: schemaOrderItem,
			Key: "order_id and sku", locate: locateOrderItem,
			Doc: `add an item to an order (003 "Step 2.1. Order Items")`,
		},
	}
}

// locateOrder finds an order by the merchant's order_id.
//
// Seven Senders API docs: 002 "Further Order Operations Available" (GET /orders).
func locateOrder(c *Client, k createKeys) (lookupFunc, error) {
	id, err := k.need("order_id")
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Found, error) {
		o, err := c.findIn(ctx, pathOrders, "order_id", id)
		if err != nil || o == nil {
			return nil, err
		}
		return &Found{Resource: o.raw, Name: fmt.Sprintf("order %q", id), stored: o.obj, self: o.obj}, nil
	}, nil
}

// orderLifecycle lists the states an order passes through in order (003
// "Order Lifecycle Overview", with 001's warehouse_handover before
// in_preparation).
var orderLifecycle = []string{"new", "paid", "in_production", "warehouse_handover", "in_preparation", "shipped", "completed"}

// locateOrderState finds a state in the order's states_history: the state
// already recorded, or, for a state of the lifecycle, the order already
// past it (shipped when the run posts in_preparation), which the API would
// refuse to go back from. In that case the result is the order's latest
// entry and there is nothing to compare.
//
// Seven Senders API docs: 003 "Order API Workflow for Order Creation" (states_history), "Order Lifecycle Overview".
func locateOrderState(c *Client, k createKeys) (lookupFunc, error) {
	id, err := k.need("order_id")
	if err != nil {
		return nil, err
	}
	state, err := k.need("state")
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Found, error) {
		o, err := c.findIn(ctx, pathOrders, "order_id", id)
		if err != nil || o == nil {
			return nil, err
		}
		hist, _ := o.obj["states_history"].([]any)
		name := fmt.Sprintf("state %q of order %q", state, id)
		rank := slices.Index(orderLifecycle, state)
		var latest map[string]any
		passed := false
		for _, e := range hist {
			entry, _ := e.(map[string]any)
			if entry == nil {
				continue
			}
			s := scalarString(entry["state"])
			if s == state {
				return foundObject(name, entry, entry)
			}
			latest = entry
			if rank >= 0 && slices.Index(orderLifecycle, s) > rank {
				passed = true
			}
		}
		if !passed {
			return nil, nil
		}
		f, err := foundObject(name, latest, nil)
		if f != nil {
			f.passed = true
		}
		return f, err
	}, nil
}

// locateOrderItem finds an item of the order in the path by its sku.
//
// Seven Senders API docs: 003 "Step 2.1. Order Items" (GET /orders/{order_id}/items is assumed).
func locateOrderItem(c *Client, k createKeys) (lookupFunc, error) {
	orderID := k.params["order_id"]
	sku, err := k.need("sku")
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Found, error) {
		items, err := c.list(ctx, pathOrders+"/"+url.PathEscape(orderID)+"/items", nil)
		if err != nil || items == nil {
			return nil, err
		}
		for _, it := range items {
			if scalarString(it.obj["sku"]) == sku {
				return &Found{Resource: it.raw, Name: fmt.Sprintf("order item %q of order %q", sku, orderID), stored: it.obj}, nil
			}
		}
		return nil, nil
	}, nil
}
