package sevensenders_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// testKey is the access key the fake API accepts.
const testKey = "test-access-key"

// fakeAPI is a small 7S API that keeps orders and can fail on purpose:
// before runs ahead of every request but the token call, with the
// request's count for its method and path, and answers it when it
// returns true.
type fakeAPI struct {
	t      testing.TB
	mu     sync.Mutex
	tokens int             // POST /v2/token calls
	revoke map[string]bool // tokens answered with 401
	counts map[string]int  // "METHOD /path" -> requests
	orders []map[string]any
	auths  []string // Authorization of each API request
	before func(w http.ResponseWriter, r *http.Request, n int) bool
}

// newFake serves a fakeAPI on a loopback socket.
func newFake(t testing.TB) (*fakeAPI, *httptest.Server) {
	t.Helper()
	f := &fakeAPI{t: t, revoke: map[string]bool{}, counts: map[string]int{}}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	return f, ts
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/v2/") {
		f.t.Errorf("request outside the base path: %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	if r.Method == http.MethodPost && r.URL.Path == "/v2/token" {
		var body struct {
			AccessKey string `json:"access_key"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.AccessKey != testKey {
			f.mu.Unlock()
			writeJSON(w, http.StatusUnauthorized, map[string]any{"code": "unauthorized", "message": "access key " + body.AccessKey + " is not valid", "errors": []any{}})
			return
		}
		f.tokens++
		tok := fmt.Sprintf("tok-%d", f.tokens)
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"token": tok})
		return
	}
	auth := r.Header.Get("Authorization")
	f.auths = append(f.auths, auth)
	key := r.Method + " " + r.URL.Path
	f.counts[key]++
	n := f.counts[key]
	before := f.before
	revoked := f.revoke[strings.TrimPrefix(auth, "Bearer ")]
	f.mu.Unlock()
	if !strings.HasPrefix(auth, "Bearer tok-") || revoked {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": "unauthorized", "message": "token expired", "errors": []any{}})
		return
	}
	if before != nil && before(w, r, n) {
		return
	}
	f.serveOrders(w, r)
}

// serveOrders answers the order endpoints.
func (f *fakeAPI) serveOrders(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.Method == http.MethodPost && (r.URL.Path == "/v2/orders" || r.URL.Path == "/v2/order_states"):
		var o map[string]any
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": err.Error()})
			return
		}
		if r.URL.Path == "/v2/order_states" {
			writeJSON(w, http.StatusCreated, o)
			return
		}
		for _, x := range f.orders {
			if x["order_id"] == o["order_id"] {
				writeJSON(w, http.StatusConflict, map[string]any{"code": "conflict", "message": "order exists", "errors": []any{}})
				return
			}
		}
		o["id"] = len(f.orders) + 1 // a number, as some 7S ids are
		o["state"] = "new"
		f.orders = append(f.orders, o)
		w.Header().Set("Location", fmt.Sprintf("/v2/orders/%d", len(f.orders)))
		writeJSON(w, http.StatusCreated, o)
	case r.Method == http.MethodGet && r.URL.Path == "/v2/orders":
		list := []map[string]any{}
		for _, x := range f.orders {
			if id := r.URL.Query().Get("order_id"); id == "" || x["order_id"] == id {
				list = append(list, x)
			}
		}
		writeJSON(w, http.StatusOK, list)
	case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/v2/orders/"):
		id := strings.TrimPrefix(r.URL.Path, "/v2/orders/")
		for i, x := range f.orders {
			if x["order_id"] == id {
				f.orders = append(f.orders[:i], f.orders[i+1:]...)
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]any{"code": "not_found", "message": "order " + id + " not found", "errors": []any{}})
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"code": "not_found", "message": "no endpoint", "errors": []any{}})
	}
}

// created is how many orders the fake holds.
func (f *fakeAPI) created() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.orders)
}

// count is how many requests came for "METHOD /path".
func (f *fakeAPI) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[key]
}

// tokenCalls is how many tokens were handed out.
func (f *fakeAPI) tokenCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokens
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// dropConn answers nothing: it closes the connection, as a server that
// dies (or a proxy that times out) after accepting the request does.
func dropConn(t testing.TB, w http.ResponseWriter) {
	t.Helper()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Fatalf("hijack: %v", err)
	}
	_ = conn.Close()
}

// sleeps records the waits of a client instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) get() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newTestClient is a client of ts that does not sleep and jitters to the
// full backoff, plus what it slept.
func newTestClient(t testing.TB, ts *httptest.Server, opts ...sevensenders.Option) (*sevensenders.Client, *sleeps) {
	t.Helper()
	s := &sleeps{}
	base := []sevensenders.Option{
		sevensenders.WithAccessKey(testKey),
		sevensenders.WithHTTPClient(ts.Client()),
		sevensenders.WithSleep(s.sleep),
		sevensenders.WithRand(func() float64 { return 1 }),
	}
	return sevensenders.NewClient(ts.URL+"/v2", append(base, opts...)...), s
}

// newServer serves h on a loopback socket.
func newServer(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}
