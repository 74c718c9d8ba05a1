package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// errHookTimeout is what a hook's runtime is interrupted with when its time
// budget is spent.
var errHookTimeout = errors.New("hook time budget spent")

// hook runs the step's hook and reports it as a Hook event, with what it
// writes to console as Log events.
func (r *run) hook(ctx context.Context, f *frame, s *cstep) (any, error) {
	depth, path := f.depth+1, f.at(s.ID)
	out, err := s.hook.run(ctx, f.env(), r.budget, func(msg string) {
		r.emit(Log{Step: s.ID, Path: path, Message: msg, Depth: depth})
	})
	if err != nil {
		err.Step = s.ID
		r.emit(Hook{Step: s.ID, Path: path, Pos: s.hook.Pos, Err: err, Depth: depth})
		return nil, err
	}
	r.emit(Hook{Step: s.ID, Path: path, Pos: s.hook.Pos, Result: out, Depth: depth})
	return out, nil
}

// hookCall is the call a runtime serves: it lets its timer, the context
// and the memory watch interrupt the runtime only while the call lasts,
// since the runtime then serves other calls.
//
// One timer, made with the runtime and reset for each call, serves the
// call: it first fires after heapWatchAfter, when the call, if it is
// still running, joins the memory watch, and then at the end of the time
// budget. Most hooks end before it first fires.
type hookCall struct {
	mu       sync.Mutex
	vm       *goja.Runtime
	deadline time.Time
	allow    int // bytes the heap may grow while the call runs
	timer    *time.Timer
	unwatch  func() // leaves the memory watch, once joined
	done     bool
	why      any // what the call was interrupted with, if it was
}

// heapWatchAfter is how long a hook runs before the memory watch watches
// it.
const heapWatchAfter = time.Millisecond

// start begins a call with a budget of timeout that may grow the heap by
// allow bytes, and arms the timer.
func (c *hookCall) start(timeout time.Duration, allow int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline, c.allow = time.Now().Add(timeout), allow
	c.unwatch, c.done, c.why = nil, false, nil
	if c.timer == nil {
		c.timer = time.AfterFunc(min(heapWatchAfter, timeout), c.tick)
	} else {
		c.timer.Reset(min(heapWatchAfter, timeout))
	}
}

// tick is the call's timer: it joins the memory watch, or ends the time
// budget. A tick of the previous call that was already under way when
// that call finished acts for the current one, early: it joins the
// watch, which is harmless, and re-arms the timer for the deadline.
func (c *hookCall) tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return
	}
	if left := time.Until(c.deadline); left > 0 {
		if c.unwatch == nil {
			c.unwatch = heapWatch.add(c, c.allow)
		}
		c.timer.Reset(left)
		return
	}
	c.interruptLocked(errHookTimeout)
}

// interrupt stops the call's runtime with v, if the call is still on.
func (c *hookCall) interrupt(v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.interruptLocked(v)
}

func (c *hookCall) interruptLocked(v any) {
	if !c.done && c.why == nil {
		c.why = v
		c.vm.Interrupt(v)
	}
}

// finish ends the call: later interrupts do nothing. It reports whether
// the call was interrupted.
func (c *hookCall) finish() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = true
	c.timer.Stop()
	if c.unwatch != nil {
		c.unwatch()
	}
	return c.why != nil
}

