package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestAdmin covers /sim/: the clock, events, received, state and reset.
func TestAdmin(t *testing.T) {
	c := setup(t)
	tests := []struct {
		name, path string
		body       any
		status     int
		message    string
	}{
		{"advance", "/sim/clock", Object{"advance": "2h"}, 200, ""},
		{"bad duration", "/sim/clock", Object{"advance": "soon"}, 422, `/advance: "soon" is not a Go duration such as "2h"`},
		{"negative", "/sim/clock", Object{"advance": "-1h"}, 409, "the clock moves forward only: it is 2024-01-15T12:00:00Z, 2024-01-15T11:00:00Z is earlier"},
		{"set", "/sim/clock", Object{"set": "2024-02-01T00:00:00+0100"}, 200, ""},
		{"set earlier", "/sim/clock", Object{"set": "2024-01-20T00:00:00Z"}, 409, "the clock moves forward only: it is 2024-01-31T23:00:00Z, 2024-01-20T00:00:00Z is earlier"},
		{"set the same time", "/sim/clock", Object{"set": "2024-01-31T23:00:00Z"}, 200, ""},
		{"bad set", "/sim/clock", Object{"set": "tomorrow"}, 422, `/set: "tomorrow" is not an RFC 3339 time`},
		{"neither", "/sim/clock", Object{}, 422, `send {"advance": "2h"} or {"set": "2024-01-15T10:30:00Z"}`},
		{"malformed", "/sim/clock", "[", 400, "request body is not valid JSON: unexpected EOF"},
		{"event of unknown shipment", "/sim/shipments/9/events", Object{"status": "pickup"}, 404, `shipment "9" not found`},
		{"deliver unknown shipment", "/sim/shipments/9/deliver", nil, 404, `shipment "9" not found`},
		{"event malformed", "/sim/shipments/9/events", "{", 400, "request body is not valid JSON: unexpected EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, v := c.admin(tc.path, tc.body)
			if _, msg, _ := errorOf(v); status != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
	if now := c.srv.Snapshot(); !now.Clock.Add(now.Offset).Equal(time.Date(2024, 1, 31, 23, 0, 0, 0, time.UTC)) {
		t.Fatalf("clock after set: %v", now.Clock.Add(now.Offset))
	}
	c.token = c.newToken()
	c.order("ORD-1")
	sid := c.shipment("ORD-1", "TC-1")
	status, v := c.admin("/sim/shipments/"+sid+"/events", Object{"status": "teleported"})
	if _, msg, _ := errorOf(v); status != 422 || !strings.HasPrefix(msg, `/status: status "teleported" is not one of [new info pickup`) {
		t.Fatalf("bad status: %d %q", status, msg)
	}
	for _, st := range shipmentStatuses {
		if status, v := c.admin("/sim/shipments/"+sid+"/events", Object{"status": st}); status != 201 || field(v, "status") != st {
			t.Fatalf("event %s: %d %v", st, status, v)
		}
	}

	status, _, v2 := c.raw("GET", "/sim/received", nil, "")
	var got []string
	for _, r := range v2.([]any) {
		o := r.(Object)
		got = append(got, fmt.Sprintf("%s %s %v", o["method"], o["path"], o["status"]))
	}
	want := []string{"POST /v2/token 200", "POST /v2/token 200", "POST /v2/orders 201", "POST /v2/shipments 201"}
	if status != 200 || !reflect.DeepEqual(got, want) {
		t.Fatalf("received: %v, want %v", got, want)
	}
	if rec := c.srv.Received(); len(rec) != 4 || rec[2] != (Request{Method: "POST", Path: "/v2/orders", Status: 201}) {
		t.Fatalf("Received(): %v", rec)
	}
	status, _, st := c.raw("GET", "/sim/state", nil, "")
	if status != 200 || len(st.(Object)["orders"].([]any)) != 1 {
		t.Fatalf("state: %d %v", status, st)
	}
	if status, _ := c.admin("/sim/reset", nil); status != 204 {
		t.Fatalf("reset: %d", status)
	}
	snap := c.srv.Snapshot()
	if len(snap.Orders) != 0 || len(snap.TokenDigests) != 0 || snap.LastID != 0 || !snap.Clock.Equal(t0) || snap.Offset != 0 || len(c.srv.Received()) != 0 {
		t.Fatalf("after reset: %+v", snap)
	}
	if status, _, _ := c.raw("GET", "/sim/nothing", nil, ""); status != 404 {
		t.Fatalf("unknown admin path: %d", status)
	}
}

// TestStateFile: the state survives a restart, is written atomically,
// and a broken file is reported.
func TestStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	c := setup(t, WithStateFile(path))
	c.order("ORD-1")
	sid := c.shipment("ORD-1", "TC-1")

	srv, err := Open(WithStateFile(path), WithClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	got, want := srv.Snapshot(), c.srv.Snapshot()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("reloaded state differs:\n%+v\n%+v", got, want)
	}
	// The reloaded server keeps the tokens and the ID counter.
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c2 := &client{t: t, srv: srv, base: ts.URL, token: c.token}
	if got := c2.must(200, "GET", "/v2/shipments/"+sid, nil); field(got, "order_id") != "ORD-1" {
		t.Fatalf("shipment after restart: %v", got)
	}
	if id := c2.order("ORD-2"); id != "1000003" {
		t.Fatalf("next id after restart: %s", id)
	}
	matches, _ := filepath.Glob(path + ".*.tmp")
	if len(matches) != 0 {
		t.Fatalf("temp files left: %v", matches)
	}

	broken := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(broken, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(WithStateFile(broken)); err == nil || !strings.HasPrefix(err.Error(), "decode "+broken+": ") {
		t.Fatalf("broken state file: %v", err)
	}
	rec := httptest.NewRecorder()
	New(WithStateFile(broken)).ServeHTTP(rec, httptest.NewRequest("GET", "/v2/orders", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "load state file: decode") {
		t.Fatalf("requests to a server with a broken state file: %d %s", rec.Code, rec.Body)
	}
	if _, err := Open(WithStateFile(t.TempDir())); err == nil {
		t.Fatalf("a directory as the state file: no error")
	}
	// A state file in a directory that cannot be written: the server does
	// not start, and answers 500 to every request.
	missing := filepath.Join(t.TempDir(), "missing", "sim.json")
	if _, err := Open(WithStateFile(missing)); err == nil || !strings.HasPrefix(err.Error(), "open state log: open "+missing+".log: ") {
		t.Fatalf("unwritable state file: %v", err)
	}
	rec = httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/v2/token", strings.NewReader(`{"access_key":"sim"}`))
	req.Header.Set("Content-Type", "application/json")
	New(WithStateFile(missing)).ServeHTTP(rec, req)
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "load state file: open state log: ") {
		t.Fatalf("unwritable state file: %d %s", rec.Code, rec.Body)
	}
}

// TestRealClockAndConcurrency: without WithClock the clock is real, and
// concurrent requests are safe (run with -race).
func TestRealClockAndConcurrency(t *testing.T) {
	srv := New()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c := &client{t: t, srv: srv, base: ts.URL}
	c.token = c.newToken()
	before := time.Now().UTC()
	status, v := c.admin("/sim/clock", Object{"set": "2030-01-01T00:00:00Z"})
	if status != 200 || !strings.HasPrefix(field(v, "now"), "2030-01-01T00:00:0") {
		t.Fatalf("set the real clock: %d %v", status, v)
	}
	if srv.now().Before(before) {
		t.Fatalf("now went backwards")
	}
	c.token = c.newToken()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", ts.URL+"/v2/orders", strings.NewReader(`{"order_id":"ORD-`+strconv.Itoa(i+1)+`","order_date":"2024-01-15T10:30:00Z"}`))
			req.Header.Set("Authorization", "Bearer "+c.token)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != 201 {
				t.Errorf("concurrent create: %d", res.StatusCode)
			}
		}()
	}
	wg.Wait()
	if n := len(srv.Snapshot().Orders); n != 20 {
		t.Fatalf("orders: %d", n)
	}
}

