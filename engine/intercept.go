package engine

import "context"

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
	next := func(ctx context.Context) (any, error) { return b.Call(ctx, info.Args) }
	for i := len(r.cfg.calls) - 1; i >= 0; i-- {
		fn, inner := r.cfg.calls[i], next
		next = func(ctx context.Context) (any, error) { return fn(ctx, info, inner) }
	}
	return next(ctx)
}
