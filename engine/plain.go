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
		return editMap(x, plainOf, nil)
	case []any:
		return editList(x, plainOf)
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
// Like plain, it copies only what it changes.
func dropNull(v any) any {
	d, _ := dropNullOf(v)
	return d
}

// dropNullOf returns v without null mapping values, and whether that
// differs from v.
func dropNullOf(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		return editMap(x, dropNullOf, func(e any) bool { return e != nil })
	case []any:
		return editList(x, dropNullOf)
	}
	return v, false
}

// editMap applies edit to every value of m, and drops the keys whose
// value keep (when not nil) refuses. It returns m itself when it changed
// nothing, and otherwise a copy with the changes.
func editMap(m map[string]any, edit func(any) (any, bool), keep func(any) bool) (any, bool) {
	var cp map[string]any
	for k, e := range m {
		drop := keep != nil && !keep(e)
		ne, changed := e, false
		if !drop {
			ne, changed = edit(e)
		}
		if !drop && !changed {
			continue
		}
		if cp == nil {
			cp = maps.Clone(m)
		}
		if drop {
			delete(cp, k)
		} else {
			cp[k] = ne
		}
	}
	if cp == nil {
		return m, false
	}
	return cp, true
}

// editList applies edit to every element of l. It returns l itself when
// edit changed none, and otherwise a copy with the changed elements.
func editList(l []any, edit func(any) (any, bool)) (any, bool) {
	var cp []any
	for i, e := range l {
		if ne, changed := edit(e); changed {
			if cp == nil {
				cp = slices.Clone(l)
			}
			cp[i] = ne
		}
	}
	if cp == nil {
		return l, false
	}
	return cp, true
}

// dropNullIn is dropNull of x, the value evalValue made of the template v.
// The mappings and lists the template built are the run's own, so their
// nulls are deleted in place; what an expression gave may be shared, and
// is copied where it changes.
func dropNullIn(v *cvalue, x any) any {
	switch {
	case v == nil:
		return x
	case v.kind == valueMap:
		m, ok := x.(map[string]any)
		if !ok {
			return dropNull(x)
		}
		for i, k := range v.keys {
			if e := m[k]; e == nil {
				delete(m, k)
			} else {
				m[k] = dropNullIn(v.vals[i], e)
			}
		}
		return m
	case v.kind == valueList:
		l, ok := x.([]any)
		if !ok || len(l) != len(v.vals) {
			return dropNull(x)
		}
		for i := range l {
			l[i] = dropNullIn(v.vals[i], l[i])
		}
		return l
	}
	return dropNull(x)
}
