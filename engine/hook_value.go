package engine

import (
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
