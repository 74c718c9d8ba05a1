package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// t0 is the manual clock's start in every test.
var t0 = time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)

// client talks to one simulator over a real loopback socket.
type client struct {
	t     testing.TB
	srv   *Server
	base  string
	token string
}

// setup starts a simulator with a manual clock at t0 and seed 1, behind a
// base-path guard that fails the test on any path outside /v2 and /sim.
func setup(t testing.TB, opts ...Option) *client {
	t.Helper()
	srv := New(append([]Option{WithClock(t0), WithSeed(1)}, opts...)...)
	mux := http.NewServeMux()
	mux.Handle(apiPrefix, srv)
	mux.Handle(adminPrefix, srv)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside /v2 and /sim: %s %s", r.Method, r.URL)
		http.Error(w, "base path guard", http.StatusTeapot)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	c := &client{t: t, srv: srv, base: ts.URL}
	c.token = c.newToken()
	return c
}

func (c *client) newToken() string {
	c.t.Helper()
	status, _, body := c.raw("POST", "/v2/token", Object{"access_key": c.srv.accessKey}, "")
	if status != http.StatusOK {
		c.t.Fatalf("POST /v2/token: %d %v", status, body)
	}
	return body.(Object)["token"].(string)
}

// do sends body (an Object, a string of raw JSON, or nil) with the token
// and returns the status, the headers and the decoded JSON body.
func (c *client) do(method, path string, body any) (int, http.Header, any) {
	c.t.Helper()
	return c.raw(method, path, body, c.token)
}

func (c *client) raw(method, path string, body any, token string) (int, http.Header, any) {
	c.t.Helper()
	if token == "" {
		token = "-"
	}
	return c.send(method, path, body, token, true)
}

// send is raw with the token ("" the client's, "-" none) and, if
// withType, Content-Type: application/json for a body.
func (c *client) send(method, path string, body any, token string, withType bool) (int, http.Header, any) {
	c.t.Helper()
	switch token {
	case "":
		token = c.token
	case "-":
		token = ""
	}
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if r != nil && withType {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	var v any
	if len(data) > 0 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(data, &v); err != nil {
			c.t.Fatalf("%s %s: body is not JSON: %v\n%s", method, path, err, data)
		}
	} else if len(data) > 0 {
		v = data
	}
	return res.StatusCode, res.Header, v
}

// must sends a request and fails the test unless the status is want.
func (c *client) must(want int, method, path string, body any) any {
	c.t.Helper()
	status, _, v := c.do(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, v)
	}
	return v
}

// admin posts to a /sim/ path.
func (c *client) admin(path string, body any) (int, any) {
	c.t.Helper()
	status, _, v := c.raw("POST", path, body, "")
	return status, v
}

func (c *client) advance(d string) {
	c.t.Helper()
	if status, v := c.admin("/sim/clock", Object{"advance": d}); status != http.StatusOK {
		c.t.Fatalf("advance clock: %d %v", status, v)
	}
	c.token = c.newToken()
}

func (c *client) deliver(shipmentID string) {
	c.t.Helper()
	if status, v := c.admin("/sim/shipments/"+shipmentID+"/deliver", nil); status != http.StatusCreated {
		c.t.Fatalf("deliver %s: %d %v", shipmentID, status, v)
	}
}

// errorOf returns the status, code, message and pointers of an error.
func errorOf(v any) (code, message string, pointers []string) {
	o, _ := v.(Object)
	code, _ = o["code"].(string)
	message, _ = o["message"].(string)
	errs, _ := o["errors"].([]any)
	for _, e := range errs {
		pointers = append(pointers, e.(Object)["pointer"].(string))
	}
	return code, message, pointers
}

func field(v any, key string) string {
	o, _ := v.(Object)
	s, _ := o[key].(string)
	return s
}

func orderBody(id string) Object {
	return Object{"order_id": id, "order_date": "2024-01-15T10:30:00Z", "order_url": "https://shop.example.com/" + id, "language": "en"}
}

func shipmentBody(orderID, tracking string) Object {
	return Object{
		"order_id": orderID, "tracking_code": tracking,
		"carrier":              Object{"name": "dhl", "country": "DE"},
		"recipient_first_name": "Max", "recipient_last_name": "Muster", "recipient_email": "max@example.com",
		"recipient_address": "Berliner Str. 4", "recipient_zip": "WC2N 5DU", "recipient_city": "London", "recipient_country": "GB",
		"weight": 1.2, "planned_pickup_datetime": "2024-01-16T15:47:00Z",
		"warehouse_address": "Kochhannstr. 38 10247 Berlin", "warehouse": "Main Warehouse",
	}
}

func customsBody(shipmentID, orderID, country, incoterm string) Object {
	return Object{
		"shipment_id": shipmentID, "order_id": orderID, "invoice_id": "INV-1", "invoice_date": "2024-01-15T10:10:10.933Z",
		"incoterm": incoterm, "tracking_code": "TC-1", "planned_pickup_datetime": "2024-01-16T15:47:00Z",
		"departure_country": "DE", "departure_country_customs_id": "DE123456789123456", "arrival_country_customs_id": "GB123456789000",
		"net_weight": 230, "gross_weight": 321.5, "weight_um": "G", "departure_country_currency": "EUR",
		"recipient": Object{"first_name": "Max", "last_name": "Muster", "address": "Berliner Str. 4", "city": "London", "zip": "WC2N 5DU", "country": country},
		"skus": []any{Object{
			"id": 1, "country_of_origin": "IN", "departure_country_description": "T-Shirt gewirkt aus Baumwolle",
			"language_departure_country_description": "de", "preferential_code": 1, "departure_country_tariff_number": "61091000",
			"arrival_country_description": "Cotton T-shirt", "language_arrival_country_description": "en",
			"arrival_country_tariff_number": "61091000", "qty": 2, "weight": 115, "weight_u": "G",
			"net_value": "39.95", "sales_value": "47.54", "upc_code": "116800711680",
		}},
	}
}

// order creates an order and returns its 7S id.
func (c *client) order(id string) string {
	c.t.Helper()
	return field(c.must(http.StatusCreated, "POST", "/v2/orders", orderBody(id)), "id")
}

// shipment creates a shipment of orderID to GB and returns its 7S id.
func (c *client) shipment(orderID, tracking string) string {
	c.t.Helper()
	return c.shipmentTo(orderID, tracking, "GB")
}

// shipmentTo creates a shipment of orderID to country and returns its
// 7S id.
func (c *client) shipmentTo(orderID, tracking, country string) string {
	c.t.Helper()
	b := shipmentBody(orderID, tracking)
	b["recipient_country"] = country
	return field(c.must(http.StatusCreated, "POST", "/v2/shipments", b), "id")
}

// customsOf is customsBody for an existing shipment: its order and its
// tracking code.
func (c *client) customsOf(shipmentID, country, incoterm string) Object {
	c.t.Helper()
	sh := c.must(http.StatusOK, "GET", "/v2/shipments/"+shipmentID, nil)
	b := customsBody(shipmentID, field(sh, "order_id"), country, incoterm)
	b["tracking_code"] = field(sh, "tracking_code")
	return b
}

func (c *client) state(orderID string) string {
	c.t.Helper()
	return field(c.must(http.StatusOK, "GET", "/v2/orders/"+orderID, nil), "state")
}
