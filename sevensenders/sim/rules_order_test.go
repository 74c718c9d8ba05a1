package sim

import (
	"testing"
)

// wantState is a check that the order has state and, if delayed, the
// delayed mark.
func wantState(id, state string, delayed bool) func(t *testing.T, c *client, _ any) {
	return func(t *testing.T, c *client, _ any) {
		t.Helper()
		o := c.must(200, "GET", "/v2/orders/"+id, nil).(Object)
		if field(o, "state") != state || (o["delayed"] == true) != delayed {
			t.Fatalf("order %s: state %q, delayed %v; want %q, %v", id, field(o, "state"), o["delayed"], state, delayed)
		}
	}
}

// orderRuleCases cover orders, their states and items.
func orderRuleCases() []ruleCase {
	return []ruleCase{
		{rule: ruleOrderIDUnique, name: "a second ORD-1", method: "POST", path: "/v2/orders", body: orderBody("ORD-1"),
			status: 409, message: `order "ORD-1" already exists`},
		{rule: ruleOrderIDUnique, name: "renaming to a used order_id", prep: func(c *client) { c.order("ORD-2") },
			method: "PUT", path: "/v2/orders/1000004", body: Object{"order_id": "ORD-1"}, status: 409, message: `order "ORD-1" already exists`},
		{rule: ruleOrderBy7SID, name: "PUT by the merchant's order_id", modes: inStrict, method: "PUT", path: "/v2/orders/ORD-1",
			body: Object{"boarding_complete": true}, status: 404, message: `order "ORD-1" has the id 1000001: use PUT /v2/orders/1000001`},
		{rule: ruleOrderBy7SID, name: "DELETE by the merchant's order_id", modes: inStrict, prep: func(c *client) { c.order("ORD-2") },
			method: "DELETE", path: "/v2/orders/ORD-2", status: 404, message: `order "ORD-2" has the id 1000004: use DELETE /v2/orders/1000004`},
		{rule: ruleOrderBy7SID, name: "PUT by the merchant's order_id", modes: inCompat, method: "PUT", path: "/v2/orders/ORD-1",
			body: Object{"boarding_complete": true}, status: 200,
			warnings: []string{`order-by-7s-id: order "ORD-1" has the id 1000001: use PUT /v2/orders/1000001`}},
		{rule: ruleOrderDeleteShipments, name: "an order with shipments", method: "DELETE", path: "/v2/orders/1000001",
			status: 409, message: `order "ORD-1" has 2 shipment(s); delete them first`},
		{rule: ruleOrderStateOrder, name: "an unknown order", method: "POST", path: "/v2/order_states",
			body: Object{"order_id": "NOPE", "state": "paid", "datetime": "2024-01-15T11:00:00Z"}, status: 422,
			message: `/order_id: order "NOPE" does not exist`},
		{rule: ruleOrderStateTransition, name: "shipped back to paid", method: "POST", path: "/v2/order_states",
			body: Object{"order_id": "ORD-1", "state": "paid", "datetime": "2024-01-15T11:00:00Z"}, status: 409,
			message: `order state cannot change from "shipped" to "paid"`},
		{rule: ruleOrderShipped, name: "the first shipment ships the order", check: wantState("ORD-1", stateShipped, false)},
		{rule: ruleOrderCompletion, name: "two shipments delivered, boarding_complete unset",
			prep: func(c *client) { c.deliver("1000002"); c.deliver("1000003") }, check: wantState("ORD-1", stateCompleted, false)},
		{rule: ruleOrderCompletion, name: "boarding_complete false never completes",
			prep: func(c *client) {
				c.must(200, "PUT", "/v2/orders/1000001", Object{"boarding_complete": false})
				c.deliver("1000002")
				c.deliver("1000003")
			}, check: wantState("ORD-1", stateShipped, false)},
		{rule: ruleOrderDelayedMark, name: "a delayed order still takes a state and completes",
			prep: func(c *client) {
				b := orderBody("ORD-2")
				b["promised_delivery_date"] = "2024-01-16T00:00:00Z"
				c.must(201, "POST", "/v2/orders", b)
				c.advance("24h")
				c.must(201, "POST", "/v2/order_states", Object{"order_id": "ORD-2", "state": "paid", "datetime": "2024-01-16T11:00:00Z"})
				c.deliver(c.shipment("ORD-2", "TC-2"))
			}, check: wantState("ORD-2", stateCompleted, true)},
		{rule: ruleItemProductExists, name: "an unknown sku", method: "POST", path: "/v2/orders/ORD-1/items",
			body: Object{"sku": "NOPE"}, status: 422, message: `/sku: no product with sku "NOPE"; create it with POST /v2/products first`},
		{rule: ruleItemShipmentOfOrder, name: "a shipment of another order",
			prep: func(c *client) {
				c.order("ORD-2")
				c.must(201, "POST", "/v2/products", Object{"sku": "SKU-1", "name": "Shirt"})
			},
			method: "POST", path: "/v2/orders/ORD-2/items", body: Object{"sku": "SKU-1", "shipment_id": "1000002"}, status: 422,
			message: `/shipment_id: shipment "1000002" is not a shipment of order "ORD-2"`},
		{rule: ruleProductSKUUnique, name: "a second SKU-1", prep: func(c *client) {
			c.must(201, "POST", "/v2/products", Object{"sku": "SKU-1", "name": "Shirt"})
		}, method: "POST", path: "/v2/products", body: Object{"sku": "SKU-1", "name": "Shirt"}, status: 409,
			message: `product "SKU-1" already exists`},
		{rule: ruleProductSKUFixed, name: "PUT another sku", prep: func(c *client) {
			c.must(201, "POST", "/v2/products", Object{"sku": "SKU-1", "name": "Shirt"})
		}, method: "PUT", path: "/v2/products/SKU-1", body: Object{"sku": "SKU-2", "name": "Shirt"}, status: 422,
			message: "/sku: the sku of a product cannot change"},
		{rule: ruleProductInUse, name: "a product of an order item", prep: func(c *client) {
			c.must(201, "POST", "/v2/products", Object{"sku": "SKU-1", "name": "Shirt"})
			c.must(201, "POST", "/v2/orders/ORD-1/items", Object{"sku": "SKU-1"})
		}, method: "DELETE", path: "/v2/products/SKU-1", status: 409, message: `product "SKU-1" is used by order items`},
	}
}
