package sevensenders

import (
	"context"
	"errors"
	"sync"
	"time"
)

// DefaultRetryBudget is the retry budget the CLI gives each order.
const DefaultRetryBudget = 2 * time.Minute

// ErrRetryBudget is wrapped by the error of a call that gave up because
// its next try would start after its retry budget ends.
var ErrRetryBudget = errors.New("retry budget spent")

// budget is a retry budget: waits may last until d after the first call
// that used it began, by the calling client's clock.
type budget struct {
	d time.Duration

	mu    sync.Mutex
	start time.Time // zero until the first call
}

type budgetKey struct{}

// ContextWithRetryBudget returns a context under which the calls of every
// client, together, wait between tries and for an open circuit breaker
// only until d after the first of them began: the budget of one order,
// however many calls it makes. Within it a call is retried past the
// RetryPolicy's MaxAttempts, with backoff at its Cap; a wait that would
// end later is not begun, and the call fails with the error of its last
// try, wrapping ErrRetryBudget, or with ErrCircuitOpen. Without a budget,
// a call makes at most MaxAttempts tries, and waits for an open breaker
// as long as ctx lasts.
func ContextWithRetryBudget(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, budgetKey{}, &budget{d: d})
}

// budgetOf returns ctx's budget, or nil for none.
func budgetOf(ctx context.Context) *budget {
	b, _ := ctx.Value(budgetKey{}).(*budget)
	return b
}

// begin starts the budget's clock at now, if no call has yet.
func (b *budget) begin(now time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.start.IsZero() {
		b.start = now
	}
}

// allows reports whether a wait of d from now ends within the budget. A
// nil budget allows every wait.
func (b *budget) allows(now time.Time, d time.Duration) bool {
	if b == nil {
		return true
	}
	b.begin(now)
	b.mu.Lock()
	defer b.mu.Unlock()
	return !now.Add(d).After(b.start.Add(b.d))
}
