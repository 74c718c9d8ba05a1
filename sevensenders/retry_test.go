package sevensenders_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// order is the body of an order with only the mandatory fields.
func order(id string) map[string]any {
	return map[string]any{"order_id": id, "order_date": "2024-01-15T10:30:00Z"}
}

// createOrder posts order(id) with Do and returns the answer.
func createOrder(ctx context.Context, c *sevensenders.Client, id string) (map[string]any, error) {
	var o map[string]any
	_, err := c.Do(ctx, http.MethodPost, "/orders", order(id), &o)
	return o, err
}

// listOrders gets GET /orders with Do.
func listOrders(ctx context.Context, c *sevensenders.Client) error {
	var list []map[string]any
	_, err := c.Do(ctx, http.MethodGet, "/orders", nil, &list)
	return err
}

// With a handler that answers 503 twice then 201, the client creates
// exactly one order: it reads back before each retry and finds nothing.
func TestCreateRetries503(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n <= 2 {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"message": "busy"})
			return true
		}
		return false
	}
	c, s := newTestClient(t, ts)
	got, err := createOrder(t.Context(), c, "ORD-1")
	if err != nil {
		t.Fatal(err)
	}
	if got["order_id"] != "ORD-1" || fmt.Sprint(got["id"]) != "1" || got["state"] != "new" {
		t.Errorf("order = %v", got)
	}
	if n := f.created(); n != 1 {
		t.Errorf("created %d orders, want 1", n)
	}
	if n := f.count("POST /v2/orders"); n != 3 {
		t.Errorf("POST /v2/orders sent %d times, want 3", n)
	}
	if n := f.count("GET /v2/orders"); n != 2 {
		t.Errorf("read back %d times, want 2", n)
	}
	if want := []time.Duration{500 * time.Millisecond, time.Second}; !slices.Equal(s.get(), want) {
		t.Errorf("slept %v, want %v", s.get(), want)
	}
}

// A handler that accepts the create and then drops the connection: the
// client reads the order back and does not send it again.
func TestCreateDroppedConnectionNoDuplicate(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			f.serveOrders(httptestDiscard{}, r) // the order is created...
			dropConn(t, w)                      // ...and the answer lost
			return true
		}
		return false
	}
	c, _ := newTestClient(t, ts)
	var o map[string]any
	resp, err := c.Do(t.Context(), http.MethodPost, "/orders", map[string]any{"order_id": "ORD-2", "order_date": "2024-01-15T10:30:00Z"}, &o)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.ReadBack || resp.Attempts != 1 {
		t.Errorf("response = %+v, want a read-back after 1 attempt", resp)
	}
	if o["order_id"] != "ORD-2" {
		t.Errorf("order = %v", o)
	}
	if n := f.count("POST /v2/orders"); n != 1 {
		t.Errorf("POST /v2/orders sent %d times, want 1", n)
	}
	if n := f.created(); n != 1 {
		t.Errorf("created %d orders, want 1", n)
	}
}

// httptestDiscard is a ResponseWriter that forgets what it is told.
type httptestDiscard struct{}

func (httptestDiscard) Header() http.Header         { return http.Header{} }
func (httptestDiscard) Write(b []byte) (int, error) { return len(b), nil }
func (httptestDiscard) WriteHeader(int)             {}

// A read-back that does not see the order yet, then a 409 on the retry:
// the client reads back again and returns what it finds.
func TestCreateConflictAfterAmbiguousFailure(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == 1:
			f.serveOrders(httptestDiscard{}, r)
			dropConn(t, w)
			return true
		case r.Method == http.MethodGet && n == 1:
			writeJSON(w, http.StatusOK, []any{}) // not visible yet
			return true
		}
		return false
	}
	c, _ := newTestClient(t, ts)
	var o map[string]any
	resp, err := c.Do(t.Context(), http.MethodPost, "/orders", order("ORD-3"), &o)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.ReadBack || o["order_id"] != "ORD-3" || f.created() != 1 {
		t.Errorf("response %+v, order %v, created %d", resp, o, f.created())
	}
}

// A 429 surely did not create anything: the create is sent again after
// Retry-After without reading back.
func TestCreateRetryAfter(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			w.Header().Set("Retry-After", "7")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "slow down"})
			return true
		}
		return false
	}
	c, s := newTestClient(t, ts)
	if _, err := createOrder(t.Context(), c, "ORD-4"); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{7 * time.Second}; !slices.Equal(s.get(), want) {
		t.Errorf("slept %v, want %v", s.get(), want)
	}
	if n := f.count("GET /v2/orders"); n != 0 {
		t.Errorf("read back %d times after a 429, want 0", n)
	}
	if f.created() != 1 {
		t.Errorf("created %d, want 1", f.created())
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		w.Header().Set("Retry-After", "61")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"code": "rate_limited", "message": "come back later"})
		return true
	}
	c, s := newTestClient(t, ts)
	err := listOrders(t.Context(), c)
	var apiErr *sevensenders.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.RetryAfter != 61*time.Second {
		t.Fatalf("err = %v, want the 429", err)
	}
	if want := "GET /v2/orders: 429 Too Many Requests: come back later"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if len(s.get()) != 0 || f.count("GET /v2/orders") != 1 {
		t.Errorf("slept %v after %d tries, want no retry", s.get(), f.count("GET /v2/orders"))
	}
}

// A GET is retried on every retryable failure, up to 4 attempts, with
// backoff doubling from 500 ms.
func TestRetryGivesUp(t *testing.T) {
	tests := []struct {
		name     string
		fail     func(t testing.TB, w http.ResponseWriter)
		wantErr  string
		wantSent int
	}{
		{
			name:     "502",
			fail:     func(_ testing.TB, w http.ResponseWriter) { w.WriteHeader(http.StatusBadGateway) },
			wantErr:  "GET /v2/orders: 502 Bad Gateway",
			wantSent: 4,
		},
		{
			name: "504 html",
			fail: func(_ testing.TB, w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusGatewayTimeout)
				_, _ = w.Write([]byte("<html>gateway timeout</html>\n"))
			},
			wantErr:  "GET /v2/orders: 504 Gateway Timeout: <html>gateway timeout</html>",
			wantSent: 4,
		},
		{
			name:    "dropped",
			fail:    dropConn,
			wantErr: "GET /v2/orders: EOF",
			// net/http itself resends a GET once when a reused
			// connection dies before answering (the token call's).
			wantSent: 5,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ts := newFake(t)
			f.before = func(w http.ResponseWriter, _ *http.Request, _ int) bool {
				tc.fail(t, w)
				return true
			}
			c, s := newTestClient(t, ts)
			err := listOrders(t.Context(), c)
			if err == nil || err.Error() != tc.wantErr {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if n := f.count("GET /v2/orders"); n != tc.wantSent {
				t.Errorf("sent %d times, want %d", n, tc.wantSent)
			}
			want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}
			if !slices.Equal(s.get(), want) {
				t.Errorf("slept %v, want %v", s.get(), want)
			}
		})
	}
}
