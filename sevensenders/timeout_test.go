package sevensenders_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// A try that runs out of the request timeout is ambiguous, as a reset
// is: the create was made and its answer never came, so the client reads
// it back instead of sending it again. A body that never ends times out
// the same way.
func TestRequestTimeout(t *testing.T) {
	tests := []struct {
		name    string
		method  string // of the requests that stall
		stall   func(f *fakeAPI, w http.ResponseWriter, r *http.Request, release <-chan struct{})
		wantErr string // "" for the order read back
	}{
		{"no answer", http.MethodPost, func(f *fakeAPI, w http.ResponseWriter, r *http.Request, release <-chan struct{}) {
			f.serveOrders(httptestDiscard{}, r) // made...
			<-release                           // ...and never answered in time
		}, ""},
		{"endless body", http.MethodGet, func(_ *fakeAPI, w http.ResponseWriter, _ *http.Request, release <-chan struct{}) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"order_id":`))
			w.(http.Flusher).Flush()
			<-release
		}, "GET /v2/orders: read answer: no answer within 50ms: context deadline exceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			release := make(chan struct{})
			f, ts := newFake(t)
			t.Cleanup(func() { close(release) }) // before the server closes
			f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
				// The create stalls once; the body of every read.
				if r.Method == tc.method && (n == 1 || r.Method == http.MethodGet) {
					tc.stall(f, w, r, release)
					return true
				}
				return false
			}
			c, _ := newTestClient(t, ts, sevensenders.WithRequestTimeout(50*time.Millisecond),
				sevensenders.WithRetryPolicy(sevensenders.RetryPolicy{MaxAttempts: 2}))
			if tc.wantErr != "" {
				err := listOrders(t.Context(), c)
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) || !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			got, err := createOrder(t.Context(), c, "ORD-1")
			if err != nil || got["order_id"] != "ORD-1" {
				t.Fatalf("got %v, %v", got, err)
			}
			if f.created() != 1 || f.count("POST /v2/orders") != 1 || f.count("GET /v2/orders") != 1 {
				t.Errorf("%d orders, %d POSTs, %d GETs; want 1, 1 and 1 (the read-back)",
					f.created(), f.count("POST /v2/orders"), f.count("GET /v2/orders"))
			}
		})
	}
}
