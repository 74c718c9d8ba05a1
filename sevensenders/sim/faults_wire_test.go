package sim

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// realSetup is setup behind the HTTP server of `sevenflow sim`
// (HTTPServer) with timeouts tm, on a loopback port.
func realSetup(t *testing.T, tm Timeouts, opts ...Option) *client {
	t.Helper()
	srv := New(append([]Option{WithClock(t0), WithSeed(1)}, opts...)...)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := HTTPServer(srv, tm)
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	c := &client{t: t, srv: srv, base: "http://" + ln.Addr().String()}
	c.token = c.newToken()
	return c
}

// request sends a request with the client's token through hc and
// returns the response (its body unread) or the error.
func (c *client) request(hc *http.Client, method, path, body string) (*http.Response, error) {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	return hc.Do(req)
}

const orderJSON = `{"order_id":"ORD-F","order_date":"2024-01-15T10:30:00Z"}`

// TestFaultStatuses: a status fault answers its status with an error
// naming it, and a Retry-After in seconds or as an HTTP-date when asked;
// the request changes nothing.
func TestFaultStatuses(t *testing.T) {
	tests := []struct {
		name      string
		fault     Object
		status    int
		retry     string // "" none, "date" an HTTP-date 2s ahead, else the exact value
		wantCount string
	}{
		{"500", Object{"status": 500}, 500, "", "0 more to come"},
		{"502", Object{"status": 502}, 502, "", "0 more to come"},
		{"503 with Retry-After", Object{"status": 503, "retry_after": 3}, 503, "3", "0 more to come"},
		{"504", Object{"status": 504, "times": 2}, 504, "", "1 more to come"},
		{"429 in seconds", Object{"status": 429, "retry_after": 2, "retry_after_format": "seconds"}, 429, "2", "0 more to come"},
		{"429 as an HTTP-date", Object{"status": 429, "retry_after": 2, "retry_after_format": "http-date"}, 429, "date", "0 more to come"},
		{"401", Object{"status": 401, "rate": 1}, 401, "", "100% of requests"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := realSetup(t, DefaultTimeouts)
			tc.fault["method"], tc.fault["path"] = "POST", "/v2/orders"
			if status, v := c.admin("/sim/faults", tc.fault); status != http.StatusCreated {
				t.Fatalf("POST /sim/faults: %d %v", status, v)
			}
			before := time.Now()
			status, hdr, v := c.do("POST", "/v2/orders", orderJSON)
			code, msg, _ := errorOf(v)
			want := "injected fault: POST /v2/orders answers " + strconv.Itoa(tc.status) + " (POST /sim/faults; " + tc.wantCount + "); nothing was changed"
			if status != tc.status || code != codeInjected || msg != want {
				t.Fatalf("got %d %s %q, want %d %q", status, code, msg, tc.status, want)
			}
			switch got := hdr.Get("Retry-After"); tc.retry {
			case "date":
				at, err := http.ParseTime(got)
				if err != nil || at.Before(before.Truncate(time.Second)) || at.After(before.Add(time.Minute)) {
					t.Fatalf("Retry-After %q: want an HTTP-date 2s ahead (%v)", got, err)
				}
			default:
				if got != tc.retry {
					t.Fatalf("Retry-After %q, want %q", got, tc.retry)
				}
			}
			if n := len(c.srv.Snapshot().Orders); n != 0 {
				t.Fatalf("a faulted request stored %d orders", n)
			}
		})
	}
}

// TestFaultRates: faults with a rate hit a share of the requests that is
// the same for the same seed and requests, another for another seed;
// faults with rates share one draw, so each hits its own share.
func TestFaultRates(t *testing.T) {
	run := func(seed int64) (pattern string, counts map[int]int) {
		srv := New(WithClock(t0), WithSeed(seed))
		token := tokenOf(t, srv)
		set, err := ReadFaults("rates.yaml", []byte(`
faults:
  - {method: POST, path: /v2/orders, status: 503, rate: 10%}
  - {method: POST, path: /v2/orders, status: 429, rate: 0.05}
`))
		if err != nil {
			t.Fatal(err)
		}
		srv.mu.Lock()
		srv.faults = set.injector()
		srv.faults.seed = seed
		srv.mu.Unlock()
		counts = map[int]int{}
		var b strings.Builder
		for i := range 2000 {
			status := serve(srv, "POST", "/v2/orders", token, `{"order_id":"O-`+strconv.Itoa(i)+`","order_date":"2024-01-15T10:30:00Z"}`)
			counts[status]++
			if i < 100 {
				b.WriteString(strconv.Itoa(status) + " ")
			}
		}
		return b.String(), counts
	}
	p1, c1 := run(7)
	p2, _ := run(7)
	p3, _ := run(8)
	if p1 != p2 {
		t.Fatalf("one seed, two patterns:\n%s\n%s", p1, p2)
	}
	if p1 == p3 {
		t.Fatalf("seeds 7 and 8 give one pattern: %s", p1)
	}
	if c1[503] < 150 || c1[503] > 250 || c1[429] < 60 || c1[429] > 140 || c1[201]+c1[503]+c1[429] != 2000 {
		t.Fatalf("of 2,000 requests, %d got 503 (want about 200) and %d got 429 (want about 100)", c1[503], c1[429])
	}
}

