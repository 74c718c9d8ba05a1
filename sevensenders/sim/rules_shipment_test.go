package sim

import (
	"testing"
)

// shipmentRuleCases cover shipments, the BRT workaround and labels.
func shipmentRuleCases() []ruleCase {
	return []ruleCase{
		{rule: ruleShipmentOrderExists, name: "an unknown order", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["order_id"] = "ORD-9" }), status: 422,
			message: `/order_id: order "ORD-9" does not exist; create it with POST /v2/orders first`},
		{rule: ruleShipmentOrderExists, name: "an unknown order", modes: inCompat, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["order_id"] = "ORD-9" }), status: 201,
			warnings: []string{`shipment-order-exists: /order_id: order "ORD-9" does not exist; created it with the shipment`},
			check:    wantState("ORD-9", stateShipped, false)},
		{rule: ruleShipmentOrderOpen, name: "a cancelled order", prep: func(c *client) {
			c.order("ORD-2")
			c.must(201, "POST", "/v2/order_states", Object{"order_id": "ORD-2", "state": "cancelled", "datetime": "2024-01-15T11:00:00Z"})
		}, method: "POST", path: "/v2/shipments", body: shipmentWith(func(b Object) { b["order_id"] = "ORD-2" }), status: 409,
			message: `order "ORD-2" is cancelled; it takes no more shipments`},
		{rule: ruleShipmentCarrierTable, name: "royalmail in DE", method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["carrier"] = Object{"name": "royalmail", "country": "DE"} }), status: 422,
			message: `/carrier/name: carrier "royalmail" does not serve country "DE" (see GET /v2/carriers)`},
		{rule: ruleShipmentUniqueCodes, name: "TC-1 again", method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["tracking_code"] = "TC-1" }), status: 409,
			message: `tracking_code "TC-1" is already used by shipment 1000002`},
		{rule: ruleShipmentBy7SID, name: "PUT by the tracking code", modes: inStrict, method: "PUT", path: "/v2/shipments/TC-1",
			body: Object{"comment": "fragile"}, status: 404,
			message: `shipment with tracking_code "TC-1" has the id 1000002: use PUT /v2/shipments/1000002`},
		{rule: ruleShipmentBy7SID, name: "DELETE by the reference number", modes: inCompat, method: "DELETE", path: "/v2/shipments/REF-1",
			status: 204, warnings: []string{`shipment-by-7s-id: shipment with reference_number "REF-1" has the id 1000003: use DELETE /v2/shipments/1000003`}},
		{rule: ruleShipmentOneOrder, name: "move to another order", prep: func(c *client) { c.order("ORD-2") },
			method: "PUT", path: "/v2/shipments/1000002", body: Object{"order_id": "ORD-2"}, status: 409,
			message: `shipment 1000002 belongs to order "ORD-1"; it cannot move to "ORD-2"`},
		{rule: ruleShipmentDelCustoms, name: "a shipment with a customs shipment",
			prep:   func(c *client) { c.must(201, "POST", "/v2/customs/shipments", c.customsOf("1000002", "GB", "DAP")) },
			method: "DELETE", path: "/v2/shipments/1000002", status: 409, message: "shipment 1000002 has a customs shipment; delete it first"},
		{rule: ruleAddressLineBreaks, name: "a line break in recipient_address", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["recipient_address"] = "Strand 50\nFlat 2" }), status: 422,
			message: `/recipient_address: "Strand 50\nFlat 2" has a line break; 002 asks for one line`},
		{rule: ruleAddressLineBreaks, name: "a line break in warehouse_address", modes: inCompat, method: "PUT", path: "/v2/shipments/1000002",
			body: Object{"warehouse_address": "Kochhannstr. 38\r\n10247 Berlin"}, status: 200,
			warnings: []string{`address-line-breaks: /warehouse_address: "Kochhannstr. 38\r\n10247 Berlin" has a line break; 002 asks for one line; stored as sent`}},
		{rule: ruleWarehouseDefined, name: "a warehouse of another account", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["warehouse"] = "Lager Süd" }), status: 422,
			message: `/warehouse: warehouse "Lager Süd" is not a warehouse of the account (defined: "Main Warehouse", "Main Warehouse Vienna")`},
		{rule: ruleWarehouseDefined, name: "a warehouse of another account", modes: inCompat, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["warehouse"] = "Lager Süd" }), status: 201,
			warnings: []string{`warehouse-defined: /warehouse: warehouse "Lager Süd" is not a warehouse of the account (defined: "Main Warehouse", "Main Warehouse Vienna"); stored as sent`}},
		{rule: ruleWarehouseDefined, name: "a warehouse set through the admin API", prep: func(c *client) {
			c.admin("/sim/warehouses", Object{"name": "Lager Süd", "address": "Industriestr. 1 80331 München", "country": "DE"})
		}, method: "POST", path: "/v2/shipments", body: shipmentWith(func(b Object) { b["warehouse"] = "Lager Süd" }), status: 201},
		{rule: ruleBRTHubScan, name: "the hub scan brings the tracking code", check: checkHubScan},
		{rule: ruleLabelOrder, name: "no order and none inline", method: "POST", path: "/v2/labels",
			body: shipmentWith(func(b Object) { b["order_id"] = "ORD-9" }), status: 422,
			message: `/order_id: order "ORD-9" does not exist; create it first or send it inline in "order"`},
		{rule: ruleLabelReuse, name: "the same reference number within 48 hours", check: checkLabelReuse},
	}
}

