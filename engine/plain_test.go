package engine

import (
	"reflect"
	"testing"
)

func TestPlain(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want any
	}{
		{name: "scalar", in: 1.5, want: 1.5},
		{name: "any keys", in: map[any]any{"a": 1, 2: []string{"x"}}, want: map[string]any{"a": 1, "2": []any{"x"}}},
		{name: "nested", in: map[string]any{"l": []any{map[any]any{"k": true}}}, want: map[string]any{"l": []any{map[string]any{"k": true}}}},
		{name: "array", in: [2]int{1, 2}, want: []any{1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := plain(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("plain(%#v) = %#v, want %#v", tc.in, got, tc.want)
			}
		})
	}
}

// TestPlainShares checks that plain copies only what it changes: a plain
// value comes back as it is, and a value with one part to convert keeps
// the original untouched.
func TestPlainShares(t *testing.T) {
	kept := map[string]any{"k": []any{"x"}}
	in := map[string]any{"kept": kept, "l": []string{"a"}}
	got := plain(in).(map[string]any)
	if reflect.ValueOf(got).Pointer() == reflect.ValueOf(in).Pointer() {
		t.Fatal("plain changed a part of its argument in place")
	}
	if _, ok := in["l"].([]string); !ok {
		t.Errorf("the argument's l became %T", in["l"])
	}
	if reflect.ValueOf(got["kept"]).Pointer() != reflect.ValueOf(kept).Pointer() {
		t.Error("plain copied a part that was plain already")
	}
	if same := plain(kept); reflect.ValueOf(same).Pointer() != reflect.ValueOf(kept).Pointer() {
		t.Error("plain copied a plain value")
	}
}

func TestDropNull(t *testing.T) {
	in := map[string]any{"a": nil, "b": 1, "c": map[string]any{"d": nil, "e": []any{nil, map[string]any{"f": nil}}}}
	want := map[string]any{"b": 1, "c": map[string]any{"e": []any{nil, map[string]any{}}}}
	if got := dropNull(in); !reflect.DeepEqual(got, want) {
		t.Errorf("dropNull(%v) = %v, want %v", in, got, want)
	}
}

// TestDropNullShares checks that dropNull copies only the parts that hold
// a null and leaves its argument as it was, and that dropNullIn deletes
// the nulls of the mappings a template built in place but copies a value
// an expression gave, which the run may share with its input.
func TestDropNullShares(t *testing.T) {
	kept := map[string]any{"k": []any{"x", nil}}
	inner := map[string]any{"gone": nil, "stays": 1}
	in := map[string]any{"kept": kept, "inner": inner}
	got := dropNull(in).(map[string]any)
	if _, ok := inner["gone"]; !ok {
		t.Fatal("dropNull changed its argument in place")
	}
	if reflect.ValueOf(got["kept"]).Pointer() != reflect.ValueOf(kept).Pointer() {
		t.Error("dropNull copied a part without nulls")
	}
	if same := dropNull(kept); reflect.ValueOf(same).Pointer() != reflect.ValueOf(kept).Pointer() {
		t.Error("dropNull copied a value without nulls")
	}

	tmpl := &cvalue{kind: valueMap, keys: []string{"a", "b", "c"}, vals: []*cvalue{{expr: &cexpr{}}, {expr: &cexpr{}}, {kind: valueMap, keys: []string{"d"}, vals: []*cvalue{{expr: &cexpr{}}}}}}
	built := map[string]any{"a": nil, "b": inner, "c": map[string]any{"d": nil}}
	out := dropNullIn(tmpl, built).(map[string]any)
	want := map[string]any{"b": map[string]any{"stays": 1}, "c": map[string]any{}}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("dropNullIn = %v, want %v", out, want)
	}
	if _, ok := inner["gone"]; !ok {
		t.Error("dropNullIn changed a value an expression gave")
	}
}

// TestPlainSized checks that plainSized gives what plain gives, and the
// sizeOf of that, in one walk; and that past the limit it reports more
// than the limit, as sizeOf does, so that the caller fails.
func TestPlainSized(t *testing.T) {
	values := []any{
		nil, "text", 1.5, 3, true,
		map[string]any{"a": []any{1, "x", nil}, "b": map[string]any{"c": false}},
		map[string]any{"l": []string{"a", "b"}, "m": map[any]any{1: "one"}},
		[]any{map[string]any{"k": [2]int{1, 2}}, []any{}},
		[]string{"x", "yz"},
	}
	for _, v := range values {
		want := plain(v)
		got, n := plainSized(v, 1<<20)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("plainSized(%#v) = %#v, plain gives %#v", v, got, want)
		}
		if size := sizeOf(want, 1<<20); n != size {
			t.Errorf("plainSized(%#v) counts %d bytes, sizeOf %d", v, n, size)
		}
		if size := sizeOf(want, 1<<20); size > 4 {
			if _, n := plainSized(v, size-2); n <= size-2 {
				t.Errorf("plainSized(%#v) with a limit under its size counts %d", v, n)
			}
		}
	}
}
