package sim

import (
	"reflect"
	"testing"
)

// TestShipmentRules covers POST /v2/shipments: the schema, the order,
// the carrier table and uniqueness, both sides.
func TestShipmentRules(t *testing.T) {
	c := setup(t)
	c.order("ORD-1")
	c.shipment("ORD-1", "TC-1")
	mod := func(f func(Object)) Object {
		b := shipmentBody("ORD-1", "TC-NEW")
		f(b)
		return b
	}
	tests := []struct {
		name    string
		body    Object
		status  int
		message string
	}{
		{"valid", mod(func(Object) {}), 201, ""},
		{"002 carrier keys", mod(func(b Object) {
			b["tracking_code"] = "TC-002"
			b["carrier"] = Object{"carrier_name": "colissimo", "carrier_country": "fr"}
		}), 201, ""},
		{"BRT workaround", mod(func(b Object) {
			delete(b, "tracking_code")
			delete(b, "carrier")
			b["reference_number"] = "REF-1"
		}), 201, ""},
		{"warehouse not of the account", mod(func(b Object) { b["tracking_code"] = "TC-W"; b["warehouse"] = "Nowhere" }), 422,
			`/warehouse: warehouse "Nowhere" is not a warehouse of the account (defined: "Main Warehouse", "Main Warehouse Vienna")`},
		{"warehouse in another case", mod(func(b Object) { b["tracking_code"] = "TC-W"; b["warehouse"] = "main warehouse" }), 422,
			`/warehouse: warehouse "main warehouse" is not a warehouse of the account (defined: "Main Warehouse", "Main Warehouse Vienna")`},
		{"empty comment", mod(func(b Object) { b["tracking_code"] = "TC-E"; b["comment"] = "" }), 201, ""},
		{"line break in the address", mod(func(b Object) { b["recipient_address"] = "Strand 50\nFlat 2" }), 422,
			`/recipient_address: "Strand 50\nFlat 2" has a line break; 002 asks for one line`},
		{"unknown order", mod(func(b Object) { b["order_id"] = "NEW-ORDER"; b["tracking_code"] = "TC-N" }), 422,
			`/order_id: order "NEW-ORDER" does not exist; create it with POST /v2/orders first`},
		{"carrier not in country", mod(func(b Object) { b["carrier"] = Object{"name": "royalmail", "country": "DE"} }), 422,
			`/carrier/name: carrier "royalmail" does not serve country "DE" (see GET /v2/carriers)`},
		{"country without carriers", mod(func(b Object) { b["carrier"] = Object{"name": "dhl", "country": "US"} }), 422,
			`/carrier/country: no carriers in country "US" (see GET /v2/carriers)`},
		{"duplicate tracking code", mod(func(b Object) { b["tracking_code"] = "TC-1" }), 409,
			`tracking_code "TC-1" is already used by shipment 1000002`},
		{"missing weight", mod(func(b Object) { delete(b, "weight") }), 422, "request body breaks schema shipment: /weight: required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do("POST", "/v2/shipment", tc.body)
			_, msg, _ := errorOf(v)
			if status != tc.status || (tc.status >= 400 && msg != tc.message) {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
	// A refused shipment leaves no order behind.
	if status, _, _ := c.do("GET", "/v2/orders/NEW-ORDER", nil); status != 404 {
		t.Errorf("GET /v2/orders/NEW-ORDER = %d, want 404: a refused shipment must not create its order", status)
	}
	// A cancelled or refunded order takes no more shipments.
	c.order("ORD-2")
	c.must(201, "POST", "/v2/order_states", Object{"order_id": "ORD-2", "state": "paid", "datetime": "2024-01-15T11:00:00Z"})
	c.must(201, "POST", "/v2/order_states", Object{"order_id": "ORD-2", "state": "refunded", "datetime": "2024-01-15T11:00:00Z"})
	c.must(409, "POST", "/v2/shipments", shipmentBody("ORD-2", "TC-X"))
}

// TestShipmentCRUD covers list, get, put, delete and tracking history.
func TestShipmentCRUD(t *testing.T) {
	c := setup(t)
	c.order("ORD-1")
	c.order("ORD-2")
	s1 := c.shipment("ORD-1", "TC-1")
	s2 := c.shipment("ORD-2", "TC-2")
	lists := []struct {
		query string
		want  []string
	}{
		{"", []string{s1, s2}},
		{"?order_id=ORD-2", []string{s2}},
		{"?order_id=1000001", []string{s1}},
		{"?tracking_code=TC-1", []string{s1}},
		{"?reference_number=none", nil},
		{"?limit=1&offset=1", []string{s2}},
	}
	for _, tc := range lists {
		var got []string
		for _, s := range c.must(200, "GET", "/v2/shipments"+tc.query, nil).([]any) {
			got = append(got, field(s, "id"))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("GET /v2/shipments%s = %v, want %v", tc.query, got, tc.want)
		}
	}
	c.must(400, "GET", "/v2/shipments?limit=-1", nil)
	c.must(404, "GET", "/v2/shipments/999", nil)

	v := c.must(200, "PUT", "/v2/shipments/"+s1, Object{"weight": 2.5, "status": "delivered", "order_id": "1000001"})
	if v.(Object)["weight"] != 2.5 || field(v, "status") != "new" || field(v, "order_id") != "ORD-1" {
		t.Fatalf("PUT: %v", v)
	}
	puts := []struct {
		name    string
		body    Object
		status  int
		message string
	}{
		{"move to another order", Object{"order_id": "ORD-2"}, 409, `shipment 1000003 belongs to order "ORD-1"; it cannot move to "ORD-2"`},
		{"bad carrier", Object{"carrier": Object{"name": "postnl", "country": "DE"}}, 422, `/carrier/name: carrier "postnl" does not serve country "DE" (see GET /v2/carriers)`},
		{"taken tracking code", Object{"tracking_code": "TC-2"}, 409, `tracking_code "TC-2" is already used by shipment 1000004`},
	}
	for _, tc := range puts {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do("PUT", "/v2/shipments/"+s1, tc.body)
			if _, msg, _ := errorOf(v); status != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
	c.must(404, "PUT", "/v2/shipments/999", Object{"weight": 1})

	c.admin("/sim/shipments/"+s1+"/events", Object{"status": "pickup", "location": "Berlin", "description": "picked up"})
	for _, path := range []string{"/v2/shipments/" + s1 + "/tracking_history", "/v2/shipment/events/" + s1} {
		hist := c.must(200, "GET", path, nil).([]any)
		if len(hist) != 2 || field(hist[1], "status") != "pickup" || field(hist[1], "location") != "Berlin" {
			t.Fatalf("%s: %v", path, hist)
		}
	}
	c.must(404, "GET", "/v2/shipments/999/tracking_history", nil)

	c.must(204, "DELETE", "/v2/shipments/"+s2, nil)
	c.must(404, "DELETE", "/v2/shipments/"+s2, nil)
}
