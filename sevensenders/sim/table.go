package sim

import (
	"cmp"
	"slices"
	"unsafe"
)

// table is one collection of the state (orders, shipments, ...) with an
// index per field that requests look objects up by, so that a look-up
// costs the same at ten objects as at ten thousand. The slice in State
// keeps creation order and is what GET lists and the state file hold;
// the indexes are rebuilt from it when the state is loaded or reset.
//
// Every change goes through the table: insert, remove, replace, or touch
// after changing an object's fields in place. touch indexes the object's
// new values and tells the state log (statelog.go) that it changed.
type table struct {
	name   string   // the collection's JSON name in State and in the state log
	key    string   // the field that identifies an object; it never changes
	fields []string // the fields looked up by, besides key
	list   func(*State) *[]Object

	st    *State
	byKey map[string]Object
	seq   map[string]int64                        // key -> creation order
	idx   map[string]map[string]map[string]Object // field -> value -> key -> object
	at    map[string]map[string]string            // field -> key -> the value it is indexed under
	next  int64
	log   *changes // where changes are recorded, or nil
}

// tables are the collections of a State.
type tables struct {
	orders, items, shipments, labels, customs, manifests, products *table
}

func newTables(log *changes) tables {
	t := func(name, key string, list func(*State) *[]Object, fields ...string) *table {
		return &table{name: name, key: key, fields: fields, list: list, log: log}
	}
	return tables{
		orders:    t("orders", "id", func(st *State) *[]Object { return &st.Orders }, "order_id"),
		items:     t("items", "id", func(st *State) *[]Object { return &st.Items }, "shop_order_id", "sku"),
		shipments: t("shipments", "id", func(st *State) *[]Object { return &st.Shipments }, "order_id", "tracking_code", "reference_number"),
		labels:    t("labels", "id", func(st *State) *[]Object { return &st.Labels }, "reference_number"),
		customs:   t("customs_shipments", "shipment_id", func(st *State) *[]Object { return &st.Customs }, "tracking_code"),
		manifests: t("customs_manifests", "manifest_id", func(st *State) *[]Object { return &st.Manifests }),
		products:  t("products", "id", func(st *State) *[]Object { return &st.Products }, "sku"),
	}
}

// all lists the tables in the order of State's fields.
func (ts tables) all() []*table {
	return []*table{ts.orders, ts.items, ts.shipments, ts.labels, ts.customs, ts.manifests, ts.products}
}

// reset indexes every table of st.
func (ts tables) reset(st *State) {
	for _, t := range ts.all() {
		t.reset(st)
	}
}

// reset indexes the collection of st afresh.
func (t *table) reset(st *State) {
	t.st = st
	t.byKey = map[string]Object{}
	t.seq = map[string]int64{}
	t.idx = map[string]map[string]map[string]Object{}
	t.at = map[string]map[string]string{}
	t.next = 0
	for _, o := range *t.list(st) {
		t.index(o)
	}
}

// index adds o to the indexes under its current values.
func (t *table) index(o Object) {
	k := str(o, t.key)
	if _, seen := t.seq[k]; !seen || !same(t.byKey[k], o) {
		t.next++
		t.seq[k] = t.next
	}
	t.byKey[k] = o
	for _, f := range t.fields {
		t.indexField(f, o)
	}
}

// indexField indexes o under its value of field f, moving it from the
// value it was indexed under before. It costs the same however many
// objects share the value.
func (t *table) indexField(f string, o Object) {
	k, v := str(o, t.key), str(o, f)
	at := t.at[f]
	if at == nil {
		at = map[string]string{}
		t.at[f] = at
	}
	if old, ok := at[k]; ok && old != v {
		delete(t.idx[f][old], k)
	}
	if v == "" {
		delete(at, k)
		return
	}
	at[k] = v
	byValue := t.idx[f]
	if byValue == nil {
		byValue = map[string]map[string]Object{}
		t.idx[f] = byValue
	}
	if byValue[v] == nil {
		byValue[v] = map[string]Object{}
	}
	byValue[v][k] = o
}

// unindex drops the object with key k from every field's index.
func (t *table) unindex(k string) {
	for _, f := range t.fields {
		if v, ok := t.at[f][k]; ok {
			delete(t.idx[f][v], k)
			delete(t.at[f], k)
		}
	}
}

// live reports whether o is an object of the table (not removed).
func (t *table) live(o Object) bool { return same(t.byKey[str(o, t.key)], o) }

// get returns the object whose key is k, or nil.
func (t *table) get(k string) Object {
	if k == "" {
		return nil
	}
	return t.byKey[k]
}

// find returns the first object, in creation order, whose field f is v
// (the key field too); nil if there is none or v is empty.
func (t *table) find(f, v string) Object {
	if f == t.key {
		return t.get(v)
	}
	if found := t.where(f, v); len(found) > 0 {
		return found[0]
	}
	return nil
}

// where returns the objects whose field f is v, in creation order; none
// for an empty v.
func (t *table) where(f, v string) []Object {
	if f == t.key {
		if o := t.get(v); o != nil {
			return []Object{o}
		}
		return nil
	}
	var out []Object
	for _, o := range t.idx[f][v] {
		if t.live(o) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b Object) int { return int(t.seq[str(a, t.key)] - t.seq[str(b, t.key)]) })
	return out
}

// insert appends a new object.
func (t *table) insert(o Object) {
	list := t.list(t.st)
	*list = append(*list, o)
	t.index(o)
	t.log.put(t, o)
}

// touch records that o, an object of the table, changed in place: it is
// indexed under its new values and logged.
func (t *table) touch(o Object) {
	if !t.live(o) {
		return
	}
	for _, f := range t.fields {
		t.indexField(f, o)
	}
	t.log.put(t, o)
}

// replace puts o in the place of old, which has the same key.
func (t *table) replace(old, o Object) {
	list := *t.list(t.st)
	if i := t.position(list, old); i >= 0 {
		list[i] = o
	}
	t.byKey[str(o, t.key)] = o
	t.touch(o)
}

// remove deletes o. Removing from the middle of the slice moves the
// objects after it; look-ups stay O(1).
func (t *table) remove(o Object) {
	list := t.list(t.st)
	if i := t.position(*list, o); i >= 0 {
		*list = slices.Delete(*list, i, i+1)
	}
	k := str(o, t.key)
	delete(t.byKey, k)
	delete(t.seq, k)
	t.unindex(k)
	t.log.remove(t, k)
}

// position returns the index of o in list, the table's slice, or -1. The
// slice is in creation order, so o is found by a binary search on it.
func (t *table) position(list []Object, o Object) int {
	if s, ok := t.seq[str(o, t.key)]; ok {
		i, found := slices.BinarySearchFunc(list, s, func(e Object, s int64) int { return cmp.Compare(t.seq[str(e, t.key)], s) })
		if found && same(list[i], o) {
			return i
		}
	}
	return slices.IndexFunc(list, func(e Object) bool { return same(e, o) })
}

// same reports whether a and b are the same object (not equal ones). A
// map value is one pointer to the map, which reflect's Value.Pointer
// reads too; reading it directly costs a nanosecond, not fifty, and
// remove compares it against every object of a table.
func same(a, b Object) bool {
	return a != nil && b != nil && *(*unsafe.Pointer)(unsafe.Pointer(&a)) == *(*unsafe.Pointer)(unsafe.Pointer(&b))
}
