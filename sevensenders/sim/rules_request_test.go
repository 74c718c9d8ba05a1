package sim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// shipmentWith is a valid shipment body of ORD-1 with tracking code
// TC-NEW, changed by f.
func shipmentWith(f func(b Object)) Object {
	b := shipmentBody("ORD-1", "TC-NEW")
	f(b)
	return b
}

// requestRuleCases cover reading a request, the lenient readings and
// the token.
func requestRuleCases() []ruleCase {
	order := func(f func(b Object)) Object {
		b := orderBody("ORD-NEW")
		f(b)
		return b
	}
	return []ruleCase{
		{rule: ruleJSONBody, name: "an array is no object", method: "POST", path: "/v2/orders", body: `[1]`,
			status: 400, message: "request body must be a JSON object"},
		{rule: ruleBodySize, name: "a body over 1 MiB", method: "POST", path: "/v2/orders",
			body: `{"order_id":"` + strings.Repeat("x", maxBody) + `"}`, status: 413, message: "request body is larger than 1048576 bytes"},
		{rule: ruleJSONDepth, name: "a 9,990-deep unknown field", method: "POST", path: "/v2/orders",
			body:   `{"order_id":"ORD-NEW","order_date":"2024-01-15T10:30:00Z","x":` + strings.Repeat("[", 9990) + strings.Repeat("]", 9990) + `}`,
			status: 400, message: "request body nests arrays and objects deeper than 32 levels",
			check: func(t *testing.T, c *client, _ any) {
				if status, _, _ := c.do("GET", "/v2/orders/ORD-NEW", nil); status != http.StatusNotFound {
					t.Errorf("the order was stored: GET answers %d", status)
				}
			}},
		{rule: ruleJSONDepth, name: "32 levels are accepted", method: "POST", path: "/v2/orders",
			body:   `{"order_id":"ORD-NEW","order_date":"2024-01-15T10:30:00Z","x":` + strings.Repeat(`{"a":`, 30) + `[]` + strings.Repeat("}", 30) + `}`,
			status: 201},
		{rule: ruleContentType, name: "a body without Content-Type", modes: inStrict, method: "POST", path: "/v2/orders",
			body: orderBody("ORD-NEW"), noType: true, status: 415,
			message: "request body sent with no Content-Type; send it as application/json"},
		{rule: ruleContentType, name: "a body without Content-Type", modes: inCompat, method: "POST", path: "/v2/orders",
			body: orderBody("ORD-NEW"), noType: true, status: 201,
			warnings: []string{"json-content-type: request body read as JSON, sent with no Content-Type"}},
		{rule: rulePathSpellings, name: "order-states and a .json suffix", method: "POST", path: "/v2/order-states.json",
			body: Object{"order_id": "1000001", "state": "refunded", "datetime": "2024-01-15T11:00:00Z"}, status: 201},
		{rule: ruleSchema, name: "an integer for a date", method: "POST", path: "/v2/orders",
			body: order(func(b Object) { b["order_date"] = 1705312800 }), status: 422,
			message: "request body breaks schema order: /order_date: must be a date-time such as 2024-01-15T10:30:00Z (RFC 3339), 2017-08-19T15:47:00+0000 or 15.08.2017 16:53:07 (002)"},
		{rule: ruleUnknownFields, name: "a shop's own field is kept", method: "POST", path: "/v2/orders",
			body: order(func(b Object) { b["shop_field"] = Object{"kept": true} }), status: 201,
			check: func(t *testing.T, c *client, v any) {
				if got := c.must(200, "GET", "/v2/orders/ORD-NEW", nil).(Object)["shop_field"]; got == nil {
					t.Errorf("shop_field not kept: %v", got)
				}
			}},
		{rule: ruleSpellings002, name: "carrier_name, +0000 and dd.mm.yyyy", method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) {
				b["carrier"] = Object{"carrier_name": "colissimo", "carrier_country": "fr"}
				b["planned_pickup_datetime"] = "16.01.2024 15:47:00"
				b["tracking_code"] = "TC-002"
			}), status: 201,
			check: func(t *testing.T, c *client, v any) {
				o := v.(Object)
				if c, _ := o["carrier"].(Object); c["name"] != "colissimo" || c["country"] != "FR" || len(c) != 2 || o["planned_pickup_datetime"] != "2024-01-16T15:47:00Z" {
					t.Errorf("stored as %v %v", o["carrier"], o["planned_pickup_datetime"])
				}
			}},
		{rule: ruleSpellings002, name: "In_preparation and an offset without a colon", method: "POST", path: "/v2/order_states",
			prep: func(c *client) { c.order("ORD-2") },
			body: Object{"order_id": "ORD-2", "state": "In_preparation", "datetime": "2024-01-15T11:00:00+0100"}, status: 201,
			check: func(t *testing.T, c *client, v any) {
				if field(v, "state") != stateInPreparation || c.state("ORD-2") != stateInPreparation {
					t.Errorf("state: %v", v)
				}
			}},
		{rule: rulePHPEmptyMap, name: "shipment_tag []", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["shipment_tag"] = []any{} }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema shipment: /shipment_tag: expected object, got array (rule php-empty-map, 002:73)"},
		{rule: rulePHPEmptyMap, name: "shipment_tag []", modes: inCompat, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["shipment_tag"] = []any{} }), status: 201,
			warnings: []string{"php-empty-map: /shipment_tag: [] read as an empty object {}"},
			check: func(t *testing.T, _ *client, v any) {
				if tag, isObj := v.(Object)["shipment_tag"].(Object); !isObj || len(tag) != 0 {
					t.Errorf("shipment_tag stored as %v", v.(Object)["shipment_tag"])
				}
			}},
		{rule: rulePHPEmptyMap, name: "order_tags [] is 002's Array", method: "POST", path: "/v2/orders",
			body: order(func(b Object) { b["order_tags"] = []any{} }), status: 201},
		{rule: ruleNullOptional, name: "comment null", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["comment"] = nil }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema shipment: /comment: expected string, got null (rule null-optional, 002:48, 004:14)"},
		{rule: ruleNullOptional, name: "comment null", modes: inCompat, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["comment"] = nil }), status: 201,
			warnings: []string{"null-optional: /comment: null read as absent"}},
		{rule: ruleNullOptional, name: "boarding_complete null is 002's", method: "POST", path: "/v2/orders",
			body: order(func(b Object) { b["boarding_complete"] = nil }), status: 201},
		{rule: ruleEmptyOptional, name: "reference_number empty next to a tracking code", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["reference_number"] = "" }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema shipment: /reference_number: must not be empty (rule empty-optional, 002:48, 004:14)"},
		{rule: ruleEmptyOptional, name: "reference_number empty twice", modes: inCompat, method: "POST", path: "/v2/shipments",
			prep: func(c *client) {
				c.must(201, "POST", "/v2/shipments", shipmentWith(func(b Object) { b["reference_number"], b["tracking_code"] = "", "TC-0" }))
			},
			body: shipmentWith(func(b Object) { b["reference_number"] = "" }), status: 201,
			warnings: []string{`empty-optional: /reference_number: "" read as absent`}},
		{rule: ruleEmptyOptional, name: "comment and company name empty are strings", method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["comment"], b["recipient_company_name"] = "", "" }), status: 201},
		{rule: ruleMandatoryPlaceholder, name: "warehouse_address empty", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["warehouse_address"] = "" }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema shipment: /warehouse_address: must not be empty (rule mandatory-placeholder, 002:48, 004:14)"},
		{rule: ruleMandatoryPlaceholder, name: "warehouse_address empty, weight 0", modes: inCompat, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["warehouse_address"], b["weight"] = "", 0 }), status: 201,
			warnings: []string{
				`mandatory-placeholder: /warehouse_address: "" for a mandatory field accepted, read as absent`,
				"mandatory-placeholder: /weight: 0 for a mandatory field accepted",
			}},
		{rule: ruleMandatoryPlaceholder, name: "never for a key", modes: inCompat, method: "POST", path: "/v2/orders",
			body: order(func(b Object) { b["order_id"] = "" }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema order: /order_id: must not be empty"},
		{rule: ruleDateTimeVariant, name: "a space and no offset", modes: inStrict, method: "POST", path: "/v2/orders",
			body: order(func(b Object) { b["order_date"] = "2026-11-30 05:47:49.375130" }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema order: /order_date: must be a date-time such as 2024-01-15T10:30:00Z (RFC 3339), 2017-08-19T15:47:00+0000 or 15.08.2017 16:53:07 (002) (rule date-time-variant, 002:18, 004:19)"},
		{rule: ruleDateTimeVariant, name: "a space and no offset", modes: inCompat, method: "POST", path: "/v2/orders",
			body: order(func(b Object) { b["order_date"] = "2026-11-30 05:47:49.375130" }), status: 201,
			warnings: []string{`date-time-variant: /order_date: "2026-11-30 05:47:49.375130" read as 2026-11-30T05:47:49.37513Z`}},
		{rule: ruleCarrierNameCase, name: "DHL", modes: inStrict, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["carrier"] = Object{"name": "DHL", "country": "DE"} }), status: 422, errRule: ruleSchema,
			message: "request body breaks schema shipment: /carrier/name: must be a carrier name from the 7S carrier table, such as dhl, dpd, ups or brt (rule carrier-name-case, 002:83)"},
		{rule: ruleCarrierNameCase, name: "DHL", modes: inCompat, method: "POST", path: "/v2/shipments",
			body: shipmentWith(func(b Object) { b["carrier"] = Object{"name": "DHL", "country": "DE"} }), status: 201,
			warnings: []string{`carrier-name-case: /carrier/name: "DHL" read as "dhl"`}},
		{rule: ruleCreatedIRI, name: "iri beside id", method: "POST", path: "/v2/orders", body: orderBody("ORD-NEW"), status: 201,
			check: func(t *testing.T, _ *client, v any) {
				if field(v, "iri") != "/v2/orders/1000004" || field(v, "id") != "1000004" {
					t.Errorf("201 body: %v", v)
				}
			}},
		{rule: ruleTokenAccessKey, name: "a wrong key, with an Authorization header", method: "POST", path: "/v2/token",
			body: Object{"access_key": "wrong"}, status: 401, message: "access_key is not valid"},
		{rule: ruleTokenAccessKey, name: "no rate limit and the header is ignored", check: checkTokenBurst},
		{rule: ruleTokenRequired, name: "no token", method: "GET", path: "/v2/orders", token: "-", status: 401,
			message: "missing bearer token; get one from POST /v2/token"},
		{rule: ruleTokenRequired, name: "an unknown token", method: "GET", path: "/v2/orders", token: "a.b.c", status: 401,
			message: "token is not valid; get one from POST /v2/token"},
		{rule: ruleTokenExpiry, name: "after 60 minutes", prep: func(c *client) { c.admin("/sim/clock", Object{"advance": "60m"}) },
			method: "GET", path: "/v2/orders", status: 401, message: "token expired at 2024-01-15T11:00:00Z; get a new one from POST /v2/token"},
		{rule: ruleTokenJWT, name: "three base64url parts with exp", check: checkJWT},
		{rule: ruleListPaging, name: "limit 0", method: "GET", path: "/v2/orders?limit=0", status: 400,
			message: `limit "0" must be a whole number from 1 to 500`},
		{rule: ruleOrderListFilters, name: "a date bound that is no date", method: "GET", path: "/v2/orders?order_date[before]=yesterday",
			status: 400, message: `order_date[before] "yesterday" is not an ISO-8601 date or time`},
		{rule: ruleOrderListFilters, name: "no match is an empty array", method: "GET", path: "/v2/orders?state=completed&order_date[after]=2024-01-01",
			status: 200, check: func(t *testing.T, _ *client, v any) {
				if l, isList := v.([]any); !isList || len(l) != 0 {
					t.Errorf("got %v, want []", v)
				}
			}},
		{rule: rulePudoQuery, name: "nothing to search by", method: "GET", path: "/v2/pudo/locations", status: 400,
			message: "give latitude and longitude, or country with zip or city"},
		{rule: rulePudoPlace, name: "an unknown zip", method: "GET", path: "/v2/pudo/locations?country=DE&zip=99999", status: 404,
			message: `no location known for country "DE", zip "99999", city ""`},
		{rule: ruleClockForward, name: "set to an earlier time", method: "POST", path: "/sim/clock", token: "-",
			body: Object{"set": "2024-01-15T09:00:00Z"}, status: 409,
			message: "the clock moves forward only: it is 2024-01-15T10:00:00Z, 2024-01-15T09:00:00Z is earlier"},
	}
}

