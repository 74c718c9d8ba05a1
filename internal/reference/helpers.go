package reference

import (
	"fmt"
	"strconv"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
)

// helpers are the expression functions of package builtins, called from
// Go: the same rounding, dates and customs tables as the pipeline's.
type helpers map[string]func(params ...any) (any, error)

// newHelpers collects the functions of package builtins.
func newHelpers() (helpers, error) {
	reg := engine.NewRegistry()
	if err := builtins.Register(reg); err != nil {
		return nil, err
	}
	h := helpers{}
	for _, f := range reg.Funcs() {
		h[f.Name] = f.Func
	}
	for _, name := range []string{"customs_destination", "next_pickup", "add_business_days", "convert_weight",
		"language_of", "net_from_gross", "gross_from_net", "format_money", "format_date"} {
		if h[name] == nil {
			return nil, fmt.Errorf("reference: no function %s in package builtins", name)
		}
	}
	return h, nil
}

// call calls the function name.
func (h helpers) call(name string, params ...any) (any, error) {
	v, err := h[name](params...)
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	return v, nil
}

// str returns m[k] as a string, "" when absent or not one.
func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// num returns m[k] as a number, nil when absent.
func num(m map[string]any, k string) *float64 {
	switch v := m[k].(type) {
	case float64:
		return &v
	case int:
		f := float64(v)
		return &f
	}
	return nil
}

// obj returns m[k] as an object, nil when absent or not one.
func obj(m map[string]any, k string) map[string]any {
	o, _ := m[k].(map[string]any)
	return o
}

// list returns m[k] as a list.
func list(m map[string]any, k string) []any {
	l, _ := m[k].([]any)
	return l
}

// text is a value as the pipeline's string() prints an id: a string as it
// is, a number in its shortest form.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// or returns the first of vs that is not "".
func or(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// body is a request body; put leaves out what is unknown, as the
// pipeline drops null arguments.
type body map[string]any

// put sets k to v unless v is nil, "" or a nil pointer.
func (b body) put(k string, v any) body {
	switch x := v.(type) {
	case nil:
		return b
	case string:
		if x == "" {
			return b
		}
	case *float64:
		if x == nil {
			return b
		}
		v = *x
	case *bool:
		if x == nil {
			return b
		}
		v = *x
	case map[string]any:
		if x == nil {
			return b
		}
	}
	b[k] = v
	return b
}
