package engine

import (
	"fmt"
	"reflect"
)

// plain turns a value computed by an expression into the JSON-shaped values
// that builtins, schemas and traces expect: every map becomes
// map[string]any and every slice or array []any, recursively. Expressions
// may build other shapes (fromPairs gives map[any]any, a function may return
// []string); without this a payload that reads correctly in the YAML could
// not be validated or sent.
func plain(v any) any {
	switch x := v.(type) {
	case nil, bool, string, float64, int, int64:
		return v
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = plain(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = plain(e)
		}
		return l
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[fmt.Sprint(it.Key().Interface())] = plain(it.Value().Interface())
		}
		return m
	case reflect.Slice, reflect.Array:
		l := make([]any, rv.Len())
		for i := range l {
			l[i] = plain(rv.Index(i).Interface())
		}
		return l
	}
	return v
}

// dropNull removes, at every depth, the mapping keys whose value is null:
// a builtin's arguments are a payload, where an optional field that an
// expression found nil for (input.recipient.phone) is left out rather than
// sent as null. Elements of lists stay, nulls included. v must be plain.
func dropNull(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			if e != nil {
				m[k] = dropNull(e)
			}
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = dropNull(e)
		}
		return l
	}
	return v
}
