package sevensenders

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeTime is a clock that moves only when something sleeps on it.
type fakeTime struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) Sleep(_ context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slept = append(f.slept, d)
	f.now = f.now.Add(d)
	return nil
}

// A 429 or 503 with Retry-After to one client holds back the next request
// of every client of the same limiter until then (at most the policy's
// MaxRetryAfter); other answers hold back nothing.
func TestLimiterPausesEveryClient(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter string
		want       []time.Duration // what the other client waited
	}{
		{name: "429 with Retry-After", status: http.StatusTooManyRequests, retryAfter: "7", want: []time.Duration{7 * time.Second}},
		{name: "503 with Retry-After", status: http.StatusServiceUnavailable, retryAfter: "3", want: []time.Duration{3 * time.Second}},
		{name: "Retry-After past the policy's", status: http.StatusTooManyRequests, retryAfter: "600", want: []time.Duration{time.Minute}},
		{name: "429 without Retry-After", status: http.StatusTooManyRequests},
		{name: "502 with Retry-After", status: http.StatusBadGateway, retryAfter: "7"},
		{name: "422", status: http.StatusUnprocessableEntity, retryAfter: "7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			refused := false
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				switch {
				case r.URL.Path == "/v2/token":
					_, _ = w.Write([]byte(`{"token":"t"}`))
				case !refused:
					refused = true
					if tc.retryAfter != "" {
						w.Header().Set("Retry-After", tc.retryAfter)
					}
					w.WriteHeader(tc.status)
				default:
					_, _ = w.Write([]byte(`[]`))
				}
			}))
			t.Cleanup(ts.Close)
			clock := &fakeTime{now: time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)}
			l := NewLimiter(0)
			l.now, l.sleep = clock.Now, clock.Sleep
			opts := []Option{WithLimiter(l), WithClock(clock.Now), WithRetryPolicy(RetryPolicy{MaxAttempts: 1})}
			first, other := NewClient(ts.URL+"/v2", opts...), NewClient(ts.URL+"/v2", opts...)
			if _, err := first.Do(t.Context(), http.MethodGet, "/orders", nil, nil); err == nil {
				t.Fatal("the first call did not fail")
			}
			if len(clock.slept) != 0 {
				t.Fatalf("waited %v before the refusal", clock.slept)
			}
			if _, err := other.Do(t.Context(), http.MethodGet, "/orders", nil, nil); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(clock.slept, tc.want) {
				t.Errorf("the other client waited %v, want %v", clock.slept, tc.want)
			}
		})
	}
}

// NewLimiter(n) lets one request through at once and the next ones 1/n s
// apart; NewLimiter(0) sets no rate.
func TestNewLimiterRate(t *testing.T) {
	t0 := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	l := NewLimiter(10)
	var got []time.Duration
	for range 3 {
		got = append(got, l.rate.ReserveN(t0, 1).DelayFrom(t0))
	}
	if want := []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond}; !slices.Equal(got, want) {
		t.Errorf("delays %v, want %v", got, want)
	}
	if NewLimiter(0).rate != nil || NewLimiter(-1).rate != nil {
		t.Error("a rate of 0 or less limits")
	}
	var none *Limiter
	if err := none.Wait(t.Context()); err != nil {
		t.Errorf("a nil limiter: %v", err)
	}
}
