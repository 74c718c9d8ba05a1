package engine

import (
	"reflect"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
)

// TestFetchFields checks that the field reads fetchFields turns into calls
// give what expr gives for the same expression: the same value, or the
// same error at the same place.
func TestFetchFields(t *testing.T) {
	env := map[string]any{
		"input": map[string]any{
			"recipient": map[string]any{"city": "Bern", "phone": nil},
			"items":     []any{map[string]any{"price": 2.5}, map[string]any{"price": 4.0}},
			"name":      "x",
		},
		"nothing": nil,
	}
	tests := []string{
		`input.recipient.city`,
		`input.recipient.zip`,
		`input.recipient.phone`,
		`input.recipient.phone.digits`, // a read on nil: expr's error
		`input.name.first`,             // a read on a string: expr's error
		`input.items[1].price`,
		`map(input.items, .price)`,
		`input["recipient"].city`,
		`nothing?.a`,
		`nothing?.a?.b`,
		`input?.recipient?.city`,
		`input.recipient?.phone?.digits`,
		`nothing?.a.b`,  // the rest of the chain is skipped
		`input?.name.x`, // ?. then a read that fails
		`input.recipient.city + "!"`,
		`input.missing ?? input.recipient.city`,
		`(input.recipient).city`,
	}
	x := newExprCompiler(exprGuards(DefaultLimits()))
	typed := types.Map{"input": types.Any, "nothing": types.Any, exprRun: types.Any}
	for _, src := range tests {
		t.Run(src, func(t *testing.T) {
			want, wantErr := bareExpr(t, src, env)
			prog, err := x.compile(src, typed, false)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			run := map[string]any{exprRun: &budget{lim: DefaultLimits()}}
			for k, v := range env {
				run[k] = v
			}
			got, err := vm.Run(prog, run)
			if errText(err) != errText(wantErr) {
				t.Fatalf("error %q, expr gives %q", errText(err), errText(wantErr))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %#v, expr gives %#v", got, want)
			}
		})
	}
}

// bareExpr is what expr itself gives for src in env.
func bareExpr(t *testing.T, src string, env map[string]any) (any, error) {
	t.Helper()
	prog, err := expr.Compile(src) // every name of unknown type, as in a run
	if err != nil {
		t.Fatalf("expr.Compile: %v", err)
	}
	return expr.Run(prog, env)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
