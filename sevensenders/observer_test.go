package sevensenders_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// Cancelling the context stops the retries.
func TestContextCancelStopsRetries(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	sleep := func(ctx context.Context, _ time.Duration) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	}
	c, _ := newTestClient(t, ts, sevensenders.WithSleep(sleep))
	err := listOrders(ctx, c)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if want := "GET /v2/orders: 503 Service Unavailable (gave up: context canceled)"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if n := f.count("GET /v2/orders"); n != 1 {
		t.Errorf("sent %d times, want 1", n)
	}
	// A context already done fails at once, without a try.
	err = listOrders(ctx, c)
	if !errors.Is(err, context.Canceled) || f.count("GET /v2/orders") != 1 {
		t.Errorf("err = %v after %d tries", err, f.count("GET /v2/orders"))
	}
}

// The default sleep waits, and stops when the context is done.
func TestDefaultSleep(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, _ *http.Request, n int) bool {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	p := sevensenders.RetryPolicy{Base: time.Millisecond, Cap: time.Millisecond, MaxAttempts: 2, MaxRetryAfter: time.Second}
	c := sevensenders.NewClient(ts.URL+"/v2", sevensenders.WithAccessKey(testKey), sevensenders.WithRetryPolicy(p))
	if err := listOrders(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	f.before = func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	if err := listOrders(ctx, c); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
}

// The observer sees every exchange, the token call included, with the
// access key and the token redacted.
func TestObserverRedacts(t *testing.T) {
	_, ts := newFake(t)
	var xs []sevensenders.Exchange
	obs := func(_ context.Context, x sevensenders.Exchange) { xs = append(xs, x) }
	c, _ := newTestClient(t, ts, sevensenders.WithObserver(obs))
	if _, err := createOrder(t.Context(), c, "ORD-8"); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(xs)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), testKey) || strings.Contains(string(b), "tok-1") {
		t.Errorf("exchanges leak a secret: %s", b)
	}
	want := `[{"Method":"POST","Path":"/v2/token","Status":200,"Attempt":1,"Request":{"access_key":"[redacted]"},"Response":{"token":"[redacted]"},"Err":null},` +
		`{"Method":"POST","Path":"/v2/orders","Status":201,"Attempt":1,"Request":{"order_date":"2024-01-15T10:30:00Z","order_id":"ORD-8"},"Response":{"id":1,"order_date":"2024-01-15T10:30:00Z","order_id":"ORD-8","state":"new"},"Err":null}]`
	if string(b) != want {
		t.Errorf("exchanges\n got %s\nwant %s", b, want)
	}
}
