package sevensenders

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// What an exchange tells of the target: 5xx and transport errors count
// against it; a refusal of the client's own, or the caller giving up,
// counts for nothing.
func TestVerdictOf(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		status int
		err    error
		want   verdict
	}{
		{"200", context.Background(), http.StatusOK, nil, healthy},
		{"404", context.Background(), http.StatusNotFound, nil, healthy},
		{"429", context.Background(), http.StatusTooManyRequests, nil, healthy},
		{"500", context.Background(), http.StatusInternalServerError, nil, failing},
		{"503", context.Background(), http.StatusServiceUnavailable, nil, failing},
		{"reset", context.Background(), 0, errors.New("connection reset by peer"), failing},
		{"cancelled", cancelled, 0, context.Canceled, neutral},
		{"refused redirect", context.Background(), 0, ErrCrossHostRedirect, neutral},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := verdictOf(tc.ctx, tc.status, tc.err); got != tc.want {
				t.Errorf("verdictOf = %d, want %d", got, tc.want)
			}
		})
	}
}

// While a probe is under way, other callers wait for its outcome: a
// success lets them through, a failure opens the breaker for another
// cooldown, and a caller that gives up while waiting gets an error.
func TestBreakerWaitsForProbe(t *testing.T) {
	t0 := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { return t0 }
	noSleep := func(context.Context, time.Duration) error { return errors.New("slept") }
	tests := []struct {
		name    string
		outcome verdict
		wantErr error // of the waiting caller
	}{
		{"probe succeeds", healthy, nil},
		{"probe fails", failing, ErrCircuitOpen},
		{"probe has no verdict", neutral, nil}, // the waiter probes next
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &breaker{open: true, fails: breakerThreshold, openedAt: t0.Add(-breakerCooldown)}
			probe, err := b.enter(context.Background(), now, noSleep, nil)
			if !probe || err != nil {
				t.Fatalf("first caller: probe %t, err %v", probe, err)
			}
			// A caller that gives up while the probe is out.
			gone, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := b.enter(gone, now, noSleep, nil); !errors.Is(err, ErrCircuitOpen) || !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled waiter: %v", err)
			}
			type entered struct {
				probe bool
				err   error
			}
			done := make(chan entered)
			go func() {
				// A budget too short for another cooldown.
				bud := &budget{d: time.Second}
				p, err := b.enter(context.Background(), now, noSleep, bud)
				done <- entered{p, err}
			}()
			b.record(t0, true, tc.outcome)
			got := <-done
			if !errors.Is(got.err, tc.wantErr) || (tc.wantErr == nil && got.err != nil) {
				t.Errorf("waiter: err %v, want %v", got.err, tc.wantErr)
			}
			if wantProbe := tc.outcome == neutral; got.probe != wantProbe {
				t.Errorf("waiter probes: %t, want %t", got.probe, wantProbe)
			}
		})
	}
}
