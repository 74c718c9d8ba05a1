package builtins

import (
	"context"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// RecordExchange passes one HTTP exchange of a sevensenders.Client to the
// run that ctx belongs to, as an engine.Exchange in its trace. It is a
// sevensenders.Observer: create the client that WithClient hands to
// Register with sevensenders.WithObserver(builtins.RecordExchange), so that
// every exchange of a call step, token calls and retries included, is
// traced. The client has already redacted the access key and token. A
// transport error, which has no status, is also logged.
func RecordExchange(ctx context.Context, x sevensenders.Exchange) {
	engine.RecordExchange(ctx, engine.Exchange{
		Method:   x.Method,
		Path:     x.Path,
		Status:   x.Status,
		Retry:    max(x.Attempt-1, 0),
		Request:  x.Request,
		Response: x.Response,
	})
	if x.Err != nil {
		engine.Logf(ctx, "%s %s: attempt %d: %v", x.Method, x.Path, x.Attempt, x.Err)
	}
}

var _ sevensenders.Observer = RecordExchange
