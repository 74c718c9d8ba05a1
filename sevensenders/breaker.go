package sevensenders

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// The circuit breaker of a client: it opens after breakerThreshold
// failures in a row and lets one request through, a probe, breakerCooldown
// after it opened.
const (
	breakerThreshold = 5
	breakerCooldown  = 30 * time.Second
)

// ErrCircuitOpen is wrapped by the error of a call that found the
// client's circuit breaker open, with the next probe due after the call's
// retry budget ends (see ContextWithRetryBudget).
var ErrCircuitOpen = errors.New("circuit breaker open")

// breaker is the circuit breaker of one client, and so of one target.
// Each request's outcome counts: a transport error or a 5xx answer is a
// failure, any other answer a success. After breakerThreshold failures in
// a row it opens: requests wait, none is sent, until breakerCooldown has
// passed; then one of them is sent as a probe while the others wait for
// its outcome. A success closes the breaker, a failure opens it for
// another cooldown. So a target that is down gets one request every 30 s,
// not one per order, and the orders of a batch pause rather than fail,
// each for as long as its retry budget allows.
type breaker struct {
	mu       sync.Mutex
	fails    int       // failures in a row
	open     bool      // no request but a probe is sent
	openedAt time.Time // when it opened, or when the last probe failed
	// probing is set while a probe is under way, and closed when it
	// ends.
	probing chan struct{}
}

// verdict is what an exchange tells of the target's health.
type verdict int

// The verdicts.
const (
	neutral verdict = iota // nothing: the caller gave up, or the client refused the request
	healthy                // an answer below 500
	failing                // a transport error or a 5xx answer
)

// verdictOf judges an exchange that ended with an answer of status or
// with err.
func verdictOf(ctx context.Context, status int, err error) verdict {
	switch {
	case ctx.Err() != nil || (err != nil && refused(err)):
		return neutral
	case err != nil || status >= http.StatusInternalServerError:
		return failing
	}
	return healthy
}

// enter waits until a request may be sent, and reports whether it is the
// probe, which must be followed by record. While the breaker is open it
// waits for the cooldown (with sleep, so that tests need not) and then
// for the probe of another caller; it fails with ErrCircuitOpen, wrapped,
// when the cooldown ends after the budget, and when ctx ends.
func (b *breaker) enter(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error, bud *budget) (bool, error) {
	for {
		b.mu.Lock()
		if !b.open {
			b.mu.Unlock()
			return false, nil
		}
		if ch := b.probing; ch != nil {
			b.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				return false, fmt.Errorf("%w: waiting for the probe: %w", ErrCircuitOpen, context.Cause(ctx))
			}
		}
		t, opened := now(), b.openedAt
		wait := opened.Add(breakerCooldown).Sub(t)
		if wait <= 0 {
			return b.probe(), nil
		}
		b.mu.Unlock()
		if !bud.allows(t, wait) {
			return false, fmt.Errorf("%w after %d failures in a row: the next try, in %s, would come after the retry budget of %s",
				ErrCircuitOpen, breakerThreshold, wait.Round(time.Second), bud.d)
		}
		if err := sleep(ctx, wait); err != nil {
			return false, fmt.Errorf("%w: waiting for the probe: %w", ErrCircuitOpen, err)
		}
		// The cooldown is over, by the sleep if not by the clock (a
		// test's sleep returns at once): unless another caller probed
		// meanwhile, this one does.
		b.mu.Lock()
		if b.open && b.probing == nil && b.openedAt.Equal(opened) {
			return b.probe(), nil
		}
		b.mu.Unlock()
	}
}

// probe makes the caller, which holds b.mu, the probe, and unlocks.
func (b *breaker) probe() bool {
	b.probing = make(chan struct{})
	b.mu.Unlock()
	return true
}

// record counts the outcome of a request that enter let through; probe
// is what enter returned. at is the time of the outcome.
func (b *breaker) record(at time.Time, probe bool, v verdict) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch v {
	case healthy:
		b.fails, b.open = 0, false
	case failing:
		b.fails++
		if probe || (!b.open && b.fails >= breakerThreshold) {
			b.open, b.openedAt = true, at
		}
	}
	if probe {
		// With no verdict the breaker stays open as it was, and the
		// next caller probes at once.
		close(b.probing)
		b.probing = nil
	}
}
