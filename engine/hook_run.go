package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
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
	out, err := s.hook.run(ctx, f.env(), func(msg string) {
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

// run runs the hook in a fresh runtime with env's values as read-only
// globals, and returns its value as JSON-like Go values. The runtime is
// interrupted when the time budget is spent or ctx ends.
func (h *hook) run(ctx context.Context, env map[string]any, log func(string)) (out any, err *Error) {
	defer func() {
		if x := recover(); x != nil { // a fault in goja fails the step, not the process
			out, err = nil, &Error{Pos: h.Pos, Code: CodeHook, Err: fmt.Errorf("hook: internal error: %v", x)}
		}
	}()
	vm := goja.New()
	vm.SetFieldNameMapper(goja.TagFieldNameMapper("json", true))
	vm.SetMaxCallStackSize(hookStackLimit)
	c := &converter{vm: vm}
	c.freeze, _ = goja.AssertFunction(vm.Get("Object").ToObject(vm).Get("freeze"))
	for _, name := range slices.Sorted(maps.Keys(env)) {
		v, cerr := c.toJS(env[name])
		if cerr == nil {
			cerr = vm.GlobalObject().DefineDataProperty(name, v, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		}
		if cerr != nil {
			return nil, &Error{Pos: h.Pos, Code: CodeHook, Err: fmt.Errorf("hook: pass %s: %w", name, cerr)}
		}
	}
	console := vm.NewObject()
	for _, level := range []string{"log", "info", "warn", "error"} {
		prefix := ""
		if level == "warn" || level == "error" {
			prefix = level + ": "
		}
		_ = console.Set(level, func(call goja.FunctionCall) goja.Value {
			log(prefix + c.text(call.Arguments))
			return goja.Undefined()
		})
	}
	_ = vm.Set("console", console)

	timer := time.AfterFunc(h.timeout, func() { vm.Interrupt(errHookTimeout) })
	defer timer.Stop()
	stop := context.AfterFunc(ctx, func() { vm.Interrupt(ctx.Err()) })
	defer stop()

	fn, jerr := vm.RunProgram(h.prog)
	if jerr == nil {
		call, _ := goja.AssertFunction(fn)
		var res goja.Value
		if res, jerr = call(goja.Undefined()); jerr == nil {
			jerr = c.wrapped(func() error {
				var xerr error
				out, xerr = c.export(res, 0)
				return xerr
			})
		}
	}
	if jerr != nil {
		return nil, h.fail(jerr)
	}
	return out, nil
}

// fail turns an error of a hook's runtime into an *Error at the position in
// the hook where it happened.
func (h *hook) fail(err error) *Error {
	var (
		ie *goja.InterruptedError
		so *goja.StackOverflowError
		ex *goja.Exception
	)
	switch {
	case errors.As(err, &ie) && ie.Value() == errHookTimeout:
		return &Error{Pos: h.Pos, Code: CodeHookTimeout, Err: fmt.Errorf("hook exceeded its time budget of %s", h.timeout)}
	case errors.As(err, &ie):
		cause, _ := ie.Value().(error)
		return &Error{Pos: h.Pos, Code: CodeCanceled, Err: fmt.Errorf("hook: %w", cause)}
	case errors.As(err, &so):
		return &Error{Pos: h.at(so.Stack()), Code: CodeHook, Err: fmt.Errorf("hook exceeded its stack depth limit of %d calls", hookStackLimit)}
	case errors.As(err, &ex):
		msg := "exception"
		if v := ex.Value(); v != nil {
			msg = v.String()
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

// wrapped runs f as if called from JavaScript, so that getters it triggers
// are interrupted and fail like the hook's own code.
func (c *converter) wrapped(f func() error) error {
	var ferr error
	call, _ := goja.AssertFunction(c.vm.ToValue(func(goja.FunctionCall) goja.Value {
		ferr = f()
		return goja.Undefined()
	}))
	if _, err := call(goja.Undefined()); err != nil {
		return err
	}
	if ferr != nil {
		return fmt.Errorf("return: %w", ferr)
	}
	return nil
}
