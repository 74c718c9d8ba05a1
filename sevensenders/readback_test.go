package sevensenders_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// failFirst lets the simulator handle the first POST to path after
// armed is set and then, instead of answering, drops the connection
// (drop) or answers 503 (not drop, and the simulator never sees it).
func failFirst(t testing.TB, path string, drop bool, armed *atomic.Bool) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		var once sync.Once
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			first := false
			if r.Method == http.MethodPost && r.URL.Path == path && armed.Load() {
				once.Do(func() { first = true })
			}
			switch {
			case first && drop:
				h.ServeHTTP(httptest.NewRecorder(), r)
				dropConn(t, w)
			case first:
				writeJSON(w, http.StatusServiceUnavailable, map[string]any{"message": "busy"})
			default:
				h.ServeHTTP(w, r)
			}
		})
	}
}

// Every create whose answer is lost is read back by the merchant's key
// and is not sent again; one whose 503 came before it arrived is sent
// again. Either way the simulator holds exactly one. The keys are those of
// Lookup: 002 order_id, reference_number or tracking_code; 003
// states_history and order items by sku; 004 shipment_id; 000 the
// manifest of the shipments; 001 product sku and image url.
func TestReadBackAgainstSimulator(t *testing.T) {
	type env struct {
		shipment  string // 7S id of a shipment of ORD-1 with customs data
		shipment2 string // 7S id of a shipment of ORD-1 without
	}
	// prep makes ORD-1 with two shipments, one with customs data, ORD-3
	// without any, and the product SKU-P.
	prep := func(t *testing.T, c *sevensenders.Client) env {
		ctx := t.Context()
		var a, b map[string]any
		for _, call := range []struct {
			path string
			body any
			out  any
		}{
			{"/orders", order("ORD-1"), nil},
			{"/orders", order("ORD-3"), nil},
			{"/products", map[string]any{"sku": "SKU-P", "name": "P"}, nil},
			{"/shipments", simShipment("ORD-1", "TRACK-A", ""), &a},
			{"/shipments", simShipment("ORD-1", "TRACK-B", ""), &b},
		} {
			if _, err := c.Do(ctx, http.MethodPost, call.path, call.body, call.out); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.Do(ctx, http.MethodPost, "/customs/shipments", simCustoms(str(a["id"]), "ORD-1", "TRACK-A"), nil); err != nil {
			t.Fatal(err)
		}
		return env{shipment: str(a["id"]), shipment2: str(b["id"])}
	}
	label := simShipment("ORD-1", "", "REF-L")
	label["carrier"] = map[string]any{"name": "dhl", "country": "DE"}
	label["format"] = "zpl"
	tests := []struct {
		name  string
		path  string
		body  func(e env) map[string]any
		key   string // a field the answer must have
		count func(st *sim.State) int
	}{
		{
			name: "order", path: "/v2/orders", key: "order_id",
			body:  func(env) map[string]any { return order("ORD-2") },
			count: func(st *sim.State) int { return len(st.Orders) },
		},
		{
			name: "order state", path: "/v2/order_states", key: "state",
			body: func(env) map[string]any {
				return map[string]any{"order_id": "ORD-3", "state": "in_preparation", "datetime": "2024-01-15T11:00:00Z"}
			},
			count: func(st *sim.State) int { return len(st.Orders[1]["states_history"].([]any)) },
		},
		{
			name: "order item", path: "/v2/orders/ORD-1/items", key: "sku",
			body:  func(env) map[string]any { return map[string]any{"sku": "SKU-P", "name": "P"} },
			count: func(st *sim.State) int { return len(st.Items) },
		},
		{
			name: "shipment by reference_number", path: "/v2/shipments", key: "reference_number",
			body:  func(env) map[string]any { return simShipment("ORD-1", "", "REF-1") },
			count: func(st *sim.State) int { return len(st.Shipments) },
		},
		{
			name: "shipment by tracking_code", path: "/v2/shipments", key: "tracking_code",
			body:  func(env) map[string]any { return simShipment("ORD-1", "TRACK-C", "") },
			count: func(st *sim.State) int { return len(st.Shipments) },
		},
		{
			name: "label", path: "/v2/labels", key: "download_url",
			body:  func(env) map[string]any { return label },
			count: func(st *sim.State) int { return len(st.Labels) },
		},
		{
			name: "customs shipment", path: "/v2/customs/shipments", key: "shipment_id",
			body:  func(e env) map[string]any { return simCustoms(e.shipment2, "ORD-1", "TRACK-B") },
			count: func(st *sim.State) int { return len(st.Customs) },
		},
		{
			name: "manifest", path: "/v2/customs/manifests", key: "manifest_id",
			body: func(e env) map[string]any {
				return map[string]any{"manifest_id": "M-1", "shipment_ids": []any{e.shipment}, "pieces": 1}
			},
			count: func(st *sim.State) int { return len(st.Manifests) },
		},
		{
			name: "product", path: "/v2/products", key: "sku",
			body:  func(env) map[string]any { return map[string]any{"sku": "SKU-1", "name": "One"} },
			count: func(st *sim.State) int { return len(st.Products) },
		},
		{
			name: "product image", path: "/v2/products/SKU-P/images", key: "url",
			body:  func(env) map[string]any { return map[string]any{"url": "https://shop.example.com/p.jpg"} },
			count: func(st *sim.State) int { return len(st.Products[0]["images"].([]any)) },
		},
	}
	for _, tc := range tests {
		for _, drop := range []bool{true, false} {
			name := tc.name + "/503"
			if drop {
				name = tc.name + "/dropped"
			}
			t.Run(name, func(t *testing.T) {
				var armed atomic.Bool
				c, srv := setupSim(t, failFirst(t, tc.path, drop, &armed))
				e := prep(t, c)
				armed.Store(true)
				before := tc.count(srv.Snapshot())
				seen := len(srv.Received())
				var got map[string]any
				resp, err := c.Do(t.Context(), http.MethodPost, strings.TrimPrefix(tc.path, "/v2"), tc.body(e), &got)
				if err != nil {
					t.Fatal(err)
				}
				if got[tc.key] == nil || got[tc.key] == "" {
					t.Errorf("the result %v lacks %s", got, tc.key)
				}
				if resp.ReadBack != drop {
					t.Errorf("read back: %v, want %v", resp.ReadBack, drop)
				}
				if got := tc.count(srv.Snapshot()) - before; got != 1 {
					t.Errorf("created %d, want 1", got)
				}
				posts := 0
				for _, r := range srv.Received()[seen:] {
					if r.Method == http.MethodPost && r.Path == tc.path {
						posts++
					}
				}
				// The simulator saw the create once when the answer was
				// lost (read back, not sent again), and once when the 503
				// came from in front of it (sent again).
				if posts != 1 {
					t.Errorf("the simulator received %d creates, want 1", posts)
				}
			})
		}
	}
}

// A read-back of a label gives the label its shipment names, which the
// label download serves (000 "GET Label-Download").
func TestReadBackLabelDownloads(t *testing.T) {
	var armed atomic.Bool
	armed.Store(true)
	c, _ := setupSim(t, failFirst(t, "/v2/labels", true, &armed))
	if _, err := createOrder(t.Context(), c, "ORD-1"); err != nil {
		t.Fatal(err)
	}
	body := simShipment("ORD-1", "", "REF-L")
	body["carrier"] = map[string]any{"name": "dhl", "country": "DE"}
	var l map[string]any
	if _, err := c.Do(t.Context(), http.MethodPost, "/labels", body, &l); err != nil {
		t.Fatal(err)
	}
	var file []byte
	if _, err := c.Do(t.Context(), http.MethodGet, "/label-download/"+str(l["id"]), nil, &file); err != nil || len(file) == 0 {
		t.Fatalf("download of %v: %d bytes, %v", l, len(file), err)
	}
}
