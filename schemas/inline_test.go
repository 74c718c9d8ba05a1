package schemas

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// TestJSONCopy checks that jsonCopy gives what encoding a value as JSON
// and decoding it again gives, for every kind of value a YAML decoder
// makes, and that it copies.
func TestJSONCopy(t *testing.T) {
	tests := []struct {
		name string
		in   any
	}{
		{"scalars", map[string]any{"s": "text", "b": true, "n": nil, "f": 2.5, "neg zero": math.Copysign(0, -1)}},
		{"ints become floats", map[string]any{"minLength": 1, "big": 1<<62 + 1, "neg": -7}},
		{"int64 and uint64", []any{int64(3), uint64(1 << 63)}},
		{"a date", map[string]any{"const": time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)}},
		{"bad UTF-8 in a string", []any{"a\xffb"}},
		{"bad UTF-8 in a key", map[string]any{"k\xfe": 1}},
		{"nested", map[string]any{"properties": map[string]any{"x": map[string]any{"enum": []any{1, "one", nil}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := roundTripDoc(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := jsonCopy(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("jsonCopy = %#v, want %#v", got, want)
			}
			if m, ok := got.(map[string]any); ok && len(m) > 0 && reflect.ValueOf(got).UnsafePointer() == reflect.ValueOf(tt.in).UnsafePointer() {
				t.Error("jsonCopy returned its argument, not a copy")
			}
		})
	}
	for _, bad := range []any{math.Inf(1), map[string]any{"maximum": math.NaN()}} {
		if _, err := jsonCopy(bad); err == nil {
			t.Errorf("jsonCopy(%v) = nil error, want the encoder's", bad)
		}
	}
}