// checkHubScan: a BRT shipment gets the event's tracking code, visible in
// GET, the list filter and the tracking history; another one without a
// code in the event gets BRT and its id.
func checkHubScan(t *testing.T, c *client, _ any) {
	if status, v := c.admin("/sim/shipments/1000003/events", Object{"status": "hub_scan", "tracking_code": "BRT-0001"}); status != 201 {
		t.Fatalf("hub scan: %d %v", status, v)
	}
	if got := c.must(200, "GET", "/v2/shipments/1000003", nil); field(got, "tracking_code") != "BRT-0001" || field(got, "status") != statusHubScan {
		t.Fatalf("after the hub scan: %v", got)
	}
	if l := c.must(200, "GET", "/v2/shipments?tracking_code=BRT-0001", nil).([]any); len(l) != 1 || field(l[0], "id") != "1000003" {
		t.Fatalf("list filter: %v", l)
	}
	hist := c.must(200, "GET", "/v2/shipments/1000003/tracking_history", nil).([]any)
	if last := hist[len(hist)-1]; field(last, "status") != statusHubScan || field(last, "tracking_code") != "BRT-0001" {
		t.Fatalf("tracking history: %v", hist)
	}
	if status, v := c.admin("/sim/shipments/1000003/events", Object{"status": "hub_scan", "tracking_code": "BRT-0002"}); status != 409 {
		t.Fatalf("another code for the same shipment: %d %v", status, v)
	}
	brt := shipmentBody("ORD-1", "")
	delete(brt, "tracking_code")
	delete(brt, "carrier")
	brt["reference_number"] = "REF-2"
	id := field(c.must(201, "POST", "/v2/shipments", brt), "id")
	c.admin("/sim/shipments/"+id+"/events", Object{"status": "hub_scan"})
	if got := c.must(200, "GET", "/v2/shipments/"+id, nil); field(got, "tracking_code") != "BRT"+id {
		t.Fatalf("generated code: %v", got)
	}
}

// checkLabelReuse: a second label with the same reference number within
// 48 hours is the first one (200).
func checkLabelReuse(t *testing.T, c *client, _ any) {
	b := shipmentWith(func(b Object) { delete(b, "tracking_code"); b["reference_number"] = "REF-L" })
	first := c.must(201, "POST", "/v2/labels", b)
	second := c.must(200, "POST", "/v2/labels", b)
	if field(first, "id") != field(second, "id") {
		t.Fatalf("labels %v and %v", first, second)
	}
}