// tokenOf gets a token from srv in-process.
func tokenOf(t testing.TB, srv *Server) string {
	t.Helper()
	r, err := http.NewRequest("POST", "/v2/token", strings.NewReader(`{"access_key":"sim"}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	return strings.Split(w.Body.String(), `"`)[3]
}

// TestFaultExpireToken: a token older than after is refused on the
// fault's route as an expired one (rule token-expiry); a new token
// passes, and so do other routes.
func TestFaultExpireToken(t *testing.T) {
	c := realSetup(t, DefaultTimeouts)
	c.admin("/sim/faults", Object{"method": "GET", "path": "/v2/orders", "kind": "expire_token", "after": "30s", "rate": 1})
	c.must(http.StatusOK, "GET", "/v2/orders", nil)
	c.admin("/sim/clock", Object{"advance": "31s"})
	status, _, v := c.do("GET", "/v2/orders", nil)
	if _, msg, _ := errorOf(v); status != http.StatusUnauthorized || field(v, "rule") != ruleTokenExpiry ||
		msg != "token expired at 2024-01-15T10:00:30Z; get a new one from POST /v2/token" {
		t.Fatalf("a 31s old token: %d %v", status, v)
	}
	c.must(http.StatusOK, "GET", "/v2/shipments", nil)
	c.token = c.newToken()
	c.must(http.StatusOK, "GET", "/v2/orders", nil)
}

// TestFaultReset: the request is made, then the connection is reset in
// the middle of the answer's body.
func TestFaultReset(t *testing.T) {
	c := realSetup(t, DefaultTimeouts)
	c.admin("/sim/faults", Object{"method": "POST", "path": "/v2/orders", "kind": "reset"})
	resp, err := c.request(http.DefaultClient, "POST", "/v2/orders", orderJSON)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatalf("the answer came whole")
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("error %v, want a connection reset", err)
	}
	c.must(http.StatusOK, "GET", "/v2/orders/ORD-F", nil)
}

// TestFaultDelay: the request is made, then the answer waits past the
// client's timeout; a client that waits gets it, even past the server's
// write timeout.
func TestFaultDelay(t *testing.T) {
	c := realSetup(t, Timeouts{ReadHeader: time.Second, Read: time.Second, Write: 300 * time.Millisecond, Idle: time.Second})
	c.admin("/sim/faults", Object{"method": "POST", "path": "/v2/orders", "kind": "delay", "delay": "600ms", "times": 2})
	_, err := c.request(&http.Client{Timeout: 100 * time.Millisecond}, "POST", "/v2/orders", orderJSON)
	var nerr net.Error
	if !errors.As(err, &nerr) || !nerr.Timeout() {
		t.Fatalf("error %v, want the client's timeout", err)
	}
	c.must(http.StatusOK, "GET", "/v2/orders/ORD-F", nil)
	resp, err := c.request(&http.Client{Timeout: 10 * time.Second}, "POST", "/v2/orders", strings.Replace(orderJSON, "ORD-F", "ORD-G", 1))
	if err != nil {
		t.Fatalf("a client that waits: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("a client that waits: %d", resp.StatusCode)
	}
}

// TestFaultSlow: the status and headers come at once, the body in
// pieces; a client that waits gets all of it.
func TestFaultSlow(t *testing.T) {
	c := realSetup(t, DefaultTimeouts)
	c.admin("/sim/faults", Object{"method": "GET", "path": "/v2/orders/{id}", "kind": "slow", "delay": "500ms", "times": 2})
	c.order("ORD-1")
	resp, err := c.request(&http.Client{Timeout: 100 * time.Millisecond}, "GET", "/v2/orders/ORD-1", "")
	if err != nil {
		t.Fatalf("the headers did not come at once: %v", err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Fatalf("the whole body came within 100ms")
	}
	resp, err = c.request(&http.Client{Timeout: 10 * time.Second}, "GET", "/v2/orders/ORD-1", "")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	reads := 0
	var body []byte
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		if n > 0 {
			reads++
			body = append(body, buf[:n]...)
		}
		if err != nil {
			break
		}
	}
	if !strings.Contains(string(body), `"order_id": "ORD-1"`) || !strings.HasSuffix(string(body), "}\n") || reads < 3 {
		t.Fatalf("%d reads of %q", reads, body)
	}
}
