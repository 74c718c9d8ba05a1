package sevensenders_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

func Example() {
	srv := httptest.NewServer(sim.New(sim.WithClock(t0), sim.WithSeed(1)))
	defer srv.Close()
	c := sevensenders.NewClient(srv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey))

	var o map[string]any
	_, err := c.Do(context.Background(), http.MethodPost, "/orders",
		map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z"}, &o)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o["id"], o["order_id"], o["state"])
	// Output: 1000001 ORD-1 new
}

// Lookup finds what a create would make, and Compare says whether the
// body matches it, and if not whether a PUT can bring it in line.
func ExampleClient_Lookup() {
	srv := httptest.NewServer(sim.New(sim.WithClock(t0), sim.WithSeed(1)))
	defer srv.Close()
	c := sevensenders.NewClient(srv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey))
	ctx := context.Background()

	body := map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z", "language": "en"}
	if _, ok, err := c.Lookup(ctx, "/orders", body); err != nil || ok {
		fmt.Println(ok, err)
		return
	}
	if _, err := c.Do(ctx, http.MethodPost, "/orders", body, nil); err != nil {
		fmt.Println(err)
		return
	}
	// The same instant in another offset matches; another language does not.
	again := map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T11:30:00+01:00", "language": "de"}
	found, ok, err := c.Lookup(ctx, "/orders", again)
	if err != nil || !ok {
		fmt.Println(ok, err)
		return
	}
	diffs, err := found.Compare(again)
	fmt.Println(found.Name, diffs, err)
	fmt.Println("PUT", found.UpdatePath)
	// Output:
	// order "ORD-1" [/language is "en" there, "de" in this run] <nil>
	// PUT /orders/1000001
}

// Do sends a payload held as a map and decodes the answer into one,
// with the token, retries and read-back.
func ExampleClient_Do() {
	srv := httptest.NewServer(sim.New(sim.WithClock(t0), sim.WithSeed(1)))
	defer srv.Close()
	c := sevensenders.NewClient(srv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey))

	var out map[string]any
	resp, err := c.Do(context.Background(), http.MethodPost, "/orders",
		map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z"}, &out)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Location"), out["state"])
	// Output: 201 /v2/orders/1000001 new
}

// A rejected payload comes back as an *APIError naming each field.
func ExampleAPIError() {
	srv := httptest.NewServer(sim.New(sim.WithClock(t0), sim.WithSeed(1)))
	defer srv.Close()
	c := sevensenders.NewClient(srv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey))

	_, err := c.Do(context.Background(), http.MethodPost, "/order_states",
		map[string]any{"order_id": "ORD-1", "state": "paid", "datetime": "yesterday"}, nil)
	var apiErr *sevensenders.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code)
	}
	fmt.Println(err)
	// Output:
	// 422 validation_failed
	// POST /v2/order_states: 422 Unprocessable Entity: /datetime: must be a date-time such as 2024-01-15T10:30:00Z (RFC 3339), 2017-08-19T15:47:00+0000 or 15.08.2017 16:53:07 (002)
}

func ExampleBaseURL() {
	for _, target := range []string{"uat", "prod", "http://127.0.0.1:7070", "staging"} {
		u, err := sevensenders.BaseURL(target)
		fmt.Println(u, err)
	}
	// Output:
	// https://api-uat.sevensenders.com/v2 <nil>
	// https://api.sevensenders.com/v2 <nil>
	// http://127.0.0.1:7070/v2 <nil>
	//  target "staging": want uat, prod or an http(s) URL
}

// An order item cannot change (003 documents no update of it): Compare
// names each field that differs, with both values.
func ExampleChangeError() {
	srv := httptest.NewServer(sim.New(sim.WithClock(t0), sim.WithSeed(1)))
	defer srv.Close()
	c := sevensenders.NewClient(srv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey))
	ctx := context.Background()
	for _, call := range []struct {
		path string
		body map[string]any
	}{
		{"/orders", map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z"}},
		{"/products", map[string]any{"sku": "SKU-1", "name": "Shirt"}},
		{"/orders/ORD-1/items", map[string]any{"sku": "SKU-1", "size": "M"}},
	} {
		if _, err := c.Do(ctx, http.MethodPost, call.path, call.body, nil); err != nil {
			fmt.Println(err)
			return
		}
	}
	again := map[string]any{"sku": "SKU-1", "size": "L"}
	found, _, err := c.Lookup(ctx, "/orders/ORD-1/items", again)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = found.Compare(again)
	var cerr *sevensenders.ChangeError
	fmt.Println(errors.As(err, &cerr), err)
	// Output:
	// true order item "SKU-1" of order "ORD-1" exists and cannot change: /size is "M" there, "L" in this run
}
