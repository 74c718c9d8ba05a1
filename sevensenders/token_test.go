package sevensenders_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// The token is kept while more than 5 of its 60 minutes are left and
// replaced after that; the clock is the client's, not the token's.
func TestTokenRefresh(t *testing.T) {
	f, ts := newFake(t)
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	c, _ := newTestClient(t, ts, sevensenders.WithClock(func() time.Time { return now }))
	steps := []struct {
		after      time.Duration
		wantTokens int
	}{
		{0, 1},
		{54*time.Minute + 59*time.Second, 1},
		{time.Second, 2}, // 55 minutes old: 5 minutes left
		{30 * time.Minute, 2},
		{25 * time.Minute, 3},
	}
	for _, st := range steps {
		now = now.Add(st.after)
		if err := listOrders(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		if got := f.tokenCalls(); got != st.wantTokens {
			t.Errorf("at %s: %d token calls, want %d", now.Format(time.TimeOnly), got, st.wantTokens)
		}
	}
	want := []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3"}
	f.mu.Lock()
	got := f.auths
	f.mu.Unlock()
	if !slices.Equal(got, want) {
		t.Errorf("authorizations %v, want %v", got, want)
	}
}

// A 401 gets one new token and one more try; a second 401 is returned.
func TestTokenOn401(t *testing.T) {
	f, ts := newFake(t)
	c, _ := newTestClient(t, ts)
	if _, err := createOrder(t.Context(), c, "ORD-1"); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.revoke["tok-1"] = true
	f.mu.Unlock()
	if _, err := createOrder(t.Context(), c, "ORD-2"); err != nil {
		t.Fatal(err)
	}
	if f.tokenCalls() != 2 || f.created() != 2 {
		t.Errorf("%d token calls, %d orders; want 2 and 2", f.tokenCalls(), f.created())
	}

	f.mu.Lock()
	f.revoke["tok-2"], f.revoke["tok-3"] = true, true
	f.mu.Unlock()
	err := listOrders(t.Context(), c)
	if want := "GET /v2/orders: 401 Unauthorized: token expired"; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if f.tokenCalls() != 3 {
		t.Errorf("%d token calls, want 3", f.tokenCalls())
	}
}

// A bad access key fails the call with the token call's error.
func TestTokenRejected(t *testing.T) {
	f, ts := newFake(t)
	c, s := newTestClient(t, ts, sevensenders.WithAccessKey("wrong"))
	_, err := createOrder(t.Context(), c, "ORD-1")
	var apiErr *sevensenders.APIError
	if !errors.As(err, &apiErr) || apiErr.Path != "/v2/token" {
		t.Fatalf("err = %v, want the token call's APIError", err)
	}
	// The answer to /token may echo the key: its message is not kept.
	if want := "POST /v2/token: 401 Unauthorized: [redacted]"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if f.count("POST /v2/orders") != 0 || len(s.get()) != 0 {
		t.Errorf("sent the order or retried: %d, %v", f.count("POST /v2/orders"), s.get())
	}
}

// An answer without a token is an error.
func TestTokenMissing(t *testing.T) {
	ts := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{})
	})
	c, _ := newTestClient(t, ts)
	err := listOrders(t.Context(), c)
	if want := "POST /v2/token: the answer has no token"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}
