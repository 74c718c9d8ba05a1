package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// reopen loads the state file at path as a restarted simulator would.
func reopen(t testing.TB, path string, opts ...Option) *Server {
	t.Helper()
	srv, err := Open(append([]Option{WithStateFile(path), WithClock(t0)}, opts...)...)
	if err != nil {
		t.Fatalf("reopen %s: %v", path, err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// sameState fails the test unless a restart from path holds what live
// holds.
func sameState(t testing.TB, live *Server, path, after string) {
	t.Helper()
	got, want := reopen(t, path).Snapshot(), live.Snapshot()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Fatalf("after %s, the state file holds\n%s\nthe simulator\n%s", after, g, w)
	}
}

// logLines returns the records of the state log of path.
func logLines(t testing.TB, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path + logSuffix)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestStateLogReplaysEveryRuleCase: after each rule case, in each mode, a
// restart from the state file holds what the simulator holds, so every
// change of every handler reaches the log.
func TestStateLogReplaysEveryRuleCase(t *testing.T) {
	for _, tc := range ruleCases() {
		for _, m := range []Mode{Strict, Compatible} {
			if (tc.modes == inStrict && m != Strict) || (tc.modes == inCompat && m != Compatible) {
				continue
			}
			t.Run(tc.rule+"/"+m.String()+"/"+tc.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "sim.json")
				c := runRuleCase(t, tc, m, WithStateFile(path))
				sameState(t, c.srv, path, "the case")
			})
		}
	}
}

// TestStateLogScenario: a restart after each step of a scenario that
// reaches every kind of change holds what the simulator holds.
func TestStateLogScenario(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	c := setup(t, WithStateFile(path), WithMode(Compatible))
	late := orderBody("ORD-LATE")
	late["promised_delivery_date"] = "2024-01-15T12:00:00Z"
	steps := []struct {
		name string
		do   func()
	}{
		{"orders", func() { c.order("ORD-1"); c.must(201, "POST", "/v2/orders", late) }},
		{"a product and its images", func() {
			c.must(201, "POST", "/v2/products", Object{"sku": "SKU-1", "name": "Shirt"})
			c.must(201, "POST", "/v2/products/SKU-1/images", Object{"url": "https://shop.example.com/1.png"})
			c.must(201, "POST", "/v2/products/SKU-1/images", Object{"url": "https://shop.example.com/2.png"})
			c.must(204, "DELETE", "/v2/products/SKU-1/images/1000004", nil)
			c.must(200, "PUT", "/v2/products/SKU-1", Object{"name": "Blue shirt"})
		}},
		{"an item", func() { c.must(201, "POST", "/v2/orders/ORD-1/items", Object{"sku": "SKU-1", "quantity": 1}) }},
		{"order states", func() {
			c.must(201, "POST", "/v2/order_states", Object{"order_id": "ORD-1", "state": "paid", "datetime": "2024-01-15T11:00:00Z"})
		}},
		{"shipments", func() { c.shipment("ORD-1", "TC-1"); c.shipment("ORD-LATE", "TC-2") }},
		{"a BRT shipment and its hub scan", func() {
			b := shipmentBody("ORD-1", "")
			delete(b, "tracking_code")
			delete(b, "carrier")
			b["reference_number"] = "REF-1"
			id := field(c.must(201, "POST", "/v2/shipments", b), "id")
			c.admin("/sim/shipments/"+id+"/events", Object{"status": "hub_scan"})
		}},
		{"a shipment update", func() { c.must(200, "PUT", "/v2/shipments/1000007", Object{"weight": 2.5}) }},
		{"customs and their update", func() {
			c.must(201, "POST", "/v2/customs/shipments", c.customsOf("1000007", "GB", "DAP"))
			c.must(200, "PUT", "/v2/customs/shipments/1000007", Object{"invoice_id": "INV-2"})
		}},
		{"a manifest", func() {
			c.must(201, "POST", "/v2/customs/manifests", Object{"manifest_id": "M-1", "shipment_ids": []any{"1000007"}, "pieces": 1})
		}},
		{"a label with its order inline", func() {
			b := shipmentBody("ORD-L", "")
			delete(b, "tracking_code")
			b["reference_number"] = "REF-L"
			b["order"] = orderBody("ORD-L")
			c.must(201, "POST", "/v2/labels", b)
		}},
		{"the order renamed", func() { c.must(200, "PUT", "/v2/orders/1000001", Object{"order_id": "ORD-1B"}) }},
		{"warehouses", func() {
			c.admin("/sim/warehouses", Object{"name": "Lager Süd", "address": "Industriestr. 1 80331 München", "country": "DE"})
		}},
		{"the clock, and a GET that marks an order delayed", func() {
			c.advance("3h")
			c.must(200, "GET", "/v2/orders/ORD-LATE", nil)
		}},
		{"a delivery completes an order", func() { c.deliver("1000008") }},
		{"deletes", func() {
			c.must(204, "DELETE", "/v2/shipments/1000009", nil)
			c.order("ORD-GONE")
			c.must(204, "DELETE", "/v2/orders/ORD-GONE", nil)
		}},
		{"a reset", func() { c.admin("/sim/reset", nil); c.token = c.newToken() }},
		{"after the reset", func() { c.order("ORD-NEW") }},
	}
	for _, st := range steps {
		st.do()
		sameState(t, c.srv, path, st.name)
	}
	if got := c.srv.Snapshot(); len(got.Orders) != 1 || got.Orders[0]["order_id"] != "ORD-NEW" {
		t.Fatalf("orders after the scenario: %v", got.Orders)
	}
}