// checkTokenBurst: wrong keys in a burst are each 401, then the right key
// with an expired token in the Authorization header gets a token.
func checkTokenBurst(t *testing.T, c *client, _ any) {
	old := c.token
	c.admin("/sim/clock", Object{"advance": "2h"})
	for range 20 {
		if status, _, _ := c.send("POST", "/v2/token", Object{"access_key": "wrong"}, old, true); status != http.StatusUnauthorized {
			t.Fatalf("a wrong key: %d, want 401", status)
		}
	}
	if status, _, v := c.send("POST", "/v2/token", Object{"access_key": "sim"}, old, true); status != http.StatusOK || field(v, "token") == "" {
		t.Fatalf("the right key with an expired token in Authorization: %d %v", status, v)
	}
}

// checkJWT: the token has a JWT's form, with exp 60 minutes after iat.
func checkJWT(t *testing.T, c *client, _ any) {
	parts := strings.Split(c.token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q has %d parts", c.token, len(parts))
	}
	var header, claims map[string]any
	for i, into := range []*map[string]any{&header, &claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
	}
	if _, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil || header["typ"] != "JWT" {
		t.Fatalf("header %v, signature %v", header, err)
	}
	if claims["exp"] != float64(t0.Unix()+3600) || claims["iat"] != float64(t0.Unix()) {
		t.Fatalf("claims %v", claims)
	}
}
