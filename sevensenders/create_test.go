package sevensenders_test

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// A create without a merchant key to read back by (a label request with
// neither reference_number nor tracking_code) is not sent again after an
// ambiguous failure.
func TestCreateNotRetried(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"message": "busy"})
		return true
	}
	c, s := newTestClient(t, ts)
	_, err := c.Do(t.Context(), http.MethodPost, "/labels", map[string]any{"order_id": "ORD-1", "weight": 1.2}, nil)
	if !errors.Is(err, sevensenders.ErrNotRetried) {
		t.Fatalf("err = %v, want ErrNotRetried", err)
	}
	var apiErr *sevensenders.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("err = %v, want it to wrap the 503", err)
	}
	want := "POST /v2/labels: 503 Service Unavailable: busy: not retried: the request may have been applied"
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if n := f.count("POST /v2/labels"); n != 1 || len(s.get()) != 0 {
		t.Errorf("sent %d times, slept %v", n, s.get())
	}
}

// When the read-back itself fails, the create is not sent again.
func TestCreateReadBackFails(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"message": "busy"})
		} else {
			writeJSON(w, http.StatusInternalServerError, map[string]any{"message": "boom"})
		}
		return true
	}
	c, _ := newTestClient(t, ts)
	_, err := createOrder(t.Context(), c, "ORD-5")
	want := "POST /v2/orders: 503 Service Unavailable: busy: not retried: the request may have been applied: read back: GET /v2/orders: 500 Internal Server Error: boom"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if !errors.Is(err, sevensenders.ErrNotRetried) || f.count("POST /v2/orders") != 1 {
		t.Errorf("err %v, sent %d times", err, f.count("POST /v2/orders"))
	}
}

// dialFailer fails the first POST with a dial error, as when the server
// cannot be reached, and passes the rest on.
type dialFailer struct {
	next   http.RoundTripper
	failed bool
}

func (d *dialFailer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && !strings.HasSuffix(r.URL.Path, "/token") && !d.failed {
		d.failed = true
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	return d.next.RoundTrip(r)
}

// A dial error surely did not reach the API: the create is sent again
// without reading back.
func TestCreateAfterDialError(t *testing.T) {
	f, ts := newFake(t)
	hc := &http.Client{Transport: &dialFailer{next: ts.Client().Transport}}
	c, s := newTestClient(t, ts, sevensenders.WithHTTPClient(hc))
	if _, err := createOrder(t.Context(), c, "ORD-6"); err != nil {
		t.Fatal(err)
	}
	if f.count("GET /v2/orders") != 0 || f.created() != 1 || len(s.get()) != 1 {
		t.Errorf("read back %d times, created %d, slept %v", f.count("GET /v2/orders"), f.created(), s.get())
	}
}

// A DELETE that arrived but whose answer was lost is done: the 404 of
// the retry is success.
func TestDeleteAfterLostAnswer(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodDelete && n == 1 {
			f.serveOrders(httptestDiscard{}, r)
			dropConn(t, w)
			return true
		}
		return false
	}
	c, _ := newTestClient(t, ts)
	if _, err := createOrder(t.Context(), c, "ORD-7"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(t.Context(), http.MethodDelete, "/orders/ORD-7", nil, nil); err != nil {
		t.Fatal(err)
	}
	if f.created() != 0 || f.count("DELETE /v2/orders/ORD-7") != 2 {
		t.Errorf("orders %d, deletes %d", f.created(), f.count("DELETE /v2/orders/ORD-7"))
	}
	_, err := c.Do(t.Context(), http.MethodDelete, "/orders/ORD-7", nil, nil)
	if want := "DELETE /v2/orders/ORD-7: 404 Not Found: order ORD-7 not found"; err == nil || err.Error() != want {
		t.Errorf("second delete: err = %v, want %q", err, want)
	}
}
