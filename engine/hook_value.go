package engine

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// converter moves values between Go and one hook runtime.
type converter struct {
	vm    *goja.Runtime
	hv    *hookVM
	ret   goja.Value // returned, as a JavaScript function
	maps  views[*mapView]
	lists views[*listView]

	// What the current call's hook returned (see returned).
	out      any
	outBytes int // what out takes of hook_output_bytes
	outErr   error
}

// errNotReturned is the error of a hook call whose wrapper did not hand
// over the hook's value, which it always does unless it throws.
var errNotReturned = errors.New("hook: internal error: the hook's value was not handed over")

// returned is the function that a hook's wrapper (see hookPrefix) calls
// with the hook's value. It exports the value within the hook's call, so
// that the getters it triggers are interrupted and fail like the hook's
// own code, and without a second entry into the runtime; it keeps the
// value, or why it cannot be exported, for the end of the call. A hook
// that calls it itself gets nothing from it: the wrapper's call comes
// last and replaces what it kept.
func (c *converter) returned(call goja.FunctionCall) goja.Value {
	lim := c.hv.lim
	x := exporter{left: lim.HookOutputBytes, maxDepth: lim.HookOutputDepth, lim: lim}
	c.out, c.outErr = x.export(call.Argument(0), 0)
	c.outBytes = lim.HookOutputBytes - x.left
	return goja.Undefined()
}

// indexKeys are the property names of the first array indexes, so that
// exporting an array does not format each index.
var indexKeys = func() []string {
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	return keys
}()

func indexKey(i int) string {
	if i < len(indexKeys) {
		return indexKeys[i]
	}
	return strconv.Itoa(i)
}

// exporter converts a hook's value into JSON-like Go values within a
// budget of bytes (as JSON would size them) and of depth, so that an
// array whose length was set to 2^32-1, or a shared subtree referenced
// 2^40 times, fails after at most budget bytes of work, before anything
// large is allocated.
type exporter struct {
	left     int // bytes left of the budget
	maxDepth int
	lim      Limits
}

// over returns the error of an exporter out of budget.
func (x *exporter) over(format string, args ...any) error {
	return overLimit("hook_output_bytes", x.lim.HookOutputBytes, format, args...)
}

func (x *exporter) take(n int) error {
	x.left -= n
	if x.left < 0 {
		return x.over("value of more than %s", formatBytes(x.lim.HookOutputBytes))
	}
	return nil
}

// smallNumbers holds the numbers 0 to 255 as float64 in an interface, so
// that exporting counts and quantities, the most common numbers of a
// hook's value, allocates nothing.
var smallNumbers = func() (n [256]any) {
	for i := range n {
		n[i] = float64(i)
	}
	return n
}()

// export converts a hook's value as JSON.stringify would: numbers are
// float64, dates strings, undefined and non-finite numbers nil.
// Functions and symbols are errors.
func (x *exporter) export(v goja.Value, depth int) (any, error) {
	if depth > x.maxDepth {
		return nil, overLimit("hook_output_depth", x.maxDepth, "value nests deeper than %d levels", x.maxDepth)
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, x.take(4)
	}
	if _, ok := v.(*goja.Symbol); ok {
		return nil, errors.New("cannot return a symbol")
	}
	o, ok := v.(*goja.Object)
	if !ok {
		// The value Export boxed is returned as it is, not boxed again.
		switch e := v.Export(); p := e.(type) {
		case int64:
			if p >= 0 && p < int64(len(smallNumbers)) {
				return smallNumbers[p], x.take(8)
			}
			return float64(p), x.take(8)
		case float64:
			if math.IsNaN(p) || math.IsInf(p, 0) {
				return nil, x.take(4)
			}
			return e, x.take(8)
		case string:
			return e, x.take(len(p) + 2)
		case bool:
			return e, x.take(5)
		}
		return nil, fmt.Errorf("cannot return a %s", v.ExportType())
	}
	if _, isFunc := goja.AssertFunction(o); isFunc {
		return nil, errors.New("cannot return a function")
	}
	switch o.ClassName() {
	case "Date":
		if t, ok := o.Export().(time.Time); ok {
			return t.UTC().Format(time.RFC3339Nano), x.take(32)
		}
	case "Array":
		length := o.Get("length").ToFloat()
		if length > float64(x.lim.HookOutputBytes) || length < 0 {
			return nil, x.over("array of %s elements", strconv.FormatFloat(length, 'f', -1, 64))
		}
		if length > float64(x.left) {
			return nil, x.over("value of more than %s", formatBytes(x.lim.HookOutputBytes))
		}
		n := int(length)
		if err := x.take(2 + n); err != nil {
			return nil, err
		}
		l := make([]any, n)
		for i := range l {
			e, err := x.export(o.Get(indexKey(i)), depth+1)
			if err != nil {
				return nil, err
			}
			l[i] = e
		}
		return l, nil
	}
	keys := o.Keys()
	if err := x.take(2 + len(keys)); err != nil {
		return nil, err
	}
	m := make(map[string]any, len(keys))
	for _, k := range keys {
		if err := x.take(len(k) + 3); err != nil {
			return nil, err
		}
		e, err := x.export(o.Get(k), depth+1)
		if err != nil {
			return nil, err
		}
		m[k] = e
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
		x := &exporter{left: c.hv.lim.HookOutputBytes, maxDepth: c.hv.lim.HookOutputDepth, lim: c.hv.lim}
		v, err := x.export(a, 0)
		if err != nil {
			parts[i] = a.String()
			continue
		}
		parts[i] = compact(v)
	}
	return clip(strings.Join(parts, " "), c.hv.lim.HookOutputBytes)
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
