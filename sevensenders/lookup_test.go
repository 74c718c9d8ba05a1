package sevensenders_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// clone deep-copies a body through JSON and sets the fields of set, whose
// keys may be JSON pointers into it ("/skus/0/net_value").
func clone(t testing.TB, body map[string]any, set map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	for ptr, v := range set {
		toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
		var cur any = c
		for _, tok := range toks[:len(toks)-1] {
			switch x := cur.(type) {
			case map[string]any:
				cur = x[tok]
			case []any:
				var i int
				fmt.Sscan(tok, &i)
				cur = x[i]
			}
		}
		last := toks[len(toks)-1]
		if v == nil {
			delete(cur.(map[string]any), last)
		} else {
			cur.(map[string]any)[last] = v
		}
	}
	return c
}

// TestLookup creates one resource of each kind on the simulator and looks
// each up again: with the same body it matches, with another it differs,
// and the differences either go to an update path with the 7S id or
// cannot change, with the whole message.
func TestLookup(t *testing.T) {
	c, _ := setupSim(t, nil)
	ctx := t.Context()
	post := func(path string, body any) map[string]any {
		t.Helper()
		var v map[string]any
		if _, err := c.Do(ctx, http.MethodPost, path, body, &v); err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		return v
	}
	ord := map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z", "language": "en", "order_tags": map[string]any{}}
	o1 := post("/orders", ord)
	state := map[string]any{"order_id": "ORD-1", "state": "paid", "datetime": "2024-01-15T11:00:00Z", "location": "Berlin"}
	post("/order_states", state)
	product := map[string]any{"sku": "SKU-P", "name": "Shirt", "price": 19.9}
	post("/products", product)
	image := map[string]any{"url": "https://shop.example.com/p.jpg", "alt": "front"}
	post("/products/SKU-P/images", image)
	item := map[string]any{"sku": "SKU-P", "name": "Shirt", "size": "M"}
	post("/orders/ORD-1/items", item)
	ship := simShipment("ORD-1", "TRACK-1", "")
	s1 := post("/shipments", ship)
	label := clone(t, simShipment("ORD-1", "", "REF-L"), map[string]any{"carrier": map[string]any{"name": "dhl", "country": "DE"}, "format": "pdf"})
	l1 := post("/labels", label)
	customs := simCustoms(str(s1["id"]), "ORD-1", "TRACK-1")
	post("/customs/shipments", customs)
	post("/orders", order("ORD-2"))
	s2 := post("/shipments", simShipment("ORD-2", "TRACK-2", ""))
	locked := simCustoms(str(s2["id"]), "ORD-2", "TRACK-2")
	post("/customs/shipments", locked)
	manifest := map[string]any{"manifest_id": "M-1", "shipment_ids": []any{str(s2["id"])}, "pieces": 1}
	post("/customs/manifests", manifest)
	sid1, sid2 := str(s1["id"]), str(s2["id"])

	tests := []struct {
		name   string
		path   string
		body   map[string]any
		found  string // the Name found, "" for none
		diffs  string // the differences, "; "-joined
		update string // the update path
		err    string // the whole error of Compare
	}{
		// 002 "Create an Order": found by order_id; "the given ID within
		// the response ... is needed to update".
		{name: "order not there", path: "/orders", body: order("ORD-9")},
		{name: "order matches", path: "/orders", body: ord, found: `order "ORD-1"`, update: "/orders/" + str(o1["id"])},
		{
			name: "order instant and changed language", path: "/order",
			body:  clone(t, ord, map[string]any{"order_date": "2024-01-15T11:30:00+01:00", "language": "de"}),
			found: `order "ORD-1"`, diffs: `/language is "en" there, "de" in this run`, update: "/orders/" + str(o1["id"]),
		},
		{
			name: "order new field", path: "/orders", body: clone(t, ord, map[string]any{"order_tags": map[string]any{"a": "b"}}),
			found: `order "ORD-1"`, diffs: `/order_tags/a is absent there, "b" in this run`, update: "/orders/" + str(o1["id"]),
		},
		// 003 "Order Lifecycle Overview" and the states_history of the
		// order; 002 "Update the State of an Order".
		{name: "state recorded", path: "/order_states", body: state, found: `state "paid" of order "ORD-1"`},
		{name: "state past", path: "/order-states", body: map[string]any{"order_id": "ORD-1", "state": "in_production", "datetime": "2024-01-15T12:00:00Z"}, found: `state "in_production" of order "ORD-1"`},
		{name: "state not yet", path: "/order_states", body: map[string]any{"order_id": "ORD-1", "state": "returned", "datetime": "2024-01-15T12:00:00Z"}},
		{
			name: "state elsewhere", path: "/order_states", body: clone(t, state, map[string]any{"location": "Hamburg"}),
			found: `state "paid" of order "ORD-1"`, diffs: `/location is "Berlin" there, "Hamburg" in this run`,
			err: `state "paid" of order "ORD-1" exists and cannot change: /location is "Berlin" there, "Hamburg" in this run`,
		},
		// 003 "Step 2.1. Order Items": by order and sku; no update.
		{name: "item matches", path: "/orders/ORD-1/items", body: item, found: `order item "SKU-P" of order "ORD-1"`},
		{
			name: "item differs", path: "/orders/ORD-1/items", body: clone(t, item, map[string]any{"size": "L"}),
			found: `order item "SKU-P" of order "ORD-1"`, diffs: `/size is "M" there, "L" in this run`,
			err: `order item "SKU-P" of order "ORD-1" exists and cannot change: /size is "M" there, "L" in this run`,
		},
		{name: "item of another order", path: "/orders/ORD-2/items", body: item},
		// 002 "Create a Shipment": by tracking_code or reference_number;
		// country codes in either case.
		{
			name: "shipment matches", path: "/shipments", body: clone(t, ship, map[string]any{"recipient_country": "gb", "weight": json.Number("1.20")}),
			found: fmt.Sprintf(`shipment %s (tracking_code "TRACK-1")`, sid1), update: "/shipments/" + sid1,
		},
		{
			name: "shipment comment", path: "/shipments", body: clone(t, ship, map[string]any{"comment": "fragile"}),
			found: fmt.Sprintf(`shipment %s (tracking_code "TRACK-1")`, sid1), diffs: `/comment is absent there, "fragile" in this run`, update: "/shipments/" + sid1,
		},
		{
			name: "shipment of another order", path: "/shipments", body: clone(t, ship, map[string]any{"order_id": "ORD-2", "weight": 2}),
			found: fmt.Sprintf(`shipment %s (tracking_code "TRACK-1")`, sid1),
			diffs: `/order_id is "ORD-1" there, "ORD-2" in this run; /weight is 1.2 there, 2 in this run`, update: "/shipments/" + sid1,
			err: fmt.Sprintf(`shipment %s (tracking_code "TRACK-1") exists and cannot change: /order_id is "ORD-1" there, "ORD-2" in this run`, sid1),
		},
		// 000 POST Labels: the shipment it made, by reference_number; the
		// format is the label's own.
		{
			name: "label matches", path: "/labels", body: clone(t, label, map[string]any{"format": "zpl"}),
			found: fmt.Sprintf(`label %s of shipment %s (reference_number "REF-L")`, str(l1["id"]), str(l1["shipment_id"])),
		},
		{
			name: "label differs", path: "/labels", body: clone(t, label, map[string]any{"weight": 2.5}),
			found: fmt.Sprintf(`label %s of shipment %s (reference_number "REF-L")`, str(l1["id"]), str(l1["shipment_id"])),
			diffs: `/weight is 1.2 there, 2.5 in this run`,
			err:   fmt.Sprintf(`label %s of shipment %s (reference_number "REF-L") exists and cannot change: /weight is 1.2 there, 2.5 in this run`, str(l1["id"]), str(l1["shipment_id"])),
		},
		// 004 "PUT Customs Shipment": by shipment_id, updatable until
		// declared in a customs manifest.
		{
			name: "customs matches", path: "/customs/shipments", body: clone(t, customs, map[string]any{"invoice_date": "2024-01-15T11:10:10.933+01:00", "/skus/0/net_value": json.Number("39.950")}),
			found: "customs shipment of shipment " + sid1, update: "/customs/shipments/" + sid1,
		},
		{
			name: "customs differs", path: "/customs/shipments", body: clone(t, customs, map[string]any{"/skus/0/net_value": "41.00"}),
			found: "customs shipment of shipment " + sid1, diffs: `/skus/0/net_value is "39.95" there, "41.00" in this run`, update: "/customs/shipments/" + sid1,
		},
		{
			name: "customs locked", path: "/customs/shipments", body: clone(t, locked, map[string]any{"/skus/0/net_value": "41.00"}),
			found: "customs shipment of shipment " + sid2, diffs: `/skus/0/net_value is "39.95" there, "41.00" in this run`,
			err: fmt.Sprintf(`customs shipment of shipment %s is declared in manifest "M-1" and cannot change: /skus/0/net_value is "39.95" there, "41.00" in this run`, sid2),
		},
		// 000 "Workflow: Labels and Customs Creation": by the shipments it
		// declares; a manifest cannot change.
		{name: "manifest matches", path: "/customs/manifests", body: manifest, found: `customs manifest "M-1"`},
		{
			name: "manifest differs", path: "/customs/manifests", body: clone(t, manifest, map[string]any{"manifest_id": "M-2", "pieces": 2}),
			found: `customs manifest "M-1"`, diffs: `/manifest_id is "M-1" there, "M-2" in this run; /pieces is 1 there, 2 in this run`,
			err: `customs manifest "M-1" exists and cannot change: /manifest_id is "M-1" there, "M-2" in this run; /pieces is 1 there, 2 in this run`,
		},
		{name: "manifest not yet", path: "/customs/manifests", body: clone(t, manifest, map[string]any{"shipment_ids": []any{sid1}})},
		// 001 "Return Portal Pro": a product by sku, updated by sku; an
		// image by its url.
		{
			name: "product differs", path: "/products", body: clone(t, product, map[string]any{"price": 21}),
			found: `product "SKU-P"`, diffs: `/price is 19.9 there, 21 in this run`, update: "/products/SKU-P",
		},
		{name: "image matches", path: "/products/SKU-P/images", body: image, found: `image "https://shop.example.com/p.jpg" of product "SKU-P"`},
		{
			name: "image differs", path: "/products/SKU-P/images", body: clone(t, image, map[string]any{"alt": "back"}),
			found: `image "https://shop.example.com/p.jpg" of product "SKU-P"`, diffs: `/alt is "front" there, "back" in this run`,
			err: `image "https://shop.example.com/p.jpg" of product "SKU-P" exists and cannot change: /alt is "front" there, "back" in this run`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ok, err := c.Lookup(ctx, tc.path, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				if tc.found != "" {
					t.Fatalf("not found, want %s", tc.found)
				}
				return
			}
			if f.Name != tc.found {
				t.Errorf("found %q, want %q", f.Name, tc.found)
			}
			if f.UpdatePath != tc.update {
				t.Errorf("update path %q, want %q", f.UpdatePath, tc.update)
			}
			var res any
			if err := json.Unmarshal(f.Resource, &res); err != nil {
				t.Errorf("resource %s: %v", f.Resource, err)
			}
			diffs, err := f.Compare(tc.body)
			var got []string
			for _, d := range diffs {
				got = append(got, d.String())
			}
			if strings.Join(got, "; ") != tc.diffs {
				t.Errorf("differences\n got %s\nwant %s", strings.Join(got, "; "), tc.diffs)
			}
			var cerr *sevensenders.ChangeError
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || err.Error() != tc.err || !errors.As(err, &cerr)) {
				t.Errorf("err = %v, want %q", err, tc.err)
			}
		})
	}
}

