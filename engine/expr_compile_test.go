package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
)

// TestFetchFields checks that the field reads fetchFields turns into calls
// give what expr gives for the same expression: the same value, or the
// same error at the same place; and that an expression a run evaluates
// without the VM (fastExpr) gives that value too, and is left to the VM
// where expr fails.
func TestFetchFields(t *testing.T) {
	env := map[string]any{
		"input": map[string]any{
			"recipient": map[string]any{"city": "Bern", "phone": nil},
			"items":     []any{map[string]any{"price": 2.5}, map[string]any{"price": 4.0}},
			"name":      "x",
		},
		"nothing": nil,
	}
	// fast: a run evaluates it without the VM (fastExpr).
	tests := []struct {
		src  string
		fast bool
	}{
		{`input.recipient.city`, true},
		{`input.recipient.zip`, true},
		{`input.recipient.phone`, true},
		{`input.recipient.phone.digits`, false}, // a read on nil: expr's error
		{`input.name.first`, false},             // a read on a string: expr's error
		{`input.items[1].price`, true},
		{`input.items[-1].price`, true},
		{`input.items[2].price`, false}, // out of range: expr's error
		{`map(input.items, .price)`, true},
		{`map(input.items, .price.cents)`, false},      // a read on a number: expr's error
		{`sum(1..3, # * input.items[0].price)`, false}, // a range
		{`input["recipient"].city`, true},
		{`nothing?.a`, true},
		{`nothing?.a?.b`, true},
		{`input?.recipient?.city`, true},
		{`input.recipient?.phone?.digits`, true},
		{`nothing?.a.b`, true},               // the rest of the chain is skipped
		{`input?.name.x`, false},             // ?. then a read that fails
		{`input.recipient.city + "!"`, true}, // a guarded call (guardPatch)
		{`input.missing ?? input.recipient.city`, true},
		{`(input.recipient).city`, true},
	}
	x := newExprCompiler(exprGuards(DefaultLimits()))
	typed := types.Map{"input": types.Any, "nothing": types.Any, exprRun: types.Any}
	for _, tc := range tests {
		src := tc.src
		t.Run(src, func(t *testing.T) {
			want, wantErr := bareExpr(t, src, env)
			chk, err := x.check(src, newExprEnv(typed), false)
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			n, err := chk.optimized()
			if err != nil {
				t.Fatalf("optimize: %v", err)
			}
			fe := fastExpr(n, false, chk.config())
			prog, err := chk.program()
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
			var v any
			st := fastVM
			if fe != nil {
				v, st = fe(run)
			}
			if fast := st == fastOK; fast != tc.fast {
				t.Fatalf("evaluated without the VM: %v, want %v", fast, tc.fast)
			}
			if st == fastOK && (wantErr != nil || !reflect.DeepEqual(v, want)) {
				t.Errorf("fastExpr gives %#v, expr gives %#v, %v", v, want, wantErr)
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

// TestBytecodeAtFirstUse checks that Compile checks every expression but
// makes no bytecode (lint needs none), and that a run makes the bytecode
// of the expressions the VM evaluates and no other: not of a skipped
// step's `set`, nor of an expression evaluated without the VM
// (fastExpr).
func TestBytecodeAtFirstUse(t *testing.T) {
	const src = `pipeline: lazy
steps:
  - id: total
    set:
      sum: 'reduce([input.a, input.b], #acc + #, 0)'
      name: input.name ?? "none"
  - id: never
    when: 'any(1..3, # * input.a > 100)'
    set:
      big: input.a * 2
`
	p, err := Load("lazy.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := Compile(p, NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	made := func(e *cexpr) bool { return e.prog != nil }
	total, name := prog.steps[0].set[0].value.expr, prog.steps[0].set[1].value.expr
	never, when := prog.steps[1].set[0].value.expr, prog.steps[1].when
	if made(total) || made(name) || made(never) || made(when) {
		t.Fatal("Compile made bytecode")
	}
	tr, err := prog.Run(t.Context(), map[string]any{"a": 1.0, "b": 2.0})
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Vars["sum"]; got != 3.0 {
		t.Errorf("sum = %v, want 3", got)
	}
	if got := tr.Vars["name"]; got != "none" {
		t.Errorf("name = %v, want none", got)
	}
	if !made(total) || !made(when) {
		t.Error("the run did not make the bytecode of what the VM evaluated")
	}
	if made(name) {
		t.Error("the run made the bytecode of an expression it evaluated without the VM")
	}
	if made(never) {
		t.Error("the run made the bytecode of a skipped step's value")
	}
}

// TestOptimizerErrorAtCompile checks that the one error expr's optimizer
// gives, a constant `%` by zero, is still Compile's (and so lint's) even
// though the optimizer of other expressions waits for their first
// evaluation, and that an optimized expression evaluates as expr's does.
func TestOptimizerErrorAtCompile(t *testing.T) {
	for _, src := range []string{"7 % 0", "input.a + 5 % (2 - 2)"} {
		p, err := Load("mod.yaml", []byte("pipeline: mod\nsteps:\n  - id: a\n    set:\n      x: "+src+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Compile(p, NewRegistry())
		if err == nil || !strings.Contains(err.Error(), "integer divide by zero") {
			t.Errorf("%s: Compile gave %v, want integer divide by zero", src, err)
		}
	}
	p, err := Load("opt.yaml", []byte("pipeline: opt\nsteps:\n  - id: a\n    set:\n      x: 'input.a in [1, 2, 3] ? 2 ** 3 + sum(1..4) : -1'\n"))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := Compile(p, NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := prog.Run(t.Context(), map[string]any{"a": 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Vars["x"]; got != 18.0 {
		t.Errorf("x = %v (%T), want 18", got, got)
	}
}
