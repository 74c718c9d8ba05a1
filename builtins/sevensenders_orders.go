package builtins

import "net/http"

// Schemas of the order bodies.
const (
	schemaOrder       = "order"
	schemaOrderUpdate = "order_update"
	schemaOrderState  = "order_state"
	schemaOrderItem   = "order_item"
)

// orderOperations are the builtins of orders, their states and items.
func orderOperations() []operation {
	return []operation{
		{
			name: "create_order", method: http.MethodPost, path: "/orders", schema: schemaOrder,
			doc: `create an order (002 "Create an Order")`,
		},
		{
			name: "get_order", method: http.MethodGet, path: "/orders/{id}",
			doc: `get an order by its 7S id (002 "Further Order Operations Available")`,
		},
		{
			name: "list_orders", method: http.MethodGet, path: "/orders",
			query: []string{"order_id", "state", "limit", "offset"},
			doc:   `list orders (002 "Further Order Operations Available")`,
		},
		{
			name: "update_order", method: http.MethodPut, path: "/orders/{id}", schema: schemaOrderUpdate,
			doc: `update an order, such as boarding_complete (003 "Step 4. Boarding Complete")`,
		},
		{
			name: "delete_order", method: http.MethodDelete, path: "/orders/{id}", result: resultDeleted,
			doc: `delete an order (002 "Further Order Operations Available")`,
		},
		{
			name: "create_order_state", method: http.MethodPost, path: "/order_states", schema: schemaOrderState,
			doc: `record a state of an order (002 "Update the State of an Order")`,
		},
		{
			name: "create_order_item", method: http.MethodPost, path: "/orders/{order_id}/items", schema: schemaOrderItem,
			doc: `add an item to an order (003 "Step 2.1. Order Items")`,
		},
	}
}
