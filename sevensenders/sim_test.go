package sevensenders_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// t0 is the simulator's clock in these tests.
var t0 = time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)

// setupSim serves a simulator behind a base-path guard, wrapped by wrap
// if given, and returns a client of it.
func setupSim(t testing.TB, wrap func(http.Handler) http.Handler, opts ...sevensenders.Option) (*sevensenders.Client, *sim.Server) {
	t.Helper()
	srv := sim.New(sim.WithClock(t0), sim.WithSeed(1))
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(h)
	}
	mux := http.NewServeMux()
	mux.Handle("/v2/", h)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside /v2: %s %s", r.Method, r.URL)
		http.Error(w, "base path guard", http.StatusTeapot)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	base := []sevensenders.Option{
		sevensenders.WithAccessKey(sim.DefaultAccessKey),
		sevensenders.WithHTTPClient(ts.Client()),
		sevensenders.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
		sevensenders.WithClock(func() time.Time { return t0 }),
	}
	return sevensenders.NewClient(ts.URL+"/v2", append(base, opts...)...), srv
}

// simShipment is the body of a shipment of orderID to GB, found by its
// tracking code or, without one, by ref (002 "Create a Shipment").
func simShipment(orderID, tracking, ref string) map[string]any {
	s := map[string]any{
		"order_id": orderID, "recipient_first_name": "Max", "recipient_last_name": "Muster", "recipient_email": "max@example.com",
		"recipient_address": "Berliner Str. 4", "recipient_zip": "WC2N 5DU", "recipient_city": "London", "recipient_country": "GB",
		"weight": 1.2, "planned_pickup_datetime": "2024-01-16T15:47:00Z",
		"warehouse_address": "Kochhannstr. 38 10247 Berlin", "warehouse": "Main Warehouse",
	}
	if tracking != "" {
		s["tracking_code"] = tracking
		s["carrier"] = map[string]any{"name": "dhl", "country": "DE"}
	}
	if ref != "" {
		s["reference_number"] = ref
	}
	return s
}

// simCustoms is the body of the customs data of a shipment to GB (004
// "POST Customs Shipment Parameters"); trackingCode is the shipment's (004:
// "the unique outbound shipment track and trace code given by the
// carrier").
func simCustoms(shipmentID, orderID, trackingCode string) map[string]any {
	return map[string]any{
		"shipment_id": shipmentID, "order_id": orderID, "invoice_id": "INV-1", "invoice_date": "2024-01-15T10:10:10.933Z",
		"incoterm": "DDP", "tracking_code": trackingCode, "planned_pickup_datetime": "2024-01-16T15:47:00Z",
		"departure_country": "DE", "departure_country_customs_id": "DE123456789123456", "arrival_country_customs_id": "GB123456789000",
		"net_weight": 230, "gross_weight": 321.5, "weight_um": "G", "departure_country_currency": "EUR",
		"recipient": map[string]any{"first_name": "Max", "last_name": "Muster", "address": "Berliner Str. 4", "city": "London", "zip": "WC2N 5DU", "country": "GB"},
		"skus": []any{map[string]any{
			"id": 1, "country_of_origin": "IN", "departure_country_description": "T-Shirt gewirkt aus Baumwolle",
			"language_departure_country_description": "de", "preferential_code": 1, "departure_country_tariff_number": "61091000",
			"arrival_country_description": "Cotton T-shirt", "language_arrival_country_description": "en",
			"arrival_country_tariff_number": "61091000", "qty": 2, "weight": 115, "weight_u": "G",
			"net_value": "39.95", "sales_value": "47.54", "upc_code": "116800711680",
		}},
	}
}

// fits reports whether path (without query) fits the operation's path
// template.
func fits(tmpl, path string) bool {
	p, _, _ := strings.Cut(path, "?")
	want, got := strings.Split(tmpl, "/"), strings.Split(p, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if !strings.HasPrefix(want[i], "{") && want[i] != got[i] {
			return false
		}
	}
	return true
}

// str is a JSON value as text: an id the API writes as a number or a
// string.
func str(v any) string { return fmt.Sprint(v) }

