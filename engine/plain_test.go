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

func TestDropNull(t *testing.T) {
	in := map[string]any{"a": nil, "b": 1, "c": map[string]any{"d": nil, "e": []any{nil, map[string]any{"f": nil}}}}
	want := map[string]any{"b": 1, "c": map[string]any{"e": []any{nil, map[string]any{}}}}
	if got := dropNull(in); !reflect.DeepEqual(got, want) {
		t.Errorf("dropNull(%v) = %v, want %v", in, got, want)
	}
}
