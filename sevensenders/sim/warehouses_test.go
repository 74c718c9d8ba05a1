package sim

import (
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"
)

var lagerSued = Warehouse{Name: "Lager Süd", Address: "Industriestr. 1 80331 München", Country: "DE"}

// TestWithWarehouses: the account's warehouses replace the default ones,
// in GET /v2/warehouses and in the rule warehouse-defined.
func TestWithWarehouses(t *testing.T) {
	c := setup(t, WithWarehouses(lagerSued))
	got := c.must(200, "GET", "/v2/warehouses", nil)
	if want := []any{Object{"id": "1", "name": "Lager Süd", "address": "Industriestr. 1 80331 München", "country": "DE"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("GET /v2/warehouses = %v", got)
	}
	c.order("ORD-1")
	status, _, v := c.do("POST", "/v2/shipments", shipmentBody("ORD-1", "TC-1"))
	if _, msg, _ := errorOf(v); status != 422 || msg != `/warehouse: warehouse "Main Warehouse" is not a warehouse of the account (defined: "Lager Süd")` {
		t.Fatalf("default warehouse: %d %q", status, msg)
	}
	none := setup(t, WithWarehouses())
	none.order("ORD-1")
	status, _, v = none.do("POST", "/v2/shipments", shipmentBody("ORD-1", "TC-1"))
	if _, msg, _ := errorOf(v); status != 422 || msg != `/warehouse: warehouse "Main Warehouse" is not a warehouse of the account (defined: none)` {
		t.Fatalf("no warehouses: %d %q", status, msg)
	}
}

// TestAdminWarehouses: GET and POST /sim/warehouses, kept in the state
// file; WithWarehouses overrides a loaded state; reset restores them.
func TestAdminWarehouses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	c := setup(t, WithStateFile(path))
	tests := []struct {
		name    string
		body    any
		status  int
		message string
		names   []string
	}{
		{"add one", Object{"name": "Lager Süd", "address": "Industriestr. 1 80331 München", "country": "de"}, 200, "",
			[]string{"Main Warehouse", "Main Warehouse Vienna", "Lager Süd"}},
		{"replace one by name", Object{"name": "Lager Süd", "address": "Industriestr. 2 80331 München", "country": "DE"}, 200, "",
			[]string{"Main Warehouse", "Main Warehouse Vienna", "Lager Süd"}},
		{"replace all", []any{Object{"name": "Milano", "address": "Via Roma 1 20121 Milano", "country": "IT"}}, 200, "", []string{"Milano"}},
		{"no name", Object{"address": "x", "country": "DE"}, 422, "/name: must be the warehouse's name", nil},
		{"two lines", []any{Object{"name": "A", "address": "x\ny", "country": "DE"}}, 422, "/0/address: must be one line (002 warehouse_address)", nil},
		{"bad country", Object{"name": "A", "address": "x", "country": "Germany"}, 422, "/country: must be an ISO 3166-1 alpha-2 country code such as DE", nil},
		{"a string", `"Milano"`, 422, "send a warehouse {name, address, country} or a list of them", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, v := c.admin("/sim/warehouses", tc.body)
			if _, msg, _ := errorOf(v); status != tc.status || (status >= 400 && msg != tc.message) {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
			if status < 400 {
				var names []string
				for _, w := range v.([]any) {
					names = append(names, field(w, "name"))
				}
				if !reflect.DeepEqual(names, tc.names) {
					t.Fatalf("warehouses %v, want %v", names, tc.names)
				}
			}
		})
	}
	_, _, got := c.raw("GET", "/sim/warehouses", nil, "")
	if want := []any{Object{"name": "Milano", "address": "Via Roma 1 20121 Milano", "country": "IT"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("GET /sim/warehouses = %v", got)
	}
	if reloaded, err := Open(WithStateFile(path)); err != nil || reloaded.Snapshot().Warehouses[0].Name != "Milano" {
		t.Fatalf("reloaded: %v %v", err, reloaded.Snapshot().Warehouses)
	}
	over, _ := Open(WithStateFile(path), WithWarehouses(lagerSued))
	if ws := over.Snapshot().Warehouses; !reflect.DeepEqual(ws, []Warehouse{lagerSued}) {
		t.Fatalf("WithWarehouses over a state file: %v", ws)
	}
	rec := httptest.NewRecorder()
	over.ServeHTTP(rec, httptest.NewRequest("POST", "/sim/reset", nil))
	if ws := over.Snapshot().Warehouses; rec.Code != 204 || !reflect.DeepEqual(ws, []Warehouse{lagerSued}) {
		t.Fatalf("after reset: %d %v", rec.Code, ws)
	}
}

// TestWithShopWarehouse: the warehouse a shop's settings name becomes the
// account's only one; settings without a named warehouse keep the
// default ones.
func TestWithShopWarehouse(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings map[string]any
		want     []Warehouse
	}{
		{"named", map[string]any{"warehouse": map[string]any{"name": lagerSued.Name, "address": lagerSued.Address, "country": "DE"}}, []Warehouse{lagerSued}},
		{"no name", map[string]any{"warehouse": map[string]any{"country": "DE"}}, defaultWarehouses},
		{"no settings", nil, defaultWarehouses},
	} {
		s := New(WithShopWarehouse(tc.settings))
		if got := s.accountWarehouses(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
