package sim

import (
	"net/http"
	"reflect"
	"testing"
)

// TestOrders covers create, 002's spellings, list filters, get, put and
// delete, both sides, in strict mode.
func TestOrders(t *testing.T) {
	c := setup(t)
	body := orderBody("ORD-1")
	body["order_date"] = "2024-01-15T10:30:00+0100"
	delete(body, "order_url")
	body["shop_field"] = Object{"kept": true}
	status, hdr, v := c.do("POST", "/v2/orders", body)
	if status != 201 || hdr.Get("Location") != "/v2/orders/1000001" {
		t.Fatalf("create: %d %q %v", status, hdr.Get("Location"), v)
	}
	o := v.(Object)
	if o["order_date"] != "2024-01-15T10:30:00+01:00" || o["order_url"] != nil || !reflect.DeepEqual(o["shop_field"], Object{"kept": true}) ||
		o["tracking_page_url"] != "https://tracking.sevensenders.com/order/1000001" {
		t.Fatalf("created order: %v", o)
	}
	c.must(201, "POST", "/v2/orders", Object{"order_id": "ORD-2", "order_date": "2024-02-01T08:00:00Z"})
	c.must(201, "POST", "/v2/orders", Object{"order_id": "ORD-3", "order_date": "01.03.2024 08:00:00"})

	errs := []struct {
		name    string
		body    any
		status  int
		message string
	}{
		{"duplicate", orderBody("ORD-1"), 409, `order "ORD-1" already exists`},
		{"no order_date", Object{"order_id": "ORD-9"}, 422, "request body breaks schema order: /order_date: required"},
		{"empty order_id", Object{"order_id": "", "order_date": "2024-01-15T10:30:00Z"}, 422, "request body breaks schema order: /order_id: must not be empty"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do("POST", "/v2/orders", tc.body)
			if _, msg, _ := errorOf(v); status != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}

	lists := []struct {
		query string
		want  []string
	}{
		{"", []string{"ORD-1", "ORD-2", "ORD-3"}},
		{"?limit=1&offset=1", []string{"ORD-2"}},
		{"?offset=5", nil},
		{"?order_id=ORD-2", []string{"ORD-2"}},
		{"?state=new", []string{"ORD-1", "ORD-2", "ORD-3"}},
		{"?state=shipped", nil},
		{"?order_date[after]=2024-01-20T00:00:00Z", []string{"ORD-2", "ORD-3"}},
		{"?order_date[before]=2024-02-01", []string{"ORD-1"}},
		{"?order_date[after]=2024-01-01T00:00:00%2B0100&order_date[before]=2024-02-15T00:00:00Z", []string{"ORD-1", "ORD-2"}},
	}
	for _, tc := range lists {
		t.Run("list"+tc.query, func(t *testing.T) {
			var got []string
			for _, o := range c.must(200, "GET", "/v2/orders"+tc.query, nil).([]any) {
				got = append(got, field(o, "order_id"))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	for _, q := range []string{"?limit=0", "?limit=x", "?offset=-1", "?order_date[before]=yesterday"} {
		if status, _, _ := c.do("GET", "/v2/orders"+q, nil); status != 400 {
			t.Errorf("GET /v2/orders%s: %d, want 400", q, status)
		}
	}

	// PUT: a partial update; state is read-only; order_id may change if free.
	v = c.must(200, "PUT", "/v2/orders/1000001", Object{"boarding_complete": true, "language": "de"})
	if field(v, "language") != "de" || field(v, "order_url") != "" || v.(Object)["boarding_complete"] != true {
		t.Fatalf("PUT result: %v", v)
	}
	c.must(422, "PUT", "/v2/orders/1000001", Object{"state": "paid"})
	c.must(409, "PUT", "/v2/orders/1000001", Object{"order_id": "ORD-2"})
	c.must(404, "PUT", "/v2/orders/NOPE", Object{"language": "de"})
	c.shipment("ORD-1", "TC-1")
	c.must(200, "PUT", "/v2/orders/1000001", Object{"order_id": "ORD-1B"})
	if ships := c.must(200, "GET", "/v2/shipments?order_id=ORD-1B", nil).([]any); len(ships) != 1 {
		t.Fatalf("shipments follow the renamed order: %v", ships)
	}

	// DELETE: not while shipments exist; 404 after.
	status, _, v = c.do("DELETE", "/v2/orders/1000001", nil)
	if _, msg, _ := errorOf(v); status != http.StatusConflict || msg != `order "ORD-1B" has 1 shipment(s); delete them first` {
		t.Fatalf("delete with shipments: %d %q", status, msg)
	}
	c.must(204, "DELETE", "/v2/orders/1000002", nil)
	c.must(404, "GET", "/v2/orders/ORD-2", nil)
	c.must(404, "DELETE", "/v2/orders/1000002", nil)
}
