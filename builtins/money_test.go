package builtins

import (
	"math"
	"testing"
)

func TestRoundHalfAway(t *testing.T) {
	tests := []struct {
		v    float64
		d    int
		want float64
	}{
		{1.005, 2, 1.01},
		{2.675, 2, 2.68},
		{-2.675, 2, -2.68},
		{2.5, 0, 3},
		{-2.5, 0, -3},
		{0.5, 0, 1},
		{0.004, 2, 0},
		{-0.004, 2, 0},
		{0.0005, 3, 0.001},
		{9.995, 2, 10},
		{99.999, 2, 100},
		{1e21, 2, 1e21},
		{1.1, 2, 1.1},
		{0, 2, 0},
		{math.Inf(1), 2, math.Inf(1)},
	}
	for _, tc := range tests {
		got := roundHalfAway(tc.v, tc.d)
		if got != tc.want || math.Signbit(got) != math.Signbit(tc.want) {
			t.Errorf("roundHalfAway(%v, %d) = %v, want %v", tc.v, tc.d, got, tc.want)
		}
	}
}

func TestMoney(t *testing.T) {
	runCalls(t, []callCase{
		{name: "round default", fn: fnRoundMoney, args: []any{2.675}, want: 2.68},
		{name: "round int", fn: fnRoundMoney, args: []any{3}, want: 3.0},
		{name: "round decimals", fn: fnRoundMoney, args: []any{1.23456, 3}, want: 1.235},
		{name: "round zero decimals", fn: fnRoundMoney, args: []any{-2.5, 0}, want: -3.0},
		{name: "round float decimals", fn: fnRoundMoney, args: []any{1.23456, 1.0}, want: 1.2},
		{name: "round fractional decimals", fn: fnRoundMoney, args: []any{1, 1.5},
			err: `round_money: decimals must be a whole number, got 1.5`},
		{name: "round negative decimals", fn: fnRoundMoney, args: []any{1, -1},
			err: `round_money: decimals -1 out of range 0 to 10`},
		{name: "round string", fn: fnRoundMoney, args: []any{"39.95"},
			err: `round_money: value must be a number, got string`},
		{name: "round none", fn: fnRoundMoney, args: nil,
			err: `round_money: not enough arguments: got 0, want 1 to 2`},
		{name: "format", fn: fnFormatMoney, args: []any{39.95}, want: "39.95"},
		{name: "format pads", fn: fnFormatMoney, args: []any{79.9}, want: "79.90"},
		{name: "format int", fn: fnFormatMoney, args: []any{40}, want: "40.00"},
		{name: "format rounds half away", fn: fnFormatMoney, args: []any{1.005}, want: "1.01"},
		{name: "format no negative zero", fn: fnFormatMoney, args: []any{-0.001}, want: "0.00"},
		{name: "format negative", fn: fnFormatMoney, args: []any{-1.5}, want: "-1.50"},
		{name: "format zero decimals", fn: fnFormatMoney, args: []any{1234.5, 0}, want: "1235"},
		{name: "format decimals", fn: fnFormatMoney, args: []any{1.5, 3}, want: "1.500"},
		{name: "format too many decimals", fn: fnFormatMoney, args: []any{1, 11},
			err: `format_money: decimals 11 out of range 0 to 10`},
		{name: "format decimals string", fn: fnFormatMoney, args: []any{1, "2"},
			err: `format_money: decimals must be a number, got string`},
		// A missing amount stays missing, so that the payload's schema
		// names the field the order lacks.
		{name: "format nil", fn: fnFormatMoney, args: []any{nil}, want: nil},
		{name: "net from nil", fn: fnNetFromGross, args: []any{nil, 19}, want: nil},
		{name: "format string", fn: fnFormatMoney, args: []any{"1"},
			err: `format_money: value must be a number, got string`},
		{name: "format three", fn: fnFormatMoney, args: []any{1, 2, 3},
			err: `format_money: too many arguments: got 3, want 1 to 2`},
		{name: "net 19", fn: fnNetFromGross, args: []any{119, 19}, want: 100.0},
		{name: "net 7", fn: fnNetFromGross, args: []any{47.54, 7}, want: 44.43},
		{name: "net 0", fn: fnNetFromGross, args: []any{10, 0}, want: 10.0},
		{name: "net float vat", fn: fnNetFromGross, args: []any{142.62, 7.7}, want: 132.42},
		{name: "net vat 100", fn: fnNetFromGross, args: []any{1, 100},
			err: `net_from_gross: vat_percent 100 out of range 0 to 100 (exclusive): pass 19 for 19%`},
		{name: "net vat fraction", fn: fnNetFromGross, args: []any{1, -0.19},
			err: `net_from_gross: vat_percent -0.19 out of range 0 to 100 (exclusive): pass 19 for 19%`},
		{name: "net gross string", fn: fnNetFromGross, args: []any{"1", 19},
			err: `net_from_gross: gross must be a number, got string`},
		{name: "net vat string", fn: fnNetFromGross, args: []any{1, "19"},
			err: `net_from_gross: vat_percent must be a number, got string`},
		{name: "net one", fn: fnNetFromGross, args: []any{1},
			err: `net_from_gross: not enough arguments: got 1, want 2`},
		{name: "gross 19", fn: fnGrossFromNet, args: []any{100, 19}, want: 119.0},
		{name: "gross rounds", fn: fnGrossFromNet, args: []any{39.95, 19}, want: 47.54},
		{name: "gross net string", fn: fnGrossFromNet, args: []any{"1", 19},
			err: `gross_from_net: net must be a number, got string`},
	})
}

func TestMoneyExpr(t *testing.T) {
	runExprs(t, []exprCase{
		{name: "round literal int", src: `round_money(3)`, want: 3.0},
		{name: "round with decimals", src: `round_money(2.675, 1)`, want: 2.7},
		{name: "format net value", src: `format_money(net_from_gross(price, 19))`, env: map[string]any{"price": 47.54}, want: "39.95"},
		{name: "format total", src: `format_money(sum(items, .price * .qty))`, env: map[string]any{
			"items": []any{map[string]any{"price": 39.95, "qty": 2}, map[string]any{"price": 0.1, "qty": 1}},
		}, want: "80.00"},
		{name: "gross", src: `gross_from_net(100, 19)`, want: 119.0},
		{
			name: "vat as string",
			src:  `net_from_gross(119, "19")`,
			err:  "cannot use string as argument (type float64) to call net_from_gross  (1:21)\n | net_from_gross(119, \"19\")\n | ....................^",
		},
		{
			name: "string amount",
			src:  `format_money("39.95")`,
			err:  "cannot use string as argument (type float64) to call format_money  (1:14)\n | format_money(\"39.95\")\n | .............^",
		},
		{
			name: "too many",
			src:  `round_money(1, 2, 3)`,
			err:  "too many arguments to call round_money (1:1)\n | round_money(1, 2, 3)\n | ^",
		},
	})
}
