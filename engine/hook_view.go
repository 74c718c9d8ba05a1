package engine

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/dop251/goja"
)

// view returns v as a hook sees it: a read-only view that converts each
// value only when the hook reads it, so that a hook that reads one field
// of a large order pays for that field, not for the order. Writes,
// deletes and new properties fail (a TypeError in the hook's strict
// code). Values that are not JSON-like (a builtin's struct) go through
// encoding/json first: JavaScript never sees a Go struct.
func (c *converter) view(v any) goja.Value {
	switch v := v.(type) {
	case nil:
		return goja.Null()
	case bool, string, float64, int, int64:
		return c.vm.ToValue(v)
	case map[string]any:
		return c.mapView(v)
	case []any:
		return c.listView(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return goja.Undefined()
	}
	var plain any
	if err := json.Unmarshal(b, &plain); err != nil {
		return goja.Undefined()
	}
	return c.view(plain)
}

// A runtime keeps the views it makes for the calls after: a call takes
// them in the order it needs them, and release readies them for the next
// call. A view is out of every hook's reach once its call ends (nothing
// a call makes outlives it: the realm is frozen, the job queue ends with
// the call, and the value a hook returns is exported to Go), so pointing
// it at another call's values shows them to no one else.

// viewsKept is how many views of maps, and of lists, a runtime keeps for
// later calls; a call that needs more makes the others afresh.
const viewsKept = 64

// kidsKept is the largest slice of objects handed out (see listView)
// that a kept list view keeps for later calls; a larger one is let go.
const kidsKept = 1024

// views are the views a runtime keeps, of one kind.
type views[T any] struct {
	kept []T
	used int // how many of kept the current call has taken
}

// take returns a kept view for the current call, if one is left.
func (vs *views[T]) take() (v T, ok bool) {
	if vs.used < len(vs.kept) {
		vs.used++
		return vs.kept[vs.used-1], true
	}
	return v, false
}

// keep adds v, just made, to the kept views, if there is room.
func (vs *views[T]) keep(v T) {
	if len(vs.kept) < viewsKept {
		vs.kept = append(vs.kept, v)
		vs.used++
	}
}

// mapView returns a view of m: a kept one if one is left, else a new one.
func (c *converter) mapView(m map[string]any) goja.Value {
	if o, ok := c.maps.take(); ok {
		o.m = m
		return o.obj
	}
	o := &mapView{c: c, m: m}
	o.obj = c.vm.NewDynamicObject(o)
	o.proto = o.obj.Prototype()
	c.maps.keep(o)
	return o.obj
}

// listView returns a view of l: a kept one if one is left, else a new
// one.
func (c *converter) listView(l []any) goja.Value {
	if a, ok := c.lists.take(); ok {
		a.l = l
		return a.obj
	}
	a := &listView{c: c, l: l}
	a.obj = c.vm.NewDynamicArray(a)
	a.proto = a.obj.Prototype()
	c.lists.keep(a)
	return a.obj
}

// release ends the current call's use of the kept views: each forgets
// its values, keeps what it allocated only if it is small, and gets its
// prototype back. goja lets Object.setPrototypeOf change a dynamic
// object's prototype; the realm refuses it for views (realmJS), and this
// makes sure that a way around that shows the next call nothing either.
func (c *converter) release() {
	for _, o := range c.maps.kept[:c.maps.used] {
		clear(o.kids)
		o.m, o.keys, o.kids, o.index = nil, nil, o.kids[:0], nil
		resetProto(o.obj, o.proto)
	}
	for _, a := range c.lists.kept[:c.lists.used] {
		clear(a.kids)
		a.l, a.kids = nil, a.kids[:0]
		if cap(a.kids) > kidsKept {
			a.kids = nil
		}
		resetProto(a.obj, a.proto)
	}
	c.maps.used, c.lists.used = 0, 0
}

// resetProto sets the prototype of o back to proto, if a call changed it.
func resetProto(o, proto *goja.Object) {
	if o.Prototype() != proto {
		// A dynamic object takes any prototype: this cannot fail.
		_ = o.SetPrototype(proto)
	}
}

// mapView is a read-only goja.DynamicObject over a Go map. It keeps the
// objects it has handed out (views of maps and lists, and values made
// through encoding/json), so that input.a === input.a; primitives are
// converted at each read, as cheaply as a lookup would be.
type mapView struct {
	c     *converter
	obj   *goja.Object // the view, as JavaScript sees it
	proto *goja.Object // obj's prototype when it was made
	m     map[string]any
	keys  []string
	kids  []kid                 // the views handed out, in the order they were
	index map[string]goja.Value // the same, once there are more than fewKids
}

// kid is a view a mapView has handed out, under its key.
type kid struct {
	key string
	v   goja.Value
}

// fewKids is how many views a mapView searches in order: most hooks read
// a few fields of each object, for which a short slice is cheaper than a
// map. Past it, a map finds them.
const fewKids = 8

// Get returns the value of key, converted once if it becomes an object.
func (o *mapView) Get(key string) goja.Value {
	if o.index != nil {
		if v, ok := o.index[key]; ok {
			return v
		}
	} else {
		for i := range o.kids {
			if o.kids[i].key == key {
				return o.kids[i].v
			}
		}
	}
	x, ok := o.m[key]
	if !ok {
		return nil
	}
	v := o.c.view(x)
	if _, ok := v.(*goja.Object); ok {
		o.keep(key, v)
	}
	return v
}

// keep remembers the view v of key.
func (o *mapView) keep(key string, v goja.Value) {
	switch {
	case o.index != nil:
		o.index[key] = v
	case len(o.kids) < fewKids:
		o.kids = append(o.kids, kid{key, v})
	default:
		o.index = make(map[string]goja.Value, 2*fewKids)
		for _, k := range o.kids {
			o.index[k.key] = k.v
		}
		o.index[key] = v
		o.kids = nil
	}
}

// Set refuses every write, with the TypeError of a frozen object.
func (o *mapView) Set(key string, _ goja.Value) bool {
	panic(o.c.vm.NewTypeError("Cannot assign to read only property '%s'", key))
}

// Has reports whether the map has key.
func (o *mapView) Has(key string) bool { _, ok := o.m[key]; return ok }

// Delete refuses every delete, with the TypeError of a frozen object.
func (o *mapView) Delete(key string) bool {
	panic(o.c.vm.NewTypeError("Cannot delete property '%s' of [object Object]", key))
}

// Keys returns the keys in order.
func (o *mapView) Keys() []string {
	if o.keys == nil {
		o.keys = slices.Sorted(maps.Keys(o.m))
	}
	return o.keys
}

// listView is a read-only goja.DynamicArray over a Go slice. Like a
// mapView, it keeps the objects it has handed out.
type listView struct {
	c     *converter
	obj   *goja.Object // the view, as JavaScript sees it
	proto *goja.Object // obj's prototype when it was made
	l     []any
	kids  []goja.Value // by index, sized at the first read of an object
}

// Len returns the length of the slice.
func (a *listView) Len() int { return len(a.l) }

// Get returns the element at i, converted once if it becomes an object,
// or nil outside the slice.
func (a *listView) Get(i int) goja.Value {
	if i < 0 || i >= len(a.l) {
		return nil
	}
	if i < len(a.kids) && a.kids[i] != nil {
		return a.kids[i]
	}
	v := a.c.view(a.l[i])
	if _, ok := v.(*goja.Object); ok {
		if len(a.kids) == 0 {
			a.kids = slices.Grow(a.kids, len(a.l))[:len(a.l)]
		}
		a.kids[i] = v
	}
	return v
}

// Set refuses every write, with the TypeError of a frozen array.
func (a *listView) Set(i int, _ goja.Value) bool {
	panic(a.c.vm.NewTypeError("Cannot assign to read only property '%d'", i))
}

// SetLen refuses every change of length, with the TypeError of a frozen
// array.
func (a *listView) SetLen(int) bool {
	panic(a.c.vm.NewTypeError("Cannot assign to read only property 'length'"))
}

// isView reports whether v is a view of the scope, which JavaScript
// should take for a frozen object.
func isView(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	switch o.Export().(type) {
	case *mapView, *listView:
		return true
	}
	return false
}
