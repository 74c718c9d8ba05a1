package sim

import "testing"

// TestClientSendsCarrierNameInCapitals: DHL for dhl.
func TestClientSendsCarrierNameInCapitals(t *testing.T) {
	runClientCases(t, []clientCase{
		{name: "DHL", path: "/v2/shipments", body: shipmentWith(func(b Object) { b["carrier"] = Object{"name": "DHL", "country": "de"} }),
			compatStatus: 201, warnings: []string{`carrier-name-case: /carrier/name: "DHL" read as "dhl"`},
			strictStatus: 422, strictRules: []string{ruleSchema, ruleCarrierNameCase}},
		{name: "002's keys in capitals", path: "/v2/shipments",
			body:         shipmentWith(func(b Object) { b["carrier"] = Object{"carrier_name": "Colissimo", "carrier_country": "FR"} }),
			compatStatus: 201, warnings: []string{`carrier-name-case: /carrier/carrier_name: "Colissimo" read as "colissimo"`},
			strictStatus: 422, strictRules: []string{ruleSchema, ruleCarrierNameCase}},
	})
}

// TestClientSendsDateTimesItsOwnWay: a database's date-time as it comes,
// with a space, fractional seconds, no offset.
func TestClientSendsDateTimesItsOwnWay(t *testing.T) {
	order := func(date any) Object { return Object{"order_id": "ORD-2", "order_date": date} }
	runClientCases(t, []clientCase{
		{name: "a space, microseconds, no offset", path: "/v2/orders", body: order("2026-11-30 05:47:49.375130"),
			compatStatus: 201, warnings: []string{`date-time-variant: /order_date: "2026-11-30 05:47:49.375130" read as 2026-11-30T05:47:49.37513Z`},
			strictStatus: 422, strictRules: []string{ruleSchema, ruleDateTimeVariant}},
		{name: "no offset", path: "/v2/orders", body: order("2024-01-15T10:30:00"),
			compatStatus: 201, warnings: []string{`date-time-variant: /order_date: "2024-01-15T10:30:00" read as 2024-01-15T10:30:00Z`},
			strictStatus: 422, strictRules: []string{ruleSchema, ruleDateTimeVariant}},
		{name: "fractional seconds in RFC 3339", path: "/v2/orders", body: order("2022-08-01T10:10:10.933Z"),
			compatStatus: 201, strictStatus: 201},
		{name: "002's dd.mm.yyyy", path: "/v2/orders", body: order("15.01.2024 10:30:00"), compatStatus: 201, strictStatus: 201},
		{name: "an integer stays wrong", path: "/v2/orders", body: order(1705314600),
			compatStatus: 422, strictStatus: 422, strictRules: []string{ruleSchema}},
	})
}

// TestClientSendsNullForFieldsItLacks: null for an optional field is
// absent; null, "" or 0 for a mandatory one is accepted with a warning.
func TestClientSendsNullForFieldsItLacks(t *testing.T) {
	runClientCases(t, []clientCase{
		{name: "optional", path: "/v2/shipments", body: shipmentWith(func(b Object) { b["recipient_phone"], b["carrier_service"] = nil, nil }),
			compatStatus: 201, warnings: []string{"null-optional: /carrier_service: null read as absent", "null-optional: /recipient_phone: null read as absent"},
			strictStatus: 422, strictRules: []string{ruleSchema, ruleNullOptional, ruleNullOptional}},
		{name: "mandatory", path: "/v2/shipments", body: shipmentWith(func(b Object) { b["recipient_email"], b["recipient_city"], b["weight"] = nil, "", 0 }),
			compatStatus: 201, warnings: []string{
				`mandatory-placeholder: /recipient_city: "" for a mandatory field accepted, read as absent`,
				"mandatory-placeholder: /recipient_email: null for a mandatory field accepted, read as absent",
				"mandatory-placeholder: /weight: 0 for a mandatory field accepted",
			},
			strictStatus: 422, strictRules: []string{ruleSchema, ruleMandatoryPlaceholder, ruleMandatoryPlaceholder, ruleMandatoryPlaceholder}},
		{name: "a key", path: "/v2/shipments", body: shipmentWith(func(b Object) { b["order_id"] = nil }),
			compatStatus: 422, strictStatus: 422, strictRules: []string{ruleSchema}},
	})
}

// TestClientPostsWithoutContentType: a JSON body without Content-Type.
func TestClientPostsWithoutContentType(t *testing.T) {
	runClientCases(t, []clientCase{
		{name: "an order", path: "/v2/orders", body: orderBody("ORD-2"), noType: true,
			compatStatus: 201, warnings: []string{"json-content-type: request body read as JSON, sent with no Content-Type"},
			strictStatus: 415, strictRules: []string{ruleContentType}},
	})
}
