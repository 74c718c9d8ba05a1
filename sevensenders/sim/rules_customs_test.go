package sim

// customsWith is a valid customs body of shipment 1000002 (ORD-1,
// TC-1, GB, DAP), changed by f.
func customsWith(f func(b, sku Object)) Object {
	b := customsBody("1000002", "ORD-1", "GB", "DAP")
	f(b, b["skus"].([]any)[0].(Object))
	return b
}

// declared creates the customs shipment of 1000002 and the manifest M-1
// that declares it.
func declared(c *client) {
	c.must(201, "POST", "/v2/customs/shipments", customsWith(func(_, _ Object) {}))
	c.must(201, "POST", "/v2/customs/manifests", Object{"manifest_id": "M-1", "shipment_ids": []any{"1000002"}, "pieces": 1})
}

// customsRuleCases cover customs shipments and manifests.
func customsRuleCases() []ruleCase {
	return []ruleCase{
		{rule: ruleShipmentIDString, name: "a number for shipment_id", modes: inStrict, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["shipment_id"] = 1000002 }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema customs_shipment: /shipment_id: expected string, got number (rule shipment-id-string, 004:16)"},
		{rule: ruleShipmentIDString, name: "a number for shipment_id", modes: inCompat, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["shipment_id"] = 1000002 }), status: 201,
			warnings: []string{`shipment-id-string: /shipment_id: 1000002 read as "1000002"`}},
		{rule: ruleCustomsShipment, name: "an unknown shipment", method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["shipment_id"] = "999" }), status: 422, message: `/shipment_id: shipment "999" does not exist`},
		{rule: ruleCustomsOrderMatches, name: "another order", prep: func(c *client) { c.order("ORD-2") }, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["order_id"] = "ORD-2" }), status: 422,
			message: `/order_id: shipment 1000002 belongs to order "ORD-1", not "ORD-2"`},
		{rule: ruleCustomsWeights, name: "a single weight", method: "POST", path: "/v2/customs/shipments",
			body:   customsWith(func(b, _ Object) { delete(b, "net_weight"); delete(b, "gross_weight"); b["weight"] = 321.5 }),
			status: 422, errRule: ruleSchema, message: "request body breaks schema customs_shipment: /gross_weight: required (and more)"},
		{rule: ruleCustomsConditional, name: "GB without net values", method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(_, sku Object) { delete(sku, "net_value") }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema customs_shipment: /skus/0/net_value: required when recipient country is GB (or give total_net_value)"},
		{rule: ruleCustomsSKUIDs, name: "two SKUs with id 1", method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, sku Object) { b["skus"] = []any{sku, cloneObject(sku)} }), status: 422,
			message: "/skus/1/id: sku id 1 is used twice; ids must be unique"},
		{rule: ruleCustomsTrackingCode, name: "a reference number for the tracking code", modes: inStrict, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["shipment_id"], b["tracking_code"] = "1000003", "REF-1" }), status: 422,
			message: `/tracking_code: shipment 1000003 has no tracking code yet (BRT: it comes with the hub scan); "REF-1" is not its outbound tracking code`},
		{rule: ruleCustomsTrackingCode, name: "another tracking code", modes: inStrict, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["tracking_code"] = "TC-9" }), status: 422,
			message: `/tracking_code: "TC-9" is not the outbound tracking code of shipment 1000002 ("TC-1")`},
		{rule: ruleCustomsTrackingCode, name: "another tracking code", modes: inCompat, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["tracking_code"] = "TC-9" }), status: 201,
			warnings: []string{`customs-tracking-code: /tracking_code: "TC-9" is not the outbound tracking code of shipment 1000002 ("TC-1"); stored as sent`}},
		{rule: ruleCustomsCountry, name: "another recipient country", modes: inStrict, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["recipient"].(Object)["country"] = "CH" }), status: 422,
			message: `/recipient/country: "CH" is not the recipient country of shipment 1000002 ("GB")`},
		{rule: ruleCustomsCountry, name: "another recipient country", modes: inCompat, method: "POST", path: "/v2/customs/shipments",
			body: customsWith(func(b, _ Object) { b["recipient"].(Object)["country"] = "CH" }), status: 201,
			warnings: []string{`customs-recipient-country: /recipient/country: "CH" is not the recipient country of shipment 1000002 ("GB"); stored as sent`}},
		{rule: ruleCustomsOnePerShip, name: "a second one", prep: func(c *client) {
			c.must(201, "POST", "/v2/customs/shipments", customsWith(func(_, _ Object) {}))
		}, method: "POST", path: "/v2/customs/shipments", body: customsWith(func(_, _ Object) {}), status: 409,
			message: "shipment 1000002 already has a customs shipment; update it with PUT"},
		{rule: ruleCustomsIDFixed, name: "another shipment_id", prep: func(c *client) {
			c.must(201, "POST", "/v2/customs/shipments", customsWith(func(_, _ Object) {}))
		}, method: "PUT", path: "/v2/customs/shipments/1000002", body: Object{"shipment_id": "1000003"}, status: 422,
			message: "/shipment_id: the shipment_id of a customs shipment cannot change"},
		{rule: ruleCustomsLocked, name: "PUT after the manifest", prep: declared, method: "PUT", path: "/v2/customs/shipments/1000002",
			body: Object{"invoice_id": "INV-2"}, status: 409,
			message: `shipment 1000002 is declared in customs manifest "M-1" and cannot change`},
		{rule: ruleManifestIDUnique, name: "M-1 again", prep: declared, method: "POST", path: "/v2/customs/manifests",
			body: Object{"manifest_id": "M-1", "shipment_ids": []any{"1000003"}, "pieces": 1}, status: 409,
			message: `customs manifest "M-1" already exists`},
		{rule: ruleManifestShipments, name: "a shipment without customs", method: "POST", path: "/v2/customs/manifests",
			body: Object{"manifest_id": "M-2", "shipment_ids": []any{"1000003"}, "pieces": 1}, status: 422,
			message: `/shipment_ids/0: shipment "1000003" has no customs shipment; POST /v2/customs/shipments first`},
		{rule: ruleManifestOnce, name: "declared in M-1", prep: declared, method: "POST", path: "/v2/customs/manifests",
			body: Object{"manifest_id": "M-2", "shipment_ids": []any{"1000002"}, "pieces": 1}, status: 409,
			message: `shipment "1000002" is already declared in customs manifest "M-1"`},
		{rule: ruleManifestLocked, name: "DELETE a manifest", prep: declared, method: "DELETE", path: "/v2/customs/manifests/M-1",
			status: 409, message: `customs manifest "M-1" cannot be changed or deleted`},
	}
}
