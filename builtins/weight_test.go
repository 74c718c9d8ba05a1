package builtins

import (
	"math"
	"testing"
)

func TestConvertWeight(t *testing.T) {
	const fn = fnConvertWeight
	runCalls(t, []callCase{
		{name: "g to kg", fn: fn, args: []any{321.5, "G", "K"}, want: 0.322},
		{name: "kg to g int", fn: fn, args: []any{2, "K", "G"}, want: 2000.0},
		{name: "lb to kg", fn: fn, args: []any{1, "L", "K"}, want: 0.454},
		{name: "lb to g", fn: fn, args: []any{1, "L", "G"}, want: 453.592},
		{name: "oz to g", fn: fn, args: []any{1, "O", "G"}, want: 28.35},
		{name: "16 oz is 1 lb", fn: fn, args: []any{16, "O", "L"}, want: 1.0},
		{name: "kg to lb", fn: fn, args: []any{1, "K", "L"}, want: 2.205},
		{name: "kg to oz", fn: fn, args: []any{1.12, "K", "O"}, want: 39.507},
		{name: "lowercase", fn: fn, args: []any{230, "g", "k"}, want: 0.23},
		{name: "same unit rounds", fn: fn, args: []any{1.23456, "K", "K"}, want: 1.235},
		{name: "zero", fn: fn, args: []any{0, "K", "G"}, want: 0.0},
		// A weight the order does not have stays missing.
		{name: "missing", fn: fn, args: []any{nil, "G", "K"}, want: nil},
		{name: "int64", fn: fn, args: []any{int64(5), "K", "G"}, want: 5000.0},
		{name: "uint", fn: fn, args: []any{uint(5), "K", "G"}, want: 5000.0},
		{name: "float32", fn: fn, args: []any{float32(0.5), "K", "G"}, want: 500.0},
		{name: "unknown from", fn: fn, args: []any{1, "X", "K"},
			err: `convert_weight: unknown unit "X": use K, G, L or O`},
		{name: "unknown to", fn: fn, args: []any{1, "K", "kg"},
			err: `convert_weight: unknown unit "kg": use K, G, L or O`},
		{name: "unit not a string", fn: fn, args: []any{1, 1, "K"},
			err: `convert_weight: from_unit must be a string, got int`},
		{name: "negative", fn: fn, args: []any{-1, "K", "G"},
			err: `convert_weight: weight -1 is negative`},
		{name: "string value", fn: fn, args: []any{"1.5", "K", "G"},
			err: `convert_weight: value must be a number, got string`},
		{name: "NaN", fn: fn, args: []any{math.NaN(), "K", "G"},
			err: `convert_weight: value must be a finite number, got NaN`},
		{name: "two arguments", fn: fn, args: []any{1, "K"},
			err: `convert_weight: not enough arguments: got 2, want 3`},
	})
}

func TestConvertWeightExpr(t *testing.T) {
	runExprs(t, []exprCase{
		{name: "int literal", src: `convert_weight(230, "G", "K")`, want: 0.23},
		{name: "float literal", src: `convert_weight(1.12, "k", "g")`, want: 1120.0},
		{name: "int from env", src: `convert_weight(w, "L", "K")`, env: map[string]any{"w": 2}, want: 0.907},
		{name: "arithmetic", src: `convert_weight(2 * 115, "G", "K") == 0.23`, want: true},
		{
			name: "unknown unit at run time",
			src:  `convert_weight(1, "X", "K")`,
			err:  "convert_weight: unknown unit \"X\": use K, G, L or O (1:1)\n | convert_weight(1, \"X\", \"K\")\n | ^",
		},
		{
			name: "missing unit",
			src:  `convert_weight(1, "K")`,
			err:  "not enough arguments to call convert_weight (1:1)\n | convert_weight(1, \"K\")\n | ^",
		},
		{
			name: "string weight",
			src:  `convert_weight("1", "K", "G")`,
			err:  "cannot use string as argument (type float64) to call convert_weight  (1:16)\n | convert_weight(\"1\", \"K\", \"G\")\n | ...............^",
		},
	})
}
