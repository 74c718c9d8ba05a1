package sim

import (
	"net/http"
	"reflect"
	"testing"
)

// TestFaults: an injected fault answers the next matching requests with
// its status, names itself and changes nothing; then requests pass.
func TestFaults(t *testing.T) {
	c := fixture(t, Strict)
	status, v := c.admin("/sim/faults", Object{"method": "post", "path": "/v2/customs/shipments", "status": 422, "times": 2})
	if status != 201 || !reflect.DeepEqual(v, Object{"method": "POST", "path": "/v2/customs/shipments", "kind": "status", "status": 422.0, "times": 2.0}) {
		t.Fatalf("POST /sim/faults: %d %v", status, v)
	}
	c.admin("/sim/faults", Object{"method": "PUT", "path": "/v2/orders/{id}", "status": 503})
	_, _, list := c.raw("GET", "/sim/faults", nil, "")
	if l, _ := list.([]any); len(l) != 2 {
		t.Fatalf("GET /sim/faults: %v", list)
	}
	body := customsWith(func(_, _ Object) {})
	for i, want := range []string{
		"injected fault: POST /v2/customs/shipments answers 422 (POST /sim/faults; 1 more to come); nothing was changed",
		"injected fault: POST /v2/customs/shipments answers 422 (POST /sim/faults; 0 more to come); nothing was changed",
	} {
		status, _, v := c.do("POST", "/v2/customs/shipment", body) // an alias matches too
		if code, msg, _ := errorOf(v); status != 422 || code != codeInjected || msg != want {
			t.Fatalf("request %d: %d %s %q", i, status, code, msg)
		}
	}
	if n := len(c.srv.Snapshot().Customs); n != 0 {
		t.Fatalf("a faulted request stored %d customs shipments", n)
	}
	c.must(201, "POST", "/v2/customs/shipments", body)
	if status, _, _ := c.do("PUT", "/v2/orders/1000001", Object{"language": "de"}); status != 503 {
		t.Fatalf("PUT /v2/orders/{id}: %d, want the injected 503", status)
	}
	c.must(200, "PUT", "/v2/orders/1000001", Object{"language": "de"})
	c.admin("/sim/faults", Object{"method": "GET", "path": "/v2/orders", "status": 500, "times": 5})
	if status, _, _ := c.raw("DELETE", "/sim/faults", nil, ""); status != 204 {
		t.Fatalf("DELETE /sim/faults: %d", status)
	}
	c.must(200, "GET", "/v2/orders", nil)
	rec := c.srv.Received()
	if last := rec[len(rec)-3]; last.Status != 503 || last.Path != "/v2/orders/1000001" {
		t.Errorf("received: %v", rec)
	}
}

// TestFaultsRefused: a fault needs a method, an error status and a path
// of an endpoint.
func TestFaultsRefused(t *testing.T) {
	c := fixture(t, Compatible)
	tests := []struct {
		name    string
		body    Object
		message string
	}{
		{"no method", Object{"path": "/v2/orders", "status": 500}, "/method: must be an HTTP method such as POST, or *"},
		{"a success status", Object{"method": "GET", "path": "/v2/orders", "status": 200}, "/status: must be an HTTP error status from 400 to 599"},
		{"times 0", Object{"method": "GET", "path": "/v2/orders", "status": 500, "times": 0}, "/times: must be a whole number from 1"},
		{"an admin path", Object{"method": "GET", "path": "/sim/state", "status": 500}, "/path: must be a path of the API under /v2/, such as /v2/customs/shipments"},
		{"no such endpoint", Object{"method": "PATCH", "path": "/v2/orders/{id}", "status": 500}, "/path: no endpoint PATCH /v2/orders/{id}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, v := c.admin("/sim/faults", tc.body)
			if _, msg, _ := errorOf(v); status != http.StatusUnprocessableEntity || msg != tc.message {
				t.Fatalf("got %d %q, want 422 %q", status, msg, tc.message)
			}
		})
	}
}
