package sim

import (
	"reflect"
	"testing"
)

// TestCustomsRules covers POST /v2/customs/shipments: the conditional
// rules of 004 (through the schema), existence, ownership, SKU ids and
// one per shipment, both sides.
func TestCustomsRules(t *testing.T) {
	c := setup(t)
	c.order("ORD-1")
	c.order("ORD-2")
	byCountry := map[string]string{"GB": c.shipment("ORD-1", "TC-1"), "CH": c.shipmentTo("ORD-1", "TC-CH", "CH")}
	sDE := c.shipmentTo("ORD-2", "TC-DE", "DE")
	mod := func(country, incoterm string, f func(b Object, sku Object)) Object {
		b := c.customsOf(byCountry[country], country, incoterm)
		f(b, b["skus"].([]any)[0].(Object))
		return b
	}
	tests := []struct {
		name     string
		body     Object
		status   int
		pointers []string
	}{
		{"GB without net_value", mod("GB", "DDP", func(_, s Object) { delete(s, "net_value") }), 422, []string{"/skus/0/net_value"}},
		{"CH DAP without net_value", mod("CH", "DAP", func(_, s Object) { delete(s, "net_value") }), 422, []string{"/skus/0/net_value"}},
		{"CH DDP without sales_value", mod("CH", "DDP", func(_, s Object) { delete(s, "sales_value") }), 422, []string{"/skus/0/sales_value"}},
		{"neither weight", mod("GB", "DAP", func(_, s Object) { delete(s, "weight") }), 422, []string{"/skus/0/weight"}},
		{"missing invoice_id", mod("GB", "DAP", func(b, _ Object) { delete(b, "invoice_id") }), 422, []string{"/invoice_id"}},
		{"unknown shipment", mod("GB", "DAP", func(b, _ Object) { b["shipment_id"] = "999" }), 422, []string{"/shipment_id"}},
		{"shipment of another order", mod("GB", "DAP", func(b, _ Object) { b["order_id"] = "ORD-2" }), 422, []string{"/order_id"}},
		{"duplicate sku id", mod("GB", "DAP", func(b, s Object) { b["skus"] = []any{s, cloneObject(s)} }), 422, []string{"/skus/1/id"}},
		{"another tracking code", mod("GB", "DAP", func(b, _ Object) { b["tracking_code"] = "TC-CH" }), 422, []string{"/tracking_code"}},
		{"another recipient country", mod("GB", "DDP", func(b, _ Object) { b["recipient"].(Object)["country"] = "CH" }), 422, []string{"/recipient/country"}},
		{"empty sales_value", mod("CH", "DAP", func(_, s Object) { s["sales_value"] = "" }), 422, []string{"/skus/0/sales_value"}},
		{"CH DAP with net_value only", mod("CH", "DAP", func(_, s Object) { delete(s, "sales_value") }), 201, nil},
		{"second for the same shipment", c.customsOf(byCountry["CH"], "CH", "DAP"), 409, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do("POST", "/v2/customs/shipments", tc.body)
			_, msg, ptrs := errorOf(v)
			if status != tc.status || !reflect.DeepEqual(ptrs, tc.pointers) {
				t.Fatalf("got %d %v %q, want %d %v", status, ptrs, msg, tc.status, tc.pointers)
			}
		})
	}
	numeric := c.customsOf(sDE, "DE", "DDP")
	numeric["shipment_id"] = 1000005
	c.must(422, "POST", "/v2/customs/shipments", numeric)
	numeric["shipment_id"] = sDE
	c.must(201, "POST", "/v2/customs/shipments", numeric)
}

