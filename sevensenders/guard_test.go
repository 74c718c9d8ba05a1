package sevensenders_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// elsewhere is a second server, on another port and so another origin,
// that records what reaches it.
type elsewhere struct {
	*httptest.Server
	mu   sync.Mutex
	got  []string // "METHOD path auth=... body"
	hits int
}

func newElsewhere(t *testing.T) *elsewhere {
	t.Helper()
	e := &elsewhere{}
	e.Server = newServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		e.got = append(e.got, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization")+" "+string(body))
		e.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"token": "stolen-token-000", "id": "1"})
	})
	return e
}

func (e *elsewhere) requests() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.got...)
}

// A redirect to another host is not followed when the request carries a
// body or an Authorization header: a 307 on POST /v2/token would send the
// access key there. A redirect within the host is followed.
func TestRedirects(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		on      string // "METHOD path" redirected
		to      string // "here" or "elsewhere"
		wantErr string // "" for success
	}{
		{"307 on token elsewhere", http.StatusTemporaryRedirect, "POST /v2/token", "elsewhere",
			"POST /v2/token: redirect to another host refused: the request carries a body or an Authorization header"},
		{"308 on token elsewhere", http.StatusPermanentRedirect, "POST /v2/token", "elsewhere",
			"POST /v2/token: redirect to another host refused: the request carries a body or an Authorization header"},
		{"302 on token elsewhere", http.StatusFound, "POST /v2/token", "elsewhere",
			"POST /v2/token: redirect to another host refused: the request carries a body or an Authorization header"},
		{"307 on a create elsewhere", http.StatusTemporaryRedirect, "POST /v2/orders", "elsewhere",
			"POST /v2/orders: redirect to another host refused: the request carries a body or an Authorization header"},
		{"302 on a GET elsewhere", http.StatusFound, "GET /v2/orders", "elsewhere",
			"GET /v2/orders: redirect to another host refused: the request carries a body or an Authorization header"},
		{"307 on token here", http.StatusTemporaryRedirect, "POST /v2/token", "here", ""},
		{"302 on a GET here", http.StatusFound, "GET /v2/orders", "here", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			other := newElsewhere(t)
			f, ts := newFake(t)
			redirected := false
			inner := http.Handler(f)
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method+" "+r.URL.Path == tc.on && !redirected {
					redirected = true
					to := other.URL
					if tc.to == "here" {
						to = ""
					}
					w.Header().Set("Location", to+r.URL.Path)
					w.WriteHeader(tc.status)
					return
				}
				inner.ServeHTTP(w, r)
			})
			ts.Config.Handler = h
			c, _ := newTestClient(t, ts)
			var err error
			if strings.HasPrefix(tc.on, "GET") {
				err = listOrders(t.Context(), c)
			} else {
				_, err = createOrder(t.Context(), c, "ORD-1")
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
			} else {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) || !errors.Is(err, sevensenders.ErrCrossHostRedirect) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
			}
			if got := other.requests(); len(got) != 0 {
				t.Errorf("the other host got %q", got)
			}
		})
	}
}

// roundTrips records the hosts a client dials, and answers nothing.
type roundTrips struct{ hosts []string }

func (rt *roundTrips) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.hosts = append(rt.hosts, r.URL.Host)
	return nil, errors.New("no network in tests")
}

// Plain HTTP goes to loopback only, unless the client is made
// WithInsecure; nothing is sent when it is refused.
func TestPlainHTTP(t *testing.T) {
	tests := []struct {
		base     string
		insecure bool
		wantErr  string
	}{
		{"http://api.example.test/v2", false, "base URL: http://api.example.test: plain HTTP to a host that is not loopback refused"},
		{"http://10.1.2.3:8080/v2", false, "base URL: http://10.1.2.3:8080: plain HTTP to a host that is not loopback refused"},
		{"http://api.example.test/v2", true, "POST /v2/token: no network in tests"},
		{"https://api.example.test/v2", false, "POST /v2/token: no network in tests"},
		{"http://127.0.0.1:7070/v2", false, "POST /v2/token: no network in tests"},
		{"http://[::1]:7070/v2", false, "POST /v2/token: no network in tests"},
		{"http://localhost:7070/v2", false, "POST /v2/token: no network in tests"},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			rt := &roundTrips{}
			opts := []sevensenders.Option{
				sevensenders.WithHTTPClient(&http.Client{Transport: rt}),
				sevensenders.WithRetryPolicy(sevensenders.RetryPolicy{MaxAttempts: 1}),
			}
			if tc.insecure {
				opts = append(opts, sevensenders.WithInsecure())
			}
			c := sevensenders.NewClient(tc.base, opts...)
			_, err := c.Do(t.Context(), http.MethodGet, "/orders", nil, nil)
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			refused := errors.Is(err, sevensenders.ErrPlainHTTP)
			if refused != (len(rt.hosts) == 0) {
				t.Errorf("refused %t, yet dialled %q", refused, rt.hosts)
			}
		})
	}
}

// A redirect from loopback to plain HTTP elsewhere is refused too, even
// without a body or a header to protect.
func TestRedirectToPlainHTTP(t *testing.T) {
	ts := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://api.example.test/v2/token", http.StatusTemporaryRedirect)
	})
	c, _ := newTestClient(t, ts)
	err := listOrders(t.Context(), c)
	want := "POST /v2/token: redirect to http://api.example.test: plain HTTP to a host that is not loopback refused"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, sevensenders.ErrPlainHTTP) {
		t.Errorf("err = %v, want %q", err, want)
	}
}
