package builtins

import (
	"reflect"
	"testing"
)

func TestOmit(t *testing.T) {
	item := map[string]any{"sku": "TSHIRT-BLU-M", "upc_code": "116800711680", "quantity": 2.0}
	runCalls(t, []callCase{
		{name: "one key", fn: fnOmit, args: []any{item, "upc_code"}, want: map[string]any{"sku": "TSHIRT-BLU-M", "quantity": 2.0}},
		{name: "several keys", fn: fnOmit, args: []any{item, "upc_code", "quantity"}, want: map[string]any{"sku": "TSHIRT-BLU-M"}},
		{name: "absent key", fn: fnOmit, args: []any{item, "weight"}, want: item},
		{name: "no keys", fn: fnOmit, args: []any{item}, want: item},
		{name: "nil", fn: fnOmit, args: []any{nil, "upc_code"}, want: nil},
		{name: "not a mapping", fn: fnOmit, args: []any{[]any{1.0}, "upc_code"},
			err: `omit: mapping must be a mapping, got []interface {}`},
		{name: "key not a string", fn: fnOmit, args: []any{item, 1},
			err: `omit: key must be a string, got int`},
		{name: "no arguments", fn: fnOmit, args: nil,
			err: `omit: not enough arguments: got 0, want 1 to 65`},
	})
	if len(item) != 3 {
		t.Errorf("omit changed its argument: %v", item)
	}
	runExprs(t, []exprCase{
		{name: "each item of a list", src: `map(items, omit(#, "upc_code"))`, env: map[string]any{
			"items": []any{item, map[string]any{"sku": "TOTE-NAT-STD"}},
		}, want: []any{map[string]any{"sku": "TSHIRT-BLU-M", "quantity": 2.0}, map[string]any{"sku": "TOTE-NAT-STD"}}},
		{name: "wrong type at compile time", src: `omit("TSHIRT", "sku")`,
			err: "cannot use string as argument (type map[string]interface {}) to call omit  (1:6)\n | omit(\"TSHIRT\", \"sku\")\n | .....^"},
	})
	if got, _ := omit(item, "upc_code"); reflect.ValueOf(got).Pointer() == reflect.ValueOf(item).Pointer() {
		t.Error("omit returned its argument, not a copy")
	}
}