// TestAdminKey: with an admin key, every /sim/ request needs it in
// X-Sim-Admin-Key; the API under /v2 does not.
func TestAdminKey(t *testing.T) {
	c := setup(t, WithAdminKey("s3cret"))
	open := setup(t)
	tests := []struct {
		name, method, path, key string
		srv                     *client
		status                  int
		message                 string
	}{
		{"no key", "GET", "/sim/state", "", c, 401, "no admin key: the admin API needs the admin key in the X-Sim-Admin-Key header (sevenflow sim --admin-key)"},
		{"a wrong key", "POST", "/sim/reset", "guess", c, 401, "a wrong admin key: the admin API needs the admin key in the X-Sim-Admin-Key header (sevenflow sim --admin-key)"},
		{"an unknown admin path", "GET", "/sim/nothing", "", c, 401, "no admin key: the admin API needs the admin key in the X-Sim-Admin-Key header (sevenflow sim --admin-key)"},
		{"the key", "GET", "/sim/warehouses", "s3cret", c, 200, ""},
		{"the key, unknown path", "GET", "/sim/nothing", "s3cret", c, 404, "no endpoint GET /sim/nothing"},
		{"the API needs no admin key", "GET", "/v2/orders", "", c, 200, ""},
		{"no admin key set", "GET", "/sim/warehouses", "", open, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, tc.srv.base+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+tc.srv.token)
			if tc.key != "" {
				req.Header.Set(AdminKeyHeader, tc.key)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var v any
			_ = json.NewDecoder(resp.Body).Decode(&v)
			if _, msg, _ := errorOf(v); resp.StatusCode != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", resp.StatusCode, msg, tc.status, tc.message)
			}
		})
	}
	if n := len(c.srv.Snapshot().TokenDigests); n != 1 {
		t.Fatalf("%d tokens after a refused reset, want the 1 given", n)
	}
}