// TestSimulator calls every operation of the table through Do against the
// simulator over a real socket, in the order the documented workflows use
// them, and checks that none is left out: the table and the simulator
// agree on every method and path.
func TestSimulator(t *testing.T) {
	var mu sync.Mutex
	var calls []string
	obs := func(_ context.Context, x sevensenders.Exchange) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, x.Method+" "+x.Path)
	}
	c, _ := setupSim(t, nil, sevensenders.WithObserver(obs))
	ctx := t.Context()
	ops := map[string]sevensenders.Operation{}
	for _, op := range sevensenders.Operations() {
		ops[op.Name] = op
	}
	called := map[string]bool{}
	// do runs the operation name with Do on path and body and returns the
	// answer: an object, a list, or a file's bytes.
	do := func(name, path string, body any) any {
		t.Helper()
		op, ok := ops[name]
		if !ok || !fits(op.Path, path) {
			t.Fatalf("%s: %s does not fit the table's %s", name, path, op.Path)
		}
		called[name] = true
		var v any
		var file []byte
		out := any(&v)
		if op.Answer == sevensenders.AnswerFile {
			out = &file
		}
		resp, err := c.Do(ctx, op.Method, path, body, out)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if op.Answer == sevensenders.AnswerFile {
			return []any{resp.Header.Get("Content-Type"), file}
		}
		return v
	}
	obj := func(v any) map[string]any {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("answer %v is not an object", v)
		}
		return m
	}
	list := func(v any) []any {
		t.Helper()
		l, ok := v.([]any)
		if !ok {
			t.Fatalf("answer %v is not a list", v)
		}
		return l
	}

	// Orders (002, 003).
	o := obj(do("create_order", "/orders", map[string]any{
		"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z", "order_url": "https://shop.example.com/ORD-1", "language": "en",
		"order_tags": map[string]any{"campaign": "summer_sale"}, "promised_delivery_date": "2024-01-20T23:59:59Z",
		"recipient":   map[string]any{"first_name": "John", "last_name": "Doe", "street": "Main Street", "house_no": "123", "city": "Berlin", "zip_code": "10115", "country": "DE"},
		"order_items": []any{map[string]any{"sku": "TSHIRT-BLU-M", "quantity": 2, "item_value": 29.99, "hs_code": "6109100010", "weight": 180}},
	}))
	oid := str(o["id"])
	if o["id"] == nil || o["state"] != "new" || len(list(o["states_history"])) != 1 {
		t.Fatalf("created order = %v", o)
	}
	if got := obj(do("get_order", "/orders/"+oid, nil)); got["order_id"] != "ORD-1" {
		t.Errorf("get_order = %v", got)
	}
	if l := list(do("list_orders", "/orders?order_id=ORD-1&state=new&limit=10", nil)); len(l) != 1 {
		t.Errorf("list_orders = %v", l)
	}
	do("create_order_state", "/order_states", map[string]any{"order_id": "ORD-1", "state": "paid", "datetime": "2024-01-15T11:00:00Z", "location": "Berlin"})

	// Return Portal Pro: product, image, order item (001, 003).
	do("create_product", "/products", map[string]any{"sku": "TSHIRT-BLUE-M", "name": "Basic Cotton T-Shirt", "price": 29.99, "currency": "EUR", "returnable": true})
	img := obj(do("create_product_image", "/products/TSHIRT-BLUE-M/images", map[string]any{"url": "https://shop.example.com/images/tshirt.jpg", "position": 1}))
	p := obj(do("update_product", "/products/TSHIRT-BLUE-M", map[string]any{"name": "Basic Cotton T-Shirt", "color": "Blue"}))
	if p["color"] != "Blue" || len(list(p["images"])) != 1 {
		t.Errorf("updated product = %v", p)
	}
	if got := obj(do("get_product", "/products/TSHIRT-BLUE-M", nil)); got["name"] != "Basic Cotton T-Shirt" {
		t.Errorf("get_product = %v", got)
	}
	it := obj(do("create_order_item", "/orders/ORD-1/items", map[string]any{"sku": "TSHIRT-BLUE-M", "name": "Basic Cotton T-Shirt", "returnable": true, "sales_price": 29.99, "currency": "EUR", "size": "M"}))
	if it["id"] == nil || it["shop_order_id"] != "ORD-1" {
		t.Errorf("order item = %v", it)
	}
	do("create_product", "/products", map[string]any{"sku": "MUG-1", "name": "Mug"})

	// Own label: a shipment (002).
	sh := obj(do("create_shipment", "/shipments", simShipment("ORD-1", "TRACK-1", "")))
	sid := str(sh["id"])
	if sh["id"] == nil || sh["status"] != "new" {
		t.Fatalf("shipment = %v", sh)
	}
	if got := obj(do("update_shipment", "/shipments/"+sid, map[string]any{"comment": "Please be careful"})); got["comment"] != "Please be careful" {
		t.Errorf("updated shipment = %v", got)
	}
	if got := obj(do("get_shipment", "/shipments/"+sid, nil)); got["tracking_code"] != "TRACK-1" {
		t.Errorf("get_shipment = %v", got)
	}
	if l := list(do("list_shipments", "/shipments?order_id=ORD-1&tracking_code=TRACK-1&limit=5", nil)); len(l) != 1 {
		t.Errorf("list_shipments = %v", l)
	}
	if h := list(do("tracking_history", "/shipments/"+sid+"/tracking_history", nil)); len(h) != 1 {
		t.Errorf("tracking_history = %v", h)
	}
	if got := obj(do("update_order", "/orders/"+oid, map[string]any{"boarding_complete": true})); got["boarding_complete"] != true || got["state"] != "shipped" {
		t.Errorf("updated order = %v", got)
	}

	// 7S label, synchronous: the order travels inline (000).
	lr := simShipment("ORD-2", "", "REF-2")
	lr["carrier"] = map[string]any{"name": "dhl", "country": "DE"}
	lr["format"] = "pdf"
	lr["order"] = order("ORD-2")
	l := obj(do("create_label", "/labels", lr))
	if l["id"] == nil || l["shipment_id"] == nil || l["order_id"] != "ORD-2" || l["format"] != "pdf" || l["download_url"] == nil {
		t.Fatalf("label = %v", l)
	}
	f := do("download_label", "/label-download/"+str(l["id"]), nil).([]any)
	if f[0] != "application/pdf" || !bytes.HasPrefix(f[1].([]byte), []byte("%PDF")) {
		t.Errorf("label file: %s, %.8q", f[0], f[1])
	}

	// Customs (004) and the manifest (000).
	cs := obj(do("create_customs_shipment", "/customs/shipments", simCustoms(sid, "ORD-1", "TRACK-1")))
	if cs["shipment_id"] != sid {
		t.Fatalf("customs shipment = %v", cs)
	}
	if got := obj(do("update_customs_shipment", "/customs/shipments/"+sid, map[string]any{"packaging": "PK"})); got["packaging"] != "PK" {
		t.Errorf("updated customs shipment = %v", got)
	}
	if got := obj(do("get_customs_shipment", "/customs/shipments/"+sid, nil)); got["invoice_id"] != "INV-1" {
		t.Errorf("get_customs_shipment = %v", got)
	}
	if l := list(do("list_customs_shipments", "/customs/shipments?"+url.Values{"shipment_id": {sid}, "tracking_code": {"TRACK-1"}}.Encode(), nil)); len(l) != 1 {
		t.Errorf("list_customs_shipments = %v", l)
	}
	if m := obj(do("create_customs_manifest", "/customs/manifests", map[string]any{"manifest_id": "M-1", "shipment_ids": []any{sid}, "pieces": 1})); m["id"] == nil {
		t.Errorf("manifest = %v", m)
	}
	if m := obj(do("get_customs_manifest", "/customs/manifests/M-1", nil)); len(list(m["shipment_ids"])) != 1 {
		t.Errorf("get_customs_manifest = %v", m)
	}
	_, err := c.Do(ctx, http.MethodDelete, "/customs/shipments/"+sid, nil, nil)
	var apiErr *sevensenders.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.Code != "locked" {
		t.Errorf("deleting a declared customs shipment: err = %v, want 409 locked", err)
	}

	// Directory and PUDO (001, 002).
	if l := list(do("list_carriers", "/carriers", nil)); len(l) == 0 {
		t.Error("list_carriers: empty")
	}
	if l := list(do("list_warehouses", "/warehouses", nil)); len(l) == 0 || obj(l[0])["name"] != "Main Warehouse" {
		t.Errorf("list_warehouses = %v", l)
	}
	near := list(do("pudo_by_coordinates", "/pudo/locations?latitude=52.5323&longitude=13.3846&max_distance=5000&limit=3", nil))
	if len(near) == 0 || len(near) > 3 || obj(near[0])["id"] != "PUDO-DE-001" {
		t.Errorf("pudo_by_coordinates = %v", near)
	}
	byAddr := list(do("pudo_by_address", "/pudo/locations?country=DE&zip=10115&city=Berlin&limit=2", nil))
	if len(byAddr) == 0 || len(byAddr) > 2 {
		t.Errorf("pudo_by_address = %v", byAddr)
	}
	if all := list(do("pudo_all", "/pudo/locations/all?country=DE", nil)); len(all) < len(byAddr) {
		t.Errorf("pudo_all = %d locations", len(all))
	}

	// Deletes.
	do("delete_product_image", "/products/TSHIRT-BLUE-M/images/"+str(img["id"]), nil)
	o9 := obj(do("create_order", "/orders", order("ORD-9")))
	sh9 := obj(do("create_shipment", "/shipments", simShipment("ORD-9", "TRACK-9", "")))
	do("create_customs_shipment", "/customs/shipments", simCustoms(str(sh9["id"]), "ORD-9", "TRACK-9"))
	do("delete_customs_shipment", "/customs/shipments/"+str(sh9["id"]), nil)
	do("delete_shipment", "/shipments/"+str(sh9["id"]), nil)
	do("delete_order", "/orders/"+str(o9["id"]), nil)
	if _, err := c.Do(ctx, http.MethodGet, "/orders/"+str(o9["id"]), nil, nil); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("get_order after delete: err = %v, want 404", err)
	}
	do("delete_product", "/products/MUG-1", nil)

	for name := range ops {
		if !called[name] {
			t.Errorf("operation %s was not called", name)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if calls[0] != "POST /v2/token" {
		t.Errorf("first call %q, want the token call", calls[0])
	}
	for _, call := range calls[1:] {
		if call == "POST /v2/token" {
			t.Errorf("a second token call within the hour: %v", calls)
		}
	}
}
