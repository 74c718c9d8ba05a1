package sim

import (
	"encoding/json"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
)

// examplePath is the faults file the docs show.
const examplePath = "testdata/faults-example.yaml"

// TestReadFaultsExample: the example faults file of the docs reads.
func TestReadFaultsExample(t *testing.T) {
	b, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	set, err := ReadFaults(examplePath, b)
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 6 || set.seed != 42 || !set.hasSeed {
		t.Fatalf("%d faults, seed %d", set.Len(), set.seed)
	}
	var kinds []string
	for _, f := range set.list {
		kinds = append(kinds, f.Kind)
	}
	if want := []string{"status", "status", "reset", "delay", "slow", "expire_token"}; !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
}

// TestReadFaults: YAML and JSON read alike; every mistake is named by
// its pointer.
func TestReadFaults(t *testing.T) {
	tests := []struct {
		name, src, err string
	}{
		{"yaml", "faults:\n  - {method: post, path: /v2/orders, status: 503, rate: 0.5}\n", ""},
		{"json", `{"seed": 3, "faults": [{"method": "POST", "path": "/v2/orders", "status": 503, "rate": "50%"}]}`, ""},
		{"no faults", "seed: 1\n", ""},
		{"not a mapping", "- 1\n", "faults file f: want a mapping {seed, faults}"},
		{"not YAML", "faults: [", "faults file f: yaml: line 1: did not find expected node content"},
		{"an unknown key", "fault: []\n", "faults file f: /fault: unknown field; a faults file has seed and faults"},
		{"a bad seed", "seed: 1.5\n", "faults file f: /seed: must be a whole number"},
		{"faults not a list", "faults: {}\n", "faults file f: /faults: must be a list of faults"},
		{"a fault not a mapping", "faults: [1]\n", "faults file f: /faults/0: must be a fault {method, path, kind, ...}"},
		{"a bad fault", "faults:\n  - {method: GET, path: /v2/orders, status: 200}\n", "faults file f: /faults/0/status: must be an HTTP error status from 400 to 599"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadFaults("f", []byte(tc.src))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.err {
				t.Fatalf("error %q, want %q", got, tc.err)
			}
		})
	}
}

