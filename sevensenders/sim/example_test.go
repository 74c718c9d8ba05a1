package sim_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// post sends body to url with an optional bearer token and returns the
// status and the body.
func post(url, token, body string) string {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err.Error()
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return fmt.Sprintf("%d %s", res.StatusCode, b)
}

// A simulator with a manual clock and seed 1 answers deterministically.
func ExampleNew() {
	srv := sim.New(sim.WithClock(time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)), sim.WithSeed(1))
	ts := httptest.NewServer(srv)
	defer ts.Close()

	out := post(ts.URL+"/v2/token", "", `{"access_key":"sim"}`)
	token := strings.Split(out, `"`)[3]
	out = post(ts.URL+"/v2/orders", token, `{"order_id":"ORD-1","order_date":"2024-01-15T10:30:00+0100"}`)
	fmt.Println(out[:3])
	order := srv.Snapshot().Orders[0]
	fmt.Println(order["id"], order["state"], order["order_date"])
	// Output:
	// 201
	// 1000001 new 2024-01-15T10:30:00+01:00
}

// A broken rule is an error that names the field by JSON pointer, the
// rule and where the documents state it.
func ExampleNew_error() {
	ts := httptest.NewServer(sim.New(sim.WithClock(time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC))))
	defer ts.Close()
	out := post(ts.URL+"/v2/token", "", `{"access_key":"sim"}`)
	token := strings.Split(out, `"`)[3]
	fmt.Println(post(ts.URL+"/v2/order_states", token, `{"order_id":"ORD-9","state":"paid","datetime":"2024-01-15T11:00:00Z"}`))
	// Output:
	// 422 {
	//   "code": "validation_failed",
	//   "message": "/order_id: order \"ORD-9\" does not exist",
	//   "rule": "order-state-order-exists",
	//   "source": "002:34",
	//   "errors": [
	//     {
	//       "pointer": "/order_id",
	//       "message": "order \"ORD-9\" does not exist"
	//     }
	//   ]
	// }
}
