package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// maxHookValueDepth is how deeply the values a hook returns or logs may
// nest; deeper values (or cyclic ones) are an error.
const maxHookValueDepth = 100

// errHookTimeout is what a hook's runtime is interrupted with when its time
// budget is spent.
var errHookTimeout = errors.New("hook time budget spent")

// hook runs the step's hook and reports it as a Hook event, with what it
// writes to console as Log events.
func (r *run) hook(ctx context.Context, f *frame, s *cstep) (any, error) {
	depth := f.depth + 1
	out, err := s.hook.run(ctx, f.env(), func(msg string) {
		r.emit(Log{Step: s.ID, Message: msg, Depth: depth})
	})
	if err != nil {
		err.Step = s.ID
		r.emit(Hook{Step: s.ID, Pos: s.hook.Pos, Err: err, Depth: depth})
		return nil, err
	}
	r.emit(Hook{Step: s.ID, Pos: s.hook.Pos, Result: out, Depth: depth})
	return out, nil
}

// run runs the hook in a fresh runtime with env's values as read-only
// globals, and returns its value as JSON-like Go values. The runtime is
// interrupted when the time budget is spent or ctx ends.
func (h *hook) run(ctx context.Context, env map[string]any, log func(string)) (out any, err *Error) {
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

// converter moves values between Go and one hook runtime.
type converter struct {
	vm     *goja.Runtime
	freeze goja.Callable
}

// toJS converts a JSON-like Go value into a frozen JavaScript value, so
// that the hook can read it but not change it. Other Go values go through
// encoding/json first: JavaScript never sees a Go struct.
func (c *converter) toJS(v any) (goja.Value, error) {
	switch v := v.(type) {
	case nil:
		return goja.Null(), nil
	case bool, string, float64, int, int64:
		return c.vm.ToValue(v), nil
	case map[string]any:
		o := c.vm.NewObject()
		for _, k := range slices.Sorted(maps.Keys(v)) {
			x, err := c.toJS(v[k])
			if err != nil {
				return nil, err
			}
			_ = o.Set(k, x)
		}
		_, err := c.freeze(goja.Undefined(), o)
		return o, err
	case []any:
		items := make([]any, len(v))
		for i, e := range v {
			x, err := c.toJS(e)
			if err != nil {
				return nil, err
			}
			items[i] = x
		}
		o := c.vm.NewArray(items...)
		_, err := c.freeze(goja.Undefined(), o)
		return o, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var plain any
	if err := json.Unmarshal(b, &plain); err != nil {
		return nil, err
	}
	return c.toJS(plain)
}

// export converts a hook's value into JSON-like Go values, as
// JSON.stringify would: numbers are float64, dates strings, undefined
// and non-finite numbers nil. Functions and symbols are errors.
func (c *converter) export(v goja.Value, depth int) (any, error) {
	if depth > maxHookValueDepth {
		return nil, fmt.Errorf("value nests deeper than %d levels", maxHookValueDepth)
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	if _, ok := v.(*goja.Symbol); ok {
		return nil, errors.New("cannot return a symbol")
	}
	o, ok := v.(*goja.Object)
	if !ok {
		switch x := v.Export().(type) {
		case int64:
			return float64(x), nil
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nil
			}
			return x, nil
		case string, bool:
			return x, nil
		}
		return nil, fmt.Errorf("cannot return a %s", v.ExportType())
	}
	if _, isFunc := goja.AssertFunction(o); isFunc {
		return nil, errors.New("cannot return a function")
	}
	switch o.ClassName() {
	case "Date":
		if t, ok := o.Export().(time.Time); ok {
			return t.UTC().Format(time.RFC3339Nano), nil
		}
	case "Array":
		n := int(o.Get("length").ToInteger())
		l := make([]any, n)
		for i := range l {
			x, err := c.export(o.Get(fmt.Sprint(i)), depth+1)
			if err != nil {
				return nil, err
			}
			l[i] = x
		}
		return l, nil
	}
	m := map[string]any{}
	for _, k := range o.Keys() {
		x, err := c.export(o.Get(k), depth+1)
		if err != nil {
			return nil, err
		}
		m[k] = x
	}
	return m, nil
}

// text formats console arguments: strings as they are, other values as
// JSON, errors as their message.
func (c *converter) text(args []goja.Value) string {
	parts := make([]string, len(args))
	for i, a := range args {
		o, isObj := a.(*goja.Object)
		_, isFunc := goja.AssertFunction(a)
		if !isObj || isFunc || o.ClassName() == "Error" {
			parts[i] = a.String()
			continue
		}
		v, err := c.export(a, 0)
		if err != nil {
			parts[i] = a.String()
			continue
		}
		parts[i] = compact(v)
	}
	return strings.Join(parts, " ")
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

// jsonType names the JSON type of a value that export returned.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}
