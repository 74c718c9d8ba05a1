package engine

import (
	"slices"
	"testing"
)

func TestExprNames(t *testing.T) {
	scope := []string{"input", "settings", "steps", "vars", "held", "index"}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"a comparison", `input.order_state == "cancelled"`, []string{"input.order_state"}},
		{"function arguments, not the function", `customs_destination(settings.warehouse.country, input.recipient.country)`,
			[]string{"settings.warehouse.country", "input.recipient.country"}},
		{"a computed key ends the chain", `settings.carriers?.last_mile?.[vars.to] != nil`,
			[]string{"settings.carriers.last_mile", "vars.to"}},
		{"optional chaining", `steps.pudo?.out != nil`, []string{"steps.pudo.out"}},
		{"each name once, indexes as digits", `vars.parcels[0].weight > 1 && vars.parcels[0].weight < 5`,
			[]string{"vars.parcels.0.weight"}},
		{"closure arguments are not in scope", `any(input.order_items, .sku == held.sku)`,
			[]string{"input.order_items", "held.sku"}},
		{"a let name is not in scope", `let x = input.a; x > 1`, []string{"input.a"}},
		{"builtins and bare names", `len(vars.parcels) > 1 and index == 0`, []string{"vars.parcels", "index"}},
		{"an index by a name", `input.order_items[index].weight != nil`, []string{"input.order_items", "index"}},
		{"not", `not settings.flex && vars.all_declared`, []string{"settings.flex", "vars.all_declared"}},
		{"a name out of scope", `item.x == 1`, nil},
		{"no names", `1 < 2`, nil},
		{"a syntax error", `input.x ==`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, n := range exprNames(tc.src, func(s string) bool { return slices.Contains(scope, s) }) {
				got = append(got, n.text)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("exprNames(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}
