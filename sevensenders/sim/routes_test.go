package sim

import (
	"net/http"
	"strings"
	"testing"
)

// TestAuth covers POST /v2/token and the token check, both sides.
func TestAuth(t *testing.T) {
	c := setup(t, WithAccessKey("secret"))
	tests := []struct {
		name, method, path string
		body               any
		token              string
		status             int
		message            string
	}{
		{"wrong key", "POST", "/v2/token", Object{"access_key": "sim"}, "", 401, "access_key is not valid"},
		{"missing key", "POST", "/v2/token", Object{}, "", 422, "request body breaks schema token: /access_key: required"},
		{"malformed body", "POST", "/v2/token", `{"access_key":`, "", 400, "request body is not valid JSON: unexpected EOF"},
		{"empty body", "POST", "/v2/token", "", "", 400, "request body is empty; send a JSON object"},
		{"not an object", "POST", "/v2/token", `["sim"]`, "", 400, "request body must be a JSON object"},
		{"trailing data", "POST", "/v2/token", `{"access_key":"secret"} {}`, "", 400, "request body has data after the JSON object"},
		{"missing token", "GET", "/v2/orders", nil, "", 401, "missing bearer token; get one from POST /v2/token"},
		{"unknown token", "GET", "/v2/orders", nil, "sim.nope", 401, "token is not valid; get one from POST /v2/token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.raw(tc.method, tc.path, tc.body, tc.token)
			_, msg, _ := errorOf(v)
			if status != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
	status, _, v := c.raw("POST", "/v2/token", Object{"access_key": "secret"}, "")
	if status != 200 || strings.Count(field(v, "token"), ".") != 2 {
		t.Fatalf("right key: %d %v", status, v)
	}
	token := field(v, "token")
	if status, _, _ := c.raw("GET", "/v2/orders", nil, token); status != 200 {
		t.Fatalf("fresh token: %d", status)
	}
	c.admin("/sim/clock", Object{"advance": "59m59s"})
	if status, _, _ := c.raw("GET", "/v2/orders", nil, token); status != 200 {
		t.Fatalf("token at 59m59s: %d", status)
	}
	c.admin("/sim/clock", Object{"advance": "1s"})
	status, _, v = c.raw("GET", "/v2/orders", nil, token)
	if _, msg, _ := errorOf(v); status != 401 || msg != "token expired at 2024-01-15T11:00:00Z; get a new one from POST /v2/token" {
		t.Fatalf("token at 60m: %d %q", status, msg)
	}
}

// TestRoutes covers the spellings clients use, 404, 405 and 413.
func TestRoutes(t *testing.T) {
	c := setup(t)
	id := c.order("ORD-1")
	sid := c.shipment("ORD-1", "TC-1")
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/v2/orders", 200},
		{"GET", "/v2/order", 200},
		{"GET", "/v2/orders.json", 200},
		{"GET", "/v2/orders/" + id, 200},
		{"GET", "/v2/order/" + id + ".json", 200},
		{"GET", "/v2/orders/ORD-1", 200},
		{"GET", "/v2/shipment/" + sid, 200},
		{"GET", "/v2/shipments/" + sid + "/tracking_history", 200},
		{"GET", "/v2/shipments/" + sid + "/tracking-history.json", 200},
		{"GET", "/v2/shipment/events/" + sid, 200},
		{"GET", "/v2/carrier", 200},
		{"GET", "/v2/warehouse", 200},
		{"GET", "/v2/nothing", 404},
		{"GET", "/v2/orders/" + id + "/nothing", 404},
		{"PATCH", "/v2/orders/" + id, 405},
		{"GET", "/v2/token", 405},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			if status, _, v := c.do(tc.method, tc.path, nil); status != tc.status {
				t.Fatalf("status %d, want %d: %v", status, tc.status, v)
			}
		})
	}
	big := `{"order_id":"` + strings.Repeat("x", maxBody) + `"}`
	status, _, v := c.do("POST", "/v2/orders", big)
	if _, msg, _ := errorOf(v); status != http.StatusRequestEntityTooLarge || msg != "request body is larger than 1048576 bytes" {
		t.Fatalf("large body: %d %q", status, msg)
	}
	status, _, v = c.do("PATCH", "/v2/orders/"+id, nil)
	if code, msg, _ := errorOf(v); code != codeNotAllowed || msg != "PATCH is not allowed on /v2/orders/"+id {
		t.Fatalf("405 body: %d %s %q", status, code, msg)
	}
}
