package engine

import (
	"reflect"
	"testing"

	"github.com/expr-lang/expr/types"
)

// TestPlanWalk checks that a chain an origin plan walks instead of running
// (an operand of ??) finds what expr finds, and nil where expr fails: a
// named field is read only from a mapping, an index only from a list.
func TestPlanWalk(t *testing.T) {
	env := map[string]any{"input": map[string]any{
		"items": []any{"a", map[string]any{"sku": "B"}},
		"m":     map[string]any{"0": "zero", "n": nil},
		"s":     "text",
	}}
	tests := []struct {
		src        string
		fieldChain bool
	}{
		{`input.m["0"]`, true},
		{`input.m.n`, true},
		{`input.m.n.x`, true},      // expr: a field of nil
		{`input.s.x`, true},        // expr: a field of a string
		{`input.items.x`, true},    // expr: a field of a list
		{`input.items["1"]`, true}, // expr: a list has no field "1"
		{`input.missing.x`, true},
		{`input.items[1].sku`, false},
		{`input.items[0]`, false},
	}
	x := newExprCompiler(exprGuards(DefaultLimits()))
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			pl := originPlan(tc.src, x, newExprEnv(types.Map{"input": types.Any, exprRun: types.Any}))
			if pl.fieldChain() != tc.fieldChain {
				t.Fatalf("fieldChain() = %v, want %v", pl.fieldChain(), tc.fieldChain)
			}
			want, err := bareExpr(t, tc.src, env)
			if err != nil {
				want = nil
			}
			if got := pl.walk(env, nil); !reflect.DeepEqual(got, want) {
				t.Errorf("walk gives %#v, expr gives %#v (error %v)", got, want, err)
			}
		})
	}
}
