package engine

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// plain turns a value computed by an expression into the JSON-shaped values
// that builtins, schemas and traces expect: every map becomes
// map[string]any and every slice or array []any, recursively. Expressions
// may build other shapes (fromPairs gives map[any]any, a function may return
// []string); without this a payload that reads correctly in the YAML could
// not be validated or sent. What has these shapes already is not copied:
// the run never changes a value in place, so sharing a part with the
// input or an earlier step is safe, and most values (a field of the
// order, a mapping of them) need no copy.
func plain(v any) any {
	p, _ := plainOf(v)
	return p
}

// plainOf returns the plain form of v, and whether it differs from v.
func plainOf(v any) (any, bool) {
	switch x := v.(type) {
	case nil, bool, string, float64, int, int64:
		return v, false
	case map[string]any:
		var cp map[string]any
		for k, e := range x {
			if pe, changed := plainOf(e); changed {
				if cp == nil {
					cp = maps.Clone(x)
				}
				cp[k] = pe
			}
		}
		if cp == nil {
			return x, false
		}
		return cp, true
	case []any:
		var cp []any
		for i, e := range x {
			if pe, changed := plainOf(e); changed {
				if cp == nil {
					cp = slices.Clone(x)
				}
				cp[i] = pe
			}
		}
		if cp == nil {
			return x, false
		}
		return cp, true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[fmt.Sprint(it.Key().Interface())] = plain(it.Value().Interface())
		}
		return m, true
	case reflect.Slice, reflect.Array:
		l := make([]any, rv.Len())
		for i := range l {
			l[i] = plain(rv.Index(i).Interface())
		}
		return l, true
	}
	return v, false
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
