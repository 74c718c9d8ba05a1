package sim

import (
	"reflect"
	"strconv"
	"testing"
)

// TestTable: look-ups follow changes made in place, keep creation order
// and never return a removed object.
func TestTable(t *testing.T) {
	st := &State{}
	var log changes
	tb := newTables(&log).shipments
	tb.reset(st)
	a := Object{"id": "1", "order_id": "O-1", "reference_number": "R"}
	b := Object{"id": "2", "order_id": "O-2", "reference_number": "R"}
	c := Object{"id": "3", "order_id": "O-1"}
	for _, o := range []Object{a, b, c} {
		tb.insert(o)
	}
	ids := func(objs []Object) []string {
		out := []string{}
		for _, o := range objs {
			out = append(out, str(o, "id"))
		}
		return out
	}
	tests := []struct {
		name  string
		do    func()
		field string
		value string
		want  []string
	}{
		{"by a field", func() {}, "order_id", "O-1", []string{"1", "3"}},
		{"by the key", func() {}, "id", "2", []string{"2"}},
		{"an empty value finds nothing", func() {}, "tracking_code", "", []string{}},
		{"changed in place: the new value", func() { b["order_id"] = "O-1"; tb.touch(b) }, "order_id", "O-1", []string{"1", "2", "3"}},
		{"changed in place: not the old value", func() {}, "order_id", "O-2", []string{}},
		{"removed", func() { tb.remove(a) }, "reference_number", "R", []string{"2"}},
		{"put back under its key: last", func() { tb.insert(Object{"id": "1", "order_id": "O-1"}) }, "order_id", "O-1", []string{"2", "3", "1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.do()
			if got := ids(tb.where(tc.field, tc.value)); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("where(%s, %s) = %v, want %v", tc.field, tc.value, got, tc.want)
			}
		})
	}
	if got := ids(st.Shipments); !reflect.DeepEqual(got, []string{"2", "3", "1"}) {
		t.Fatalf("the slice: %v", got)
	}
	var ops []string
	for _, op := range log.ops {
		kind := "put"
		if op.obj == nil {
			kind = "del"
		}
		ops = append(ops, kind+" "+op.key)
	}
	if want := []string{"put 1", "put 2", "put 3", "del 1", "put 1"}; !reflect.DeepEqual(ops, want) {
		t.Fatalf("logged %v, want %v", ops, want)
	}
}

// TestSame: the same map, not an equal one.
func TestSame(t *testing.T) {
	a, b := Object{"id": "1"}, Object{"id": "1"}
	alias := a
	tests := []struct {
		name string
		x, y Object
		want bool
	}{
		{"itself", a, a, true},
		{"another variable of it", a, alias, true},
		{"an equal map", a, b, false},
		{"nil", nil, nil, false},
		{"nil and a map", nil, a, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := same(tc.x, tc.y); got != tc.want {
				t.Fatalf("same = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTablePosition: remove and replace find an object among many, by its
// place in creation order, including one put back under a reused key.
func TestTablePosition(t *testing.T) {
	st := &State{}
	tb := newTables(nil).products
	tb.reset(st)
	objs := make([]Object, 100)
	for i := range objs {
		objs[i] = Object{"id": strconv.Itoa(i), "sku": "S" + strconv.Itoa(i)}
		tb.insert(objs[i])
	}
	tb.remove(objs[40])
	tb.insert(Object{"id": "40", "sku": "again"})
	tb.remove(objs[99])
	tb.remove(objs[0])
	repl := Object{"id": "70", "sku": "new"}
	tb.replace(objs[70], repl)
	if len(st.Products) != 98 {
		t.Fatalf("%d products, want 98", len(st.Products))
	}
	for i, o := range st.Products {
		want := strconv.Itoa(i + 1)
		switch {
		case i >= 39 && i < 97:
			want = strconv.Itoa(i + 2)
		case i == 97:
			want = "40"
		}
		if got := str(o, "id"); got != want {
			t.Fatalf("product %d is %s, want %s", i, got, want)
		}
	}
	if !same(st.Products[68], repl) {
		t.Errorf("product 68 is %v, want the replacement", st.Products[68])
	}
}