// TestStateLogOneAppendPerChange: each change is one record of the log;
// a GET that changes nothing appends none.
func TestStateLogOneAppendPerChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	c := setup(t, WithStateFile(path)) // the token is the first change
	for _, id := range []string{"ORD-1", "ORD-2", "ORD-3"} {
		c.order(id)
	}
	c.must(200, "GET", "/v2/orders", nil)
	lines := logLines(t, path)
	if len(lines) != 4 {
		t.Fatalf("%d records, want 4 (a token, 3 orders):\n%s", len(lines), strings.Join(lines, "\n"))
	}
	var rec logRecord
	if err := json.Unmarshal([]byte(lines[3]), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Ops) != 1 || rec.Ops[0].Put != "orders" || rec.Ops[0].Obj["order_id"] != "ORD-3" || rec.LastID != 3 {
		t.Fatalf("the record of ORD-3: %+v", rec)
	}
	snap, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(snap, []byte(`"orders": []`)) {
		t.Fatalf("the snapshot is not the empty state of the start: %v\n%s", err, snap)
	}
}

// TestStateLogCompacts: once the log outgrows its threshold, the
// snapshot is written afresh and the log emptied.
func TestStateLogCompacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	c := setup(t, WithStateFile(path))
	c.srv.mu.Lock()
	c.srv.slog.minBytes = 4096
	c.srv.mu.Unlock()
	for i := range 60 {
		c.order("ORD-" + string(rune('A'+i%26)) + string(rune('a'+i/26)))
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no snapshot after 60 orders: %v", err)
	}
	logSize := int64(len(strings.Join(logLines(t, path), "\n")))
	if limit := max(4096, compactRatio*st.Size()); logSize > limit+2048 {
		t.Fatalf("the log holds %d bytes, over its threshold %d and one record", logSize, limit)
	}
	if matches, _ := filepath.Glob(path + ".*.tmp"); len(matches) != 0 {
		t.Fatalf("temp files left: %v", matches)
	}
	sameState(t, c.srv, path, "compactions")
}

// TestStateLogTornRecord: a last record cut short by a crash is left
// out with a warning, and the simulator starts; a bad record before
// the last one is an error.
func TestStateLogTornRecord(t *testing.T) {
	tests := []struct {
		name    string
		tail    func(last string) string // what follows the good records
		loadErr string
	}{
		{"cut in the middle", func(last string) string { return last[:len(last)/2] }, ""},
		{"no end of line", func(last string) string { return last }, ""},
		{"zeros", func(string) string { return "\x00\x00\x00\x00" }, ""},
		{"a bad record before the last", func(last string) string { return "{oops\n" + last + "\n" }, "record 4: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sim.json")
			c := setup(t, WithStateFile(path))
			c.order("ORD-1")
			c.order("ORD-2")
			want := c.srv.Snapshot()
			c.order("ORD-3")
			lines := logLines(t, path)
			good := strings.Join(lines[:3], "\n") + "\n"
			if err := os.WriteFile(path+logSuffix, []byte(good+tc.tail(lines[3])), 0o600); err != nil {
				t.Fatal(err)
			}
			var log syncBuf
			srv, err := Open(WithStateFile(path), WithLog(&log))
			if tc.loadErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.loadErr) {
					t.Fatalf("load error %v, want one naming %q", err, tc.loadErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("a torn last record stops the start: %v", err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			if got := srv.Snapshot(); !reflect.DeepEqual(got, want) {
				t.Fatalf("state after a torn record: %d orders, want %d", len(got.Orders), len(want.Orders))
			}
			if !strings.Contains(log.String(), "record 4 is torn") {
				t.Fatalf("no warning in the log: %q", log.String())
			}
			// The compaction at start drops the torn record: the next
			// change is replayed after the good ones.
			h := httptestServer(t, srv)
			c2 := &client{t: t, srv: srv, base: h, token: c.token}
			c2.order("ORD-4")
			if got := reopen(t, path).Snapshot(); len(got.Orders) != 3 || got.Orders[2]["order_id"] != "ORD-4" {
				t.Fatalf("orders after a restart: %v", got.Orders)
			}
		})
	}
}

// TestStateLogReplayedTwice: a crash after a snapshot is written and
// before the log is emptied replays the log on a snapshot that holds it
// already, which changes nothing.
func TestStateLogReplayedTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	c := setup(t, WithStateFile(path))
	c.order("ORD-1")
	sid := c.shipment("ORD-1", "TC-1")
	c.must(204, "DELETE", "/v2/shipments/"+sid, nil)
	c.must(204, "DELETE", "/v2/orders/1000001", nil)
	c.order("ORD-2")
	records, err := os.ReadFile(path + logSuffix)
	if err != nil {
		t.Fatal(err)
	}
	c.srv.mu.Lock()
	if err := c.srv.compact(); err != nil {
		t.Fatal(err)
	}
	c.srv.mu.Unlock()
	if err := os.WriteFile(path+logSuffix, records, 0o600); err != nil {
		t.Fatal(err)
	}
	sameState(t, c.srv, path, "the log replayed on the snapshot that holds it")
}

// syncBuf is a log the simulator writes to.
type syncBuf struct{ bytes.Buffer }

// httptestServer serves h over loopback for the test and returns its URL.
func httptestServer(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
