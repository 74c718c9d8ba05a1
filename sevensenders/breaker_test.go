package sevensenders_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// fakeClock is a client's clock and sleep: sleeping moves the clock on
// at once, and is recorded.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.slept = append(c.slept, d)
	return ctx.Err()
}

// take returns the sleeps so far and forgets them.
func (c *fakeClock) take() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slept
	c.slept = nil
	return s
}

// failingGets makes the fake answer its first n GET /v2/orders with 503.
func failingGets(f *fakeAPI, n int) {
	f.before = func(w http.ResponseWriter, r *http.Request, i int) bool {
		if r.Method == http.MethodGet && i <= n {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"message": "busy"})
			return true
		}
		return false
	}
}

// A target failing five times in a row opens the breaker: the next call
// waits out the 30 s cooldown, sending nothing, and then probes (with
// every wait on the injected clock, not the wall's).
func TestBreaker(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name      string
		failures  int           // of the first GETs
		budget    time.Duration // of the second call; 0 for none
		wantErr   string        // of the second call
		wantGets  int
		wantSleep []time.Duration // of the second call
	}{
		{
			name: "probe succeeds", failures: 5, wantGets: 6,
			// a backoff, then the rest of the cooldown
			wantSleep: []time.Duration{s / 2, 29*s + s/2},
		},
		{
			name: "probes fail twice", failures: 7, wantGets: 8,
			// each failed probe opens the breaker for another 30 s
			wantSleep: []time.Duration{s / 2, 29*s + s/2, s, 29 * s, 2 * s, 28 * s},
		},
		{
			name: "cooldown past the budget", failures: 5, budget: 20 * s, wantGets: 5,
			wantErr:   "GET /v2/orders: circuit breaker open after 5 failures in a row: the next try, in 30s, would come after the retry budget of 20s",
			wantSleep: []time.Duration{s / 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ts := newFake(t)
			failingGets(f, tc.failures)
			clk := newFakeClock()
			c, _ := newTestClient(t, ts, sevensenders.WithClock(clk.now), sevensenders.WithSleep(clk.sleep))
			// The first call fails four times, as its policy allows.
			if err := listOrders(t.Context(), c); err == nil {
				t.Fatal("the first call succeeded")
			}
			clk.take()
			ctx := t.Context()
			if tc.budget > 0 {
				ctx = sevensenders.ContextWithRetryBudget(ctx, tc.budget)
			}
			err := listOrders(ctx, c)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("err = %v", err)
			case tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr || !errors.Is(err, sevensenders.ErrCircuitOpen)):
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
			if got := f.count("GET /v2/orders"); got != tc.wantGets {
				t.Errorf("%d GETs, want %d", got, tc.wantGets)
			}
			if got := clk.take(); !slices.Equal(got, tc.wantSleep) {
				t.Errorf("slept %v, want %v", got, tc.wantSleep)
			}
		})
	}
}

// Answers below 500 keep the breaker closed: four 503s, a 404 and four
// more 503s open nothing.
func TestBreakerCountsInARow(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, i int) bool {
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"message": "busy"})
			return true
		}
		return false
	}
	clk := newFakeClock()
	c, _ := newTestClient(t, ts, sevensenders.WithClock(clk.now), sevensenders.WithSleep(clk.sleep))
	_ = listOrders(t.Context(), c) // four 503s
	if _, err := c.Do(t.Context(), http.MethodDelete, "/orders/none", nil, nil); err == nil {
		t.Fatal("the DELETE of nothing succeeded")
	}
	clk.take()
	_ = listOrders(t.Context(), c) // four more
	if got := clk.take(); slices.Contains(got, 29*time.Second+time.Second/2) || len(got) != 3 {
		t.Errorf("slept %v: the breaker opened", got)
	}
	if got := f.count("GET /v2/orders"); got != 8 {
		t.Errorf("%d GETs, want 8", got)
	}
}

// A call's retries stop where its budget ends: the third backoff (2 s)
// would end 3.5 s after the call began, past a budget of 2 s.
func TestRetryBudget(t *testing.T) {
	f, ts := newFake(t)
	failingGets(f, 100)
	clk := newFakeClock()
	c, _ := newTestClient(t, ts, sevensenders.WithClock(clk.now), sevensenders.WithSleep(clk.sleep))
	ctx := sevensenders.ContextWithRetryBudget(t.Context(), 2*time.Second)
	err := listOrders(ctx, c)
	want := "GET /v2/orders: 503 Service Unavailable: busy (gave up: retry budget spent)"
	if err == nil || err.Error() != want || !errors.Is(err, sevensenders.ErrRetryBudget) {
		t.Errorf("err = %v, want %q", err, want)
	}
	if got, want := clk.take(), []time.Duration{time.Second / 2, time.Second}; !slices.Equal(got, want) {
		t.Errorf("slept %v, want %v", got, want)
	}
	// The budget is the order's: a later call under it has the 0.5 s
	// left, for one backoff, and two tries.
	err = listOrders(ctx, c)
	if got := f.count("GET /v2/orders"); !errors.Is(err, sevensenders.ErrRetryBudget) || got != 5 {
		t.Errorf("after the budget: %d GETs, err %v; want 5 and the budget's error", got, err)
	}
	if got, want := clk.take(), []time.Duration{time.Second / 2}; !slices.Equal(got, want) {
		t.Errorf("slept %v, want %v", got, want)
	}
}

// Under a retry budget the budget bounds a call, not the policy's count
// of tries: four failures and a fifth try that succeeds, where the
// policy alone would have stopped at four.
func TestRetryBudgetReplacesMaxAttempts(t *testing.T) {
	f, ts := newFake(t)
	failingGets(f, 4)
	clk := newFakeClock()
	c, _ := newTestClient(t, ts, sevensenders.WithClock(clk.now), sevensenders.WithSleep(clk.sleep))
	if err := listOrders(sevensenders.ContextWithRetryBudget(t.Context(), time.Minute), c); err != nil {
		t.Fatalf("under a budget: %v", err)
	}
	if got, want := clk.take(), []time.Duration{time.Second / 2, time.Second, 2 * time.Second, 4 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("slept %v, want %v", got, want)
	}
	failingGets(f, 8) // counts on from the 5 GETs so far: 3 more fail, the 9th succeeds
	if err := listOrders(t.Context(), c); err != nil {
		t.Fatalf("without a budget, three failures: %v", err)
	}
	failingGets(f, 13) // from the 10th GET on, 4 more fail
	if err := listOrders(t.Context(), c); err == nil {
		t.Error("without a budget, a fifth try was made")
	}
}
