package sevensenders

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces the requests of every client that shares it: at most a
// number of requests a second, and none at all while the API has asked
// for a pause. A 429 or 503 answer with Retry-After pauses every request
// of every client of the limiter until then, not only the retry of the
// call that got it, so that parallel runs slow down together instead of
// each running into the limit on its own. Token calls and read-backs are
// requests like any other. A Limiter is safe for concurrent use; a nil
// *Limiter lets everything through at once.
type Limiter struct {
	rate  *rate.Limiter
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu    sync.Mutex
	until time.Time // no request starts before this
}

// NewLimiter returns a limiter of perSecond requests a second, one at a
// time (a burst of one); perSecond <= 0 sets no rate, and only the pauses
// that the API asks for apply.
func NewLimiter(perSecond float64) *Limiter {
	l := &Limiter{now: time.Now, sleep: sleepContext}
	if perSecond > 0 {
		l.rate = rate.NewLimiter(rate.Limit(perSecond), 1)
	}
	return l
}

// WithLimiter makes the client wait for l before every request (see
// Limiter). Clients of one API share one limiter.
func WithLimiter(l *Limiter) Option {
	return func(c *Client) { c.limiter = l }
}

// Wait blocks until a request may start: after any pause the API asked
// for, and within the rate. It returns early with an error when ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	for {
		l.mu.Lock()
		wait := l.until.Sub(l.now())
		l.mu.Unlock()
		if wait <= 0 {
			break
		}
		if err := l.sleep(ctx, wait); err != nil {
			return fmt.Errorf("wait for the API's Retry-After: %w", err)
		}
	}
	if l.rate == nil {
		return nil
	}
	if err := l.rate.Wait(ctx); err != nil {
		return fmt.Errorf("wait for the rate limit: %w", err)
	}
	return nil
}

// Pause holds back every request until d from now, unless a longer pause
// is already in force.
func (l *Limiter) Pause(d time.Duration) {
	if l == nil || d <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := l.now().Add(d); until.After(l.until) {
		l.until = until
	}
}

// pausesAll reports whether an answer with this status asks every client
// of the API to slow down: 429 (too many requests) and 503 (unavailable),
// when they carry Retry-After.
func pausesAll(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}