// TestFaultsConfigured: the faults of WithFaults are there from the
// start and again after a reset; PUT /sim/faults replaces them.
func TestFaultsConfigured(t *testing.T) {
	set, err := ReadFaults("f", []byte("faults:\n  - {method: GET, path: /v2/orders, status: 503, times: 2}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := setup(t, WithFaults(set))
	listed := func() int {
		_, _, v := c.raw("GET", "/sim/faults", nil, "")
		l, _ := v.([]any)
		return len(l)
	}
	c.must(http.StatusServiceUnavailable, "GET", "/v2/orders", nil)
	c.must(http.StatusServiceUnavailable, "GET", "/v2/orders", nil)
	c.must(http.StatusOK, "GET", "/v2/orders", nil)
	if n := listed(); n != 0 {
		t.Fatalf("%d faults listed once used up", n)
	}
	c.admin("/sim/reset", nil)
	c.token = c.newToken()
	if n := listed(); n != 1 {
		t.Fatalf("%d faults after a reset, want the configured one", n)
	}
	status, _, v := c.raw("PUT", "/sim/faults", Object{"seed": 9, "faults": []any{
		Object{"method": "*", "path": "/v2/**", "kind": "delay", "delay": "1s", "rate": 0.5},
		Object{"method": "POST", "path": "/v2/orders", "status": 500},
	}}, "")
	if l, _ := v.([]any); status != http.StatusOK || len(l) != 2 {
		t.Fatalf("PUT /sim/faults: %d %v", status, v)
	}
	status, _, v = c.raw("PUT", "/sim/faults", Object{"faults": []any{Object{"method": "POST"}}}, "")
	if _, msg, _ := errorOf(v); status != http.StatusUnprocessableEntity || msg != "/faults/0/path: must be a path of the API under /v2/, such as /v2/customs/shipments" {
		t.Fatalf("a bad PUT /sim/faults: %d %q", status, msg)
	}
	if n := listed(); n != 2 {
		t.Fatalf("a refused PUT changed the faults: %d", n)
	}
	if status, _, _ := c.raw("DELETE", "/sim/faults", nil, ""); status != http.StatusNoContent || listed() != 0 {
		t.Fatalf("DELETE /sim/faults")
	}
}

// TestFaultPaths: a fault's path matches segment by segment; * and
// {name} match one segment, a last ** any rest, method * any method.
func TestFaultPaths(t *testing.T) {
	tests := []struct {
		pattern, method, path string
		want                  bool
	}{
		{"/v2/orders", "POST", "/v2/order", true},
		{"/v2/orders/{id}", "GET", "/v2/orders/1000001.json", true},
		{"/v2/orders/*", "GET", "/v2/orders/1000001/items", false},
		{"/v2/**", "GET", "/v2/orders/1000001/items", true},
		{"/v2/customs/**", "GET", "/v2/orders", false},
		{"/v2/orders/1000001", "GET", "/v2/orders/1000002", false},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+" "+tc.path, func(t *testing.T) {
			if got := faultMatch(segments(tc.pattern), segments(tc.path)); got != tc.want {
				t.Fatalf("match %v, want %v", got, tc.want)
			}
		})
	}
	for _, p := range []string{"/v2/**", "/v2/orders/1000001", "/v2/customs/**", "/v2/*/*/tracking_history"} {
		if !routeExists("*", p) {
			t.Errorf("routeExists(*, %s) = false", p)
		}
	}
	if routeExists("PATCH", "/v2/**") || routeExists("*", "/v2/nothing/**") {
		t.Errorf("routeExists finds an endpoint that is not there")
	}
}

// TestFaultsRefusedKinds: each kind takes its own fields only.
func TestFaultsRefusedKinds(t *testing.T) {
	c := setup(t)
	tests := []struct {
		name    string
		body    Object
		message string
	}{
		{"an unknown field", Object{"method": "GET", "path": "/v2/orders", "status": 500, "percent": 5}, "/percent: unknown field; a fault has method, path, kind, status, retry_after, retry_after_format, delay, after, rate, times"},
		{"an unknown kind", Object{"method": "GET", "path": "/v2/orders", "kind": "fire"}, "/kind: must be one of status, expire_token, reset, delay, slow"},
		{"a delay without delay", Object{"method": "GET", "path": "/v2/orders", "kind": "delay"}, "/delay: a delay fault needs delay"},
		{"a reset with a status", Object{"method": "GET", "path": "/v2/orders", "kind": "reset", "status": 500}, "/status: a reset fault takes no status"},
		{"retry_after on a slow body", Object{"method": "GET", "path": "/v2/orders", "kind": "slow", "delay": "1s", "retry_after": 1}, "/retry_after: a slow fault takes no retry_after"},
		{"a format without retry_after", Object{"method": "GET", "path": "/v2/orders", "status": 429, "retry_after_format": "http-date"}, "/retry_after_format: goes with retry_after"},
		{"a bad format", Object{"method": "GET", "path": "/v2/orders", "status": 429, "retry_after": 1, "retry_after_format": "date"}, "/retry_after_format: must be seconds or http-date"},
		{"retry_after not whole", Object{"method": "GET", "path": "/v2/orders", "status": 429, "retry_after": 1.5}, "/retry_after: must be whole seconds from 0 to 3600"},
		{"a bad delay", Object{"method": "GET", "path": "/v2/orders", "kind": "delay", "delay": "soon"}, `/delay: must be a Go duration such as "35s", at most 1h`},
		{"a delay over an hour", Object{"method": "GET", "path": "/v2/orders", "kind": "delay", "delay": "2h"}, `/delay: must be a Go duration such as "35s", at most 1h`},
		{"expire_token without after", Object{"method": "GET", "path": "/v2/orders", "kind": "expire_token"}, "/after: an expire_token fault needs after"},
		{"a rate of 0", Object{"method": "GET", "path": "/v2/orders", "status": 500, "rate": 0}, "/rate: must be a number above 0 and at most 1, or a percentage such as \"10%\""},
		{"a rate over 100%", Object{"method": "GET", "path": "/v2/orders", "status": 500, "rate": "150%"}, "/rate: must be a number above 0 and at most 1, or a percentage such as \"10%\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, v := c.admin("/sim/faults", tc.body)
			if _, msg, _ := errorOf(v); status != http.StatusUnprocessableEntity || msg != tc.message {
				t.Fatalf("got %d %q, want 422 %q", status, msg, tc.message)
			}
		})
	}
	if _, _, v := c.raw("GET", "/sim/faults", nil, ""); !strings.HasPrefix(mustJSON(v), "[]") {
		t.Fatalf("a refused fault was kept: %v", v)
	}
}

// mustJSON is v as compact JSON.
func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
