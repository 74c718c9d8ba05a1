package builtins

import (
	"context"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// clientKey is the context key of a run's client.
type clientKey struct{}

// ContextWithClient returns a copy of ctx in which the sevensenders.*
// builtins call the API through c instead of the client given to Register
// with WithClient. Pass it to (*engine.Program).Run to run one compiled
// program against several targets, such as a preflight simulator and
// then the real API. A nil c leaves the Register client in charge.
func ContextWithClient(ctx context.Context, c *sevensenders.Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// clientFor returns the client of the run that ctx belongs to, or def.
func clientFor(ctx context.Context, def *sevensenders.Client) *sevensenders.Client {
	if c, ok := ctx.Value(clientKey{}).(*sevensenders.Client); ok && c != nil {
		return c
	}
	return def
}
