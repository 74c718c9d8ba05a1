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