// run runs the hook in a pooled runtime (see hook_realm.go), with env's
// values passed as read-only views of the scope's names, and returns its
// value as JSON-like Go values, checked against the hook output limits
// and charged to b. The runtime is interrupted when the time budget is
// spent, when ctx ends, or when the heap grows past memory_bytes while
// the hook runs.
func (h *hook) run(ctx context.Context, env map[string]any, b *budget, log func(string)) (out any, err *Error) {
	lim := defaultLimits
	if b != nil {
		lim = b.lim
	}
	hv, verr := getHookVM()
	if verr != nil {
		return nil, &Error{Pos: h.Pos, Code: CodeHook, Err: verr}
	}
	hv.lim, hv.log = lim, log
	call := &hv.call
	reusable := false
	defer func() {
		if x := recover(); x != nil { // a fault in goja fails the step, not the process
			out, err, reusable = nil, &Error{Pos: h.Pos, Code: CodeHook, Err: fmt.Errorf("hook: internal error: %v", x)}, false
		}
		if interrupted := call.finish(); reusable && !interrupted {
			putHookVM(hv)
		}
	}()

	call.start(h.timeout, lim.MemoryBytes)
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { call.interrupt(ctx.Err()) })
		defer stop()
	}

	f, jerr := hv.fn(h)
	if jerr == nil {
		args := append(hv.args[:0], hv.conv.ret)
		for i, name := range h.params {
			if v, ok := env[name]; ok && h.used[i] {
				args = append(args, hv.conv.view(v))
			} else {
				args = append(args, goja.Undefined())
			}
		}
		hv.args = args
		c := hv.conv
		c.out, c.outErr = nil, errNotReturned
		_, jerr = f(goja.Undefined(), args...)
		clear(args) // the views stay reachable from the pool otherwise
		out, c.out = c.out, nil
		if jerr == nil && c.outErr != nil {
			jerr = fmt.Errorf("return: %w", c.outErr)
		}
		if jerr == nil {
			jerr = b.charge(c.outBytes)
		}
	}
	if jerr != nil {
		var ex *goja.Exception
		reusable = errors.As(jerr, &ex)
		return nil, h.fail(jerr, lim)
	}
	reusable = true
	return out, nil
}

// fail turns an error of a hook's runtime into an *Error at the position in
// the hook where it happened.
func (h *hook) fail(err error, lim Limits) *Error {
	var (
		ie *goja.InterruptedError
		so *goja.StackOverflowError
		ex *goja.Exception
		le *LimitError
	)
	switch {
	case errors.As(err, &ie) && ie.Value() == errHookTimeout:
		return &Error{Pos: h.Pos, Code: CodeHookTimeout, Err: fmt.Errorf("hook exceeded its time budget of %s", h.timeout)}
	case errors.As(err, &ie) && ie.Value() == errHookMemory:
		return &Error{Pos: h.Pos, Code: CodeLimit, Err: fmt.Errorf("hook: %w",
			overLimit("memory_bytes", lim.MemoryBytes, "the heap grew by more than %s while the hook ran", formatBytes(lim.MemoryBytes)))}
	case errors.As(err, &ie):
		cause, _ := ie.Value().(error)
		return &Error{Pos: h.Pos, Code: CodeCanceled, Err: fmt.Errorf("hook: %w", cause)}
	case errors.As(err, &so):
		return &Error{Pos: h.at(so.Stack()), Code: CodeHook, Err: fmt.Errorf("hook exceeded its stack depth limit of %d calls", hookStackLimit)}
	case errors.As(err, &le) && errors.As(err, &ex):
		return &Error{Pos: h.at(ex.Stack()), Code: CodeLimit, Err: fmt.Errorf("hook: %w", le)}
	case errors.As(err, &le):
		return &Error{Pos: h.Pos, Code: CodeLimit, Err: fmt.Errorf("hook: %w", err)}
	case errors.As(err, &ex):
		msg := "exception"
		if cause := ex.Unwrap(); cause != nil {
			msg = cause.Error()
		} else if v := ex.Value(); v != nil {
			msg = clip(v.String(), maxEcho)
		}
		return &Error{Pos: h.at(ex.Stack()), Code: CodeHook, Err: fmt.Errorf("hook: %s", msg)}
	}
	return &Error{Pos: h.Pos, Code: CodeHook, Err: fmt.Errorf("hook: %w", err)}
}

// at returns the position of the innermost frame of stack that is in the
// hook's own source.
func (h *hook) at(stack []goja.StackFrame) Pos {
	for i := range stack {
		if f := &stack[i]; f.SrcName() == h.name {
			p := f.Position()
			return h.pos(p.Line, p.Column)
		}
	}
	return h.Pos
}