// A body without its merchant key, or a path that creates nothing, cannot
// be looked up: Lookup says so before sending anything.
func TestLookupNoKey(t *testing.T) {
	f, ts := newFake(t)
	c, _ := newTestClient(t, ts)
	tests := []struct {
		name, path string
		body       any
		err        string
	}{
		{"label without key", "/labels", map[string]any{"order_id": "ORD-1"},
			"look up POST /v2/labels: no merchant key to look it up by: reference_number or tracking_code"},
		{"order without id", "/orders?x=1", map[string]any{"order_date": "2024-01-15T10:30:00Z"},
			"look up POST /v2/orders: no merchant key to look it up by: order_id"},
		{"manifest without shipments", "/customs/manifests", map[string]any{"shipment_ids": []any{}},
			"look up POST /v2/customs/manifests: no merchant key to look it up by: shipment_ids"},
		{"no create", "/carriers", map[string]any{}, "look up POST /v2/carriers: no merchant key to look it up by"},
		{"not an object", "/orders", []any{1}, "look up POST /v2/orders: body: want a JSON object, got [1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ok, err := c.Lookup(t.Context(), tc.path, tc.body)
			if ok || err == nil || err.Error() != tc.err {
				t.Fatalf("ok %v, err %v; want %q", ok, err, tc.err)
			}
			if tc.name != "not an object" && !errors.Is(err, sevensenders.ErrNoKey) {
				t.Errorf("err does not wrap ErrNoKey")
			}
		})
	}
	if n := f.tokenCalls(); n != 0 {
		t.Errorf("%d token calls, want none", n)
	}
}

// A failed look-up names the call that failed.
func TestLookupFails(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"message": "boom"})
		return true
	}
	c, _ := newTestClient(t, ts)
	_, _, err := c.Lookup(t.Context(), "/orders", order("ORD-1"))
	if want := "look up POST /v2/orders: GET /v2/orders: 500 Internal Server Error: boom"; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}
