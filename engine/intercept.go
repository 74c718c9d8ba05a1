package engine

import (
	"context"
	"fmt"
)

// CallInfo is what a CallInterceptor learns of a call step before its
// builtin is called.
type CallInfo struct {
	// Path is the step's address in the run ("parcels[1]/dispatch/label",
	// see Pause.Path): with the run's own key, it names the call stably
	// across runs of the same input.
	Path    string
	Step    string
	Builtin string
	Args    map[string]any // the evaluated arguments, as the builtin gets them
}

// CallInterceptor wraps every builtin call of a run. It is called with the
// call before it is made, calls next to make it (or does not, and answers
// for it), and sees the result. next may be called at most once; ctx is
// the call's, and carries what ReportStatus, Logf and RecordExchange need.
type CallInterceptor func(ctx context.Context, call CallInfo, next func(context.Context) (any, error)) (any, error)

// WithCallInterceptor passes every builtin call of the run through fn.
// With several, the first given is the outermost.
func WithCallInterceptor(fn CallInterceptor) RunOption {
	return func(c *runConfig) { c.calls = append(c.calls, fn) }
}

// callBuiltin calls b with args through the run's interceptors.
func (r *run) callBuiltin(ctx context.Context, info CallInfo, b Builtin) (any, error) {
	if len(r.cfg.calls) == 0 {
		return b.Call(ctx, info.Args)
	}
	next := func(ctx context.Context) (any, error) { return b.Call(ctx, info.Args) }
	for i := len(r.cfg.calls) - 1; i >= 0; i-- {
		fn, inner := r.cfg.calls[i], next
		next = func(ctx context.Context) (any, error) { return fn(ctx, info, inner) }
	}
	return next(ctx)
}

// callContext is the context of one call step's builtin: RecordExchange,
// Logf and ReportStatus in it reach the run, as events of the step. One
// value instead of a context.WithValue and a closure for each of the
// three: a run makes one per call.
type callContext struct {
	context.Context
	r     *run
	step  string
	path  string
	depth int
}

// Value answers the keys of RecordExchange, Logf and ReportStatus with
// the call context itself, and any other key as the parent does.
func (c *callContext) Value(key any) any {
	switch key.(type) {
	case recorderKey, logKey, statusKey:
		return c
	}
	return c.Context.Value(key)
}

// record reports an exchange of the call as an Exchanged event.
func (c *callContext) record(x Exchange) {
	c.r.emit(Exchanged{Step: c.step, Path: c.path, Exchange: x, Depth: c.depth})
}

// logf writes a Log event of the call.
func (c *callContext) logf(format string, a ...any) {
	c.r.emit(Log{Step: c.step, Path: c.path, Message: fmt.Sprintf(format, a...), Depth: c.depth})
}

// reportStatus is what the call step reports it ended with.
func (c *callContext) reportStatus(st Status) { c.r.status = st }
