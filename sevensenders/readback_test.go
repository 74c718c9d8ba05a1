package sevensenders_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
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
// again. Either way the simulator holds exactly one.
func TestReadBackAgainstSimulator(t *testing.T) {
	type env struct {
		c         *sevensenders.Client
		shipment  string // 7S id of a shipment of ORD-1 with customs data
		shipment2 string // 7S id of a shipment of ORD-1 without
	}
	// prep makes ORD-1 with two shipments, one with customs data.
	prep := func(t *testing.T, c *sevensenders.Client) env {
		ctx := t.Context()
		if _, err := c.CreateOrder(ctx, order("ORD-1")); err != nil {
			t.Fatal(err)
		}
		s1, s2 := simShipment("ORD-1", "TRACK-A", ""), simShipment("ORD-1", "TRACK-B", "")
		a, err := c.CreateShipment(ctx, &s1)
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.CreateShipment(ctx, &s2)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateCustomsShipment(ctx, simCustoms(a.ID.String(), "ORD-1")); err != nil {
			t.Fatal(err)
		}
		return env{c: c, shipment: a.ID.String(), shipment2: b.ID.String()}
	}
	tests := []struct {
		name   string
		path   string
		create func(ctx context.Context, e env) (string, error) // returns the key it created
		count  func(st *sim.State) int
	}{
		{
			name: "order", path: "/v2/orders",
			create: func(ctx context.Context, e env) (string, error) {
				o, err := e.c.CreateOrder(ctx, order("ORD-2"))
				if err != nil {
					return "", err
				}
				return o.OrderID, nil
			},
			count: func(st *sim.State) int { return len(st.Orders) },
		},
		{
			name: "shipment by reference_number", path: "/v2/shipments",
			create: func(ctx context.Context, e env) (string, error) {
				s := simShipment("ORD-1", "", "REF-1")
				sh, err := e.c.CreateShipment(ctx, &s)
				if err != nil {
					return "", err
				}
				return sh.ReferenceNumber, nil
			},
			count: func(st *sim.State) int { return len(st.Shipments) },
		},
		{
			name: "shipment by tracking_code", path: "/v2/shipments",
			create: func(ctx context.Context, e env) (string, error) {
				s := simShipment("ORD-1", "TRACK-C", "")
				sh, err := e.c.CreateShipment(ctx, &s)
				if err != nil {
					return "", err
				}
				return sh.TrackingCode, nil
			},
			count: func(st *sim.State) int { return len(st.Shipments) },
		},
		{
			name: "label", path: "/v2/labels",
			create: func(ctx context.Context, e env) (string, error) {
				r := &sevensenders.LabelRequest{Shipment: simShipment("ORD-1", "", "REF-L"), Format: sevensenders.FormatZPL}
				r.Carrier = &sevensenders.Carrier{Name: "dhl", Country: "DE"}
				l, err := e.c.CreateLabel(ctx, r)
				if err != nil {
					return "", err
				}
				if _, err := e.c.DownloadLabel(ctx, l.ID.String()); err != nil {
					return "", err
				}
				return l.OrderID + " " + l.Format, nil
			},
			count: func(st *sim.State) int { return len(st.Labels) },
		},
		{
			name: "customs shipment", path: "/v2/customs/shipments",
			create: func(ctx context.Context, e env) (string, error) {
				cs, err := e.c.CreateCustomsShipment(ctx, simCustoms(e.shipment2, "ORD-1"))
				if err != nil {
					return "", err
				}
				return cs.ShipmentID, nil
			},
			count: func(st *sim.State) int { return len(st.Customs) },
		},
		{
			name: "manifest", path: "/v2/customs/manifests",
			create: func(ctx context.Context, e env) (string, error) {
				m, err := e.c.CreateManifest(ctx, &sevensenders.Manifest{ManifestID: "M-1", ShipmentIDs: []string{e.shipment}, Pieces: 1})
				if err != nil {
					return "", err
				}
				return m.ManifestID, nil
			},
			count: func(st *sim.State) int { return len(st.Manifests) },
		},
		{
			name: "product", path: "/v2/products",
			create: func(ctx context.Context, e env) (string, error) {
				p, err := e.c.CreateProduct(ctx, &sevensenders.Product{SKU: "SKU-1", Name: "One"})
				if err != nil {
					return "", err
				}
				return p.SKU, nil
			},
			count: func(st *sim.State) int { return len(st.Products) },
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
				key, err := tc.create(t.Context(), e)
				if err != nil {
					t.Fatal(err)
				}
				if key == "" || key == " " {
					t.Errorf("the result lacks its key")
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

// An order state whose answer is lost is not sent again.
func TestOrderStateNotResent(t *testing.T) {
	var armed atomic.Bool
	armed.Store(true)
	c, srv := setupSim(t, failFirst(t, "/v2/order_states", true, &armed))
	if _, err := c.CreateOrder(t.Context(), order("ORD-1")); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateOrderState(t.Context(), &sevensenders.OrderState{OrderID: "ORD-1", State: "paid", Datetime: "2024-01-15T11:00:00Z"})
	if !errors.Is(err, sevensenders.ErrNotRetried) {
		t.Fatalf("err = %v, want ErrNotRetried", err)
	}
	if want := "POST /v2/order_states: EOF: not retried: the request may have been applied"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if st := srv.Snapshot().Orders[0]["state"]; st != "paid" {
		t.Errorf("order state = %v, want paid: the request did arrive", st)
	}
}
