package builtins

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// t0 is the simulator's fixed clock in these tests.
var t0 = time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)

// api is a registry whose sevensenders.* builtins call a simulator over
// loopback HTTP, and the exchanges its calls recorded.
type api struct {
	t   testing.TB
	reg *engine.Registry
	srv *sim.Server

	mu        sync.Mutex
	exchanges []engine.Exchange
}

// setupAPI starts a simulator behind httptest.NewServer, with a base-path
// guard, and registers every builtin with a client of it.
func setupAPI(t testing.TB) *api {
	t.Helper()
	client, srv := newSimClient(t)
	reg := engine.NewRegistry()
	if err := Register(reg, WithClient(client)); err != nil {
		t.Fatalf("Register: %v", err)
	}
	return &api{t: t, reg: reg, srv: srv}
}

// newSimClient starts a simulator behind httptest.NewServer, with a
// base-path guard, and returns a client of it that reports its exchanges
// with RecordExchange.
func newSimClient(t testing.TB) (*sevensenders.Client, *sim.Server) {
	t.Helper()
	srv := sim.New(sim.WithClock(t0), sim.WithSeed(1))
	mux := http.NewServeMux()
	mux.Handle("/v2/", srv)
	mux.Handle("/sim/", srv)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside /v2 and /sim: %s %s", r.Method, r.URL)
		http.Error(w, "base path guard", http.StatusTeapot)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	client := sevensenders.NewClient(ts.URL+"/v2",
		sevensenders.WithAccessKey(sim.DefaultAccessKey),
		sevensenders.WithObserver(RecordExchange),
		sevensenders.WithSleep(func(context.Context, time.Duration) error { return nil }))
	return client, srv
}

// call calls the builtin name with args, as a run's call step does, and
// records the exchanges it reports.
func (a *api) call(name string, args map[string]any) (any, error) {
	a.t.Helper()
	b, ok := a.reg.Call(name)
	if !ok {
		a.t.Fatalf("builtin %q is not registered", name)
	}
	ctx := engine.WithRecorder(context.Background(), func(x engine.Exchange) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.exchanges = append(a.exchanges, x)
	})
	return b.Call(ctx, args)
}

// must calls name and fails the test on an error.
func (a *api) must(name string, args map[string]any) any {
	a.t.Helper()
	v, err := a.call(name, args)
	if err != nil {
		a.t.Fatalf("%s: %v", name, err)
	}
	return v
}

// object calls name and returns its result as an object.
func (a *api) object(name string, args map[string]any) map[string]any {
	a.t.Helper()
	v := a.must(name, args)
	m, ok := v.(map[string]any)
	if !ok {
		a.t.Fatalf("%s: result %#v is not an object", name, v)
	}
	return m
}

// list calls name and returns its result as a list.
func (a *api) list(name string, args map[string]any) []any {
	a.t.Helper()
	v := a.must(name, args)
	l, ok := v.([]any)
	if !ok {
		a.t.Fatalf("%s: result %#v is not a list", name, v)
	}
	return l
}

// received returns the "METHOD /path" of each API request the simulator
// received.
func (a *api) received() []string {
	var out []string
	for _, r := range a.srv.Received() {
		out = append(out, r.Method+" "+withQuery(r))
	}
	return out
}

// withQuery is the path of r with its query, if it has one.
func withQuery(r sim.Request) string {
	if r.Query == "" {
		return r.Path
	}
	return r.Path + "?" + r.Query
}

// details returns the details of a DetailedError, failing the test for
// any other error.
func details(t testing.TB, err error) []engine.Detail {
	t.Helper()
	var d engine.DetailedError
	if !errors.As(err, &d) {
		t.Fatalf("error %v (%T) is not an engine.DetailedError", err, err)
	}
	return d.Details()
}

func orderArgs(id string) map[string]any {
	return map[string]any{"order_id": id, "order_date": "2024-01-15T10:30:00Z", "order_url": "https://shop.example.com/" + id, "language": "en"}
}

func shipmentArgs(orderID, tracking string) map[string]any {
	return map[string]any{
		"order_id": orderID, "tracking_code": tracking,
		"carrier":              map[string]any{"name": "dhl", "country": "DE"},
		"recipient_first_name": "Max", "recipient_last_name": "Muster", "recipient_email": "max@example.com",
		"recipient_address": "Berliner Str. 4", "recipient_zip": "WC2N 5DU", "recipient_city": "London", "recipient_country": "GB",
		"weight": 1.2, "planned_pickup_datetime": "2024-01-16T15:47:00Z",
		"warehouse_address": "Kochhannstr. 38 10247 Berlin", "warehouse": "Main Warehouse",
	}
}

func customsArgs(shipmentID, orderID, tracking string) map[string]any {
	return map[string]any{
		"shipment_id": shipmentID, "order_id": orderID, "invoice_id": "INV-1", "invoice_date": "2024-01-15T10:10:10.933Z",
		"incoterm": "DAP", "tracking_code": tracking, "planned_pickup_datetime": "2024-01-16T15:47:00Z",
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

// asError is errors.As, for brevity.
func asError(err error, target any) bool { return errors.As(err, target) }