// TestCustomsCRUD covers GET with filters, PUT (SKUs matched by id),
// DELETE, and the lock once a manifest declares the shipment.
func TestCustomsCRUD(t *testing.T) {
	c := setup(t)
	c.order("ORD-1")
	s1, s2 := c.shipment("ORD-1", "TC-1"), c.shipment("ORD-1", "TC-2")
	c.must(201, "POST", "/v2/customs/shipments", c.customsOf(s1, "GB", "DAP"))
	c.must(201, "POST", "/v2/customs/shipments", c.customsOf(s2, "GB", "DAP"))

	for q, want := range map[string]int{"": 2, "?shipment_id=" + s2: 1, "?tracking_code=TC-2": 1, "?shipment_tracking_code=TC-9": 0} {
		if got := c.must(200, "GET", "/v2/customs/shipments"+q, nil).([]any); len(got) != want {
			t.Errorf("GET customs%s: %d, want %d", q, len(got), want)
		}
	}
	c.must(400, "GET", "/v2/customs/shipments?limit=x", nil)
	c.must(200, "GET", "/v2/customs/shipments/"+s1, nil)
	c.must(404, "GET", "/v2/customs/shipments/999", nil)

	sku2 := cloneObject(customsBody(s1, "ORD-1", "GB", "DAP")["skus"].([]any)[0].(Object))
	sku2["id"], sku2["country_of_origin"] = 2, "CN"
	v := c.must(200, "PUT", "/v2/customs/shipments/"+s1, Object{
		"invoice_id": "INV-2",
		"skus":       []any{Object{"id": 1, "qty": 3}, sku2},
	})
	skus := v.(Object)["skus"].([]any)
	if field(v, "invoice_id") != "INV-2" || len(skus) != 2 || skus[0].(Object)["qty"] != 3.0 || field(v, "updated_at") == "" {
		t.Fatalf("PUT merged: %v", v)
	}
	// The merged result is checked against every rule.
	puts := []struct {
		name   string
		body   Object
		status int
	}{
		{"new sku incomplete", Object{"skus": []any{Object{"id": 3, "qty": 1}}}, 422},
		{"breaks an either-or rule", Object{"skus": []any{Object{"id": 1, "total_net_weight": 230}}}, 422},
		{"empty string", Object{"skus": []any{Object{"id": 1, "net_value": ""}}}, 422},
		{"another tracking code", Object{"tracking_code": "TC-1"}, 422},
		{"bad preferential_code", Object{"skus": []any{Object{"id": 1, "preferential_code": 3}}}, 422},
		{"change shipment_id", Object{"shipment_id": s1}, 422},
		{"move to another order", Object{"order_id": "ORD-9"}, 422},
	}
	c.must(200, "PUT", "/v2/customs/shipments/"+s2, Object{"invoice_id": "INV-3"})
	for _, tc := range puts {
		t.Run(tc.name, func(t *testing.T) {
			if status, _, v := c.do("PUT", "/v2/customs/shipments/"+s2, tc.body); status != tc.status {
				t.Fatalf("got %d, want %d: %v", status, tc.status, v)
			}
		})
	}
	c.must(404, "PUT", "/v2/customs/shipments/999", Object{"invoice_id": "x"})
	c.must(409, "DELETE", "/v2/shipments/"+s2, nil)
	c.must(204, "DELETE", "/v2/customs/shipments/"+s2, nil)
	c.must(404, "DELETE", "/v2/customs/shipments/"+s2, nil)
	c.must(204, "DELETE", "/v2/shipments/"+s2, nil)

	c.must(201, "POST", "/v2/customs/manifests", Object{"manifest_id": "M-1", "shipment_ids": []any{s1}, "pieces": 1})
	c.must(409, "PUT", "/v2/customs/shipments/"+s1, Object{"invoice_id": "INV-9"})
	status, _, v := c.do("DELETE", "/v2/customs/shipments/"+s1, nil)
	if code, msg, _ := errorOf(v); status != 409 || code != codeLocked || msg != `shipment `+s1+` is declared in customs manifest "M-1" and cannot be deleted` {
		t.Fatalf("DELETE after manifest: %d %s %q", status, code, msg)
	}
}

// TestManifests covers POST and GET /v2/customs/manifests, both sides,
// and that a manifest cannot change.
func TestManifests(t *testing.T) {
	c := setup(t)
	c.order("ORD-1")
	s1, s2, s3 := c.shipment("ORD-1", "TC-1"), c.shipment("ORD-1", "TC-2"), c.shipment("ORD-1", "TC-3")
	for _, sid := range []string{s1, s2} {
		c.must(201, "POST", "/v2/customs/shipments", c.customsOf(sid, "GB", "DAP"))
	}
	tests := []struct {
		name    string
		body    Object
		status  int
		message string
	}{
		{"valid", Object{"manifest_id": "M-1", "shipment_ids": []any{s1}, "pieces": 1}, 201, ""},
		{"same manifest_id", Object{"manifest_id": "M-1", "shipment_ids": []any{s2}, "pieces": 1}, 409, `customs manifest "M-1" already exists`},
		{"slash in manifest_id", Object{"manifest_id": "M/2", "shipment_ids": []any{s2}, "pieces": 1}, 422,
			`request body breaks schema customs_manifest: /manifest_id: must be a non-empty id without "/"`},
		{"already declared", Object{"manifest_id": "M-2", "shipment_ids": []any{s1}, "pieces": 1}, 409,
			`shipment "` + s1 + `" is already declared in customs manifest "M-1"`},
		{"no customs shipment", Object{"manifest_id": "M-3", "shipment_ids": []any{s3}, "pieces": 1}, 422,
			`/shipment_ids/0: shipment "` + s3 + `" has no customs shipment; POST /v2/customs/shipments first`},
		{"missing pieces", Object{"manifest_id": "M-4", "shipment_ids": []any{s2}}, 422,
			"request body breaks schema customs_manifest: /pieces: required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, hdr, v := c.do("POST", "/v2/customs/manifests", tc.body)
			_, msg, _ := errorOf(v)
			if status != tc.status || (status >= 400 && msg != tc.message) {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
			if status == 201 && hdr.Get("Location") != "/v2/customs/manifests/M-1" {
				t.Fatalf("Location %q", hdr.Get("Location"))
			}
		})
	}
	status, _, v := c.do("POST", "/v2/customs/manifests", Object{"manifest_id": "M-5", "shipment_ids": []any{s2, s2}, "pieces": 2})
	if _, _, ptrs := errorOf(v); status != 422 || len(ptrs) != 1 || ptrs[0] != "/shipment_ids" && ptrs[0] != "/shipment_ids/1" {
		t.Errorf("a shipment listed twice: %d %v", status, v)
	}
	c.must(200, "GET", "/v2/customs/manifests/M-1", nil)
	c.must(404, "GET", "/v2/customs/manifests/M-9", nil)
	if got := c.must(200, "GET", "/v2/customs/manifests", nil).([]any); len(got) != 1 {
		t.Fatalf("list: %v", got)
	}
	c.must(400, "GET", "/v2/customs/manifests?offset=x", nil)
	c.must(409, "PUT", "/v2/customs/manifests/M-1", Object{"pieces": 2})
	c.must(409, "DELETE", "/v2/customs/manifests/M-1", nil)
	c.must(404, "DELETE", "/v2/customs/manifests/M-9", nil)
}
