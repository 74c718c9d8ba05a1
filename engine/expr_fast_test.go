package engine

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
)

// TestFastExpr checks that an expression evaluated without the VM
// (fastExpr) gives what the VM gives, value and type, and that it is left
// to the VM wherever the VM fails or converts: a typed == on a value of
// another type, an operand that must be a boolean and is not, an `in` the
// VM refuses, a pointer to dereference, a condition that is not a
// boolean.
func TestFastExpr(t *testing.T) {
	x := newExprCompiler(exprGuards(DefaultLimits()))
	for _, tc := range fastTests {
		t.Run(tc.src, func(t *testing.T) {
			fast, ok := compareFast(t, x, tc.src, tc.asBool)
			if !ok {
				t.Fatal("does not compile")
			}
			if fast != tc.fast {
				t.Errorf("evaluated without the VM: %v, want %v", fast, tc.fast)
			}
		})
	}
}

// FuzzFastExpr checks fastExpr against the VM on arbitrary expressions:
// where it gives a value, the VM gives the same.
func FuzzFastExpr(f *testing.F) {
	for _, tc := range fastTests {
		f.Add(tc.src, tc.asBool)
	}
	x := newExprCompiler(exprGuards(DefaultLimits()))
	f.Fuzz(func(t *testing.T, src string, asBool bool) {
		if len(src) > 300 {
			return
		}
		compareFast(t, x, src, asBool)
	})
}

// compareFast evaluates src in fastEnv with the VM and with fastExpr. It
// fails t where fastExpr gives a value and the VM another, or an error,
// and reports whether fastExpr gave one; ok is false where src does not
// compile.
func compareFast(t *testing.T, x *exprCompiler, src string, asBool bool) (fast, ok bool) {
	t.Helper()
	env, typed := fastEnv()
	chk, err := x.check(src, newExprEnv(typed), asBool)
	if err != nil {
		return false, false
	}
	n, err := chk.optimized()
	if err != nil {
		return false, false
	}
	fe := fastExpr(n, asBool, chk.config())
	prog, err := chk.program()
	if err != nil {
		return false, false
	}
	run := map[string]any{exprRun: &budget{lim: DefaultLimits()}}
	for k, v := range env {
		run[k] = v
	}
	want, wantErr := vm.Run(prog, run)
	if again, _ := vm.Run(prog, run); fmt.Sprintf("%#v", again) != fmt.Sprintf("%#v", want) {
		return false, false // a map's order (keys, toPairs): no one value to compare
	}
	if fe == nil {
		return false, true
	}
	got, st := fe(run)
	switch {
	case st != fastOK:
		return false, true
	case wantErr != nil:
		t.Errorf("%s: gives %#v where the VM fails: %v", src, got, wantErr)
	case reflect.TypeOf(got) != reflect.TypeOf(want) ||
		!reflect.DeepEqual(got, want) && fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want): // NaN
		t.Errorf("%s: gives %#v (%T), the VM %#v (%T)", src, got, got, want, want)
	}
	return true, true
}

// fastTests are TestFastExpr's cases, and FuzzFastExpr's seeds.
var fastTests = []struct {
	src    string
	asBool bool
	fast   bool // evaluated without the VM
}{
	{src: `s == "x"`, fast: true},
	{src: `s != "x"`, fast: true},
	{src: `ns == "x"`}, // the VM's typed == fails on nil
	{src: `a == "x"`, fast: true},
	{src: `a != nil`, fast: true},
	{src: `n == 2`, fast: true},
	{src: `input.f == 2`, fast: true}, // runtime.Equal across number types
	{src: `input.f == 2.0`, fast: true},
	{src: `s in ["x", "y"]`, fast: true},
	{src: `a in ["x", nil]`, fast: true},
	{src: `s in input.list`, fast: true},
	{src: `"z" in input.list`, fast: true},
	{src: `s in input.m`, fast: true},
	{src: `a in input.m`, fast: true}, // nil looks up ""
	{src: `input.one in input.m`},     // the VM fails: not a string key
	{src: `s in input.none`},          // the VM gives false; left to it
	{src: `b && s == "x"`, fast: true},
	{src: `!b && input.one`, fast: true}, // && gives its left operand where that decides
	{src: `b && input.one`, fast: true},  // and its right one, whatever it is
	{src: `input.one && b`},              // not a boolean: the VM's error
	{src: `b || input.one`, fast: true},
	{src: `not b || s == "y"`, fast: true},
	{src: `!input.one`},
	{src: `not (a == nil)`, fast: true},
	{src: `b ? s : n`, fast: true},
	{src: `!b ? s : n`, fast: true},
	{src: `input.one ? 1 : 2`},
	{src: `{"k": s, "l": [n, nil, 1.5, true]}`, fast: true},
	{src: `n + 1`, fast: true},
	{src: `input.one + 1`, fast: true},
	{src: `input.f + 1`, fast: true},
	{src: `n - 3 * n / 2`, fast: true},
	{src: `n % 0`}, // the VM's division by zero
	{src: `-n + -input.f`, fast: true},
	{src: `n > 1 && s <= "y" && input.f >= 2`, fast: true},
	{src: `input.one < "x"`},          // the VM's error: not comparable
	{src: `input.one + "!"`},          // a guarded call whose + fails: the VM's error
	{src: `s + "!"`, fast: true},      // a guarded call, charged to the run
	{src: `upper(s) + s`, fast: true}, // guarded builtins
	{src: `string(n)`, fast: true},
	{src: `upper(input.one)`},                     // the function's error
	{src: `repeat("x", -1)`},                      // and its panic
	{src: `len(input.list) + len(s)`, fast: true}, // builtins of plain functions
	{src: `type(input.m) + type(n)`, fast: true},
	{src: `abs(input.f - 5)`, fast: true},
	{src: `len(input.one)`},                       // the builtin's error
	{src: `map(input.list, # ?? "")`, fast: true}, // loops
	{src: `map(input.list, #index)`, fast: true},
	{src: `filter(input.list, # != nil)`, fast: true},
	{src: `filter(input.list, # == "x")[0]`, fast: true},
	{src: `map(filter(input.list, # != nil), # + "!")`, fast: true}, // the optimizer's filter with a map
	{src: `first(filter(input.list, # == "y"))`, fast: true},        // its find
	{src: `first(filter(input.list, # == "z"))`, fast: true},        // that finds nothing
	{src: `filter(input.list, # == "z")[0]`},                        // and the VM's error
	{src: `last(filter(input.list, # == "x"))`, fast: true},         // findLast
	{src: `findIndex(input.list, # == "y")`, fast: true},
	{src: `findLastIndex(input.list, # == "x")`, fast: true},
	{src: `findIndex(input.list, # == "z")`, fast: true},
	{src: `all(input.list, # != "z")`, fast: true},
	{src: `all(input.list, #)`}, // not a boolean: the VM's error
	{src: `any(input.list, # == "y")`, fast: true},
	{src: `none(input.list, # == "y")`, fast: true},
	{src: `one(input.list, # == "y")`, fast: true},
	{src: `count(input.list, # != nil)`, fast: true},
	{src: `count(input.list, # != nil) > 1`, fast: true}, // the optimizer's early end
	{src: `count(map(input.list, # == nil))`, fast: true},
	{src: `sum(input.nums)`, fast: true},
	{src: `sum(input.nums, # * 2)`, fast: true},
	{src: `sum(input.list)`}, // strings onto 0: the VM's error
	{src: `map(input.m, #)`}, // not a list: the VM's
	{src: `map(input.none, #)`},
	{src: `map(input.list, map(input.nums, # + len(input.list)))`, fast: true},
	{src: `map(input.nums, let d = # * 2; d + #index)`, fast: true},
	{src: `let t = len(input.list); t * n`, fast: true},
	{src: `map(input.list, ({"at": #index, "v": #}))`, fast: true},
	{src: `reduce(input.nums, #acc + #, 0)`}, // a loop left to the VM
	{src: `groupBy(input.list, #)`},
	{src: `map(1..3, #)`}, // a range, which counts its memory
	{src: `first(input.list) ?? last(input.list)`, fast: true},
	{src: `reverse(input.list)`}, // a builtin that counts its memory
	{src: `input.none?.x ?? "d"`, fast: true},
	{src: `input.none ?? input.m.x`, fast: true},
	{src: `input.m?.[s]`, fast: true},
	{src: `input.m[s]`, fast: true},
	{src: `input.list[n]`, fast: true},
	{src: `input.list[5]`}, // out of range
	{src: `input.m[1]`},    // not a string key
	{src: `input.ptr == nil`},
	{src: `input.pone ?? 0`},
	{src: `a`, asBool: true, fast: true}, // nil is false
	{src: `b`, asBool: true, fast: true},
	{src: `input.one`, asBool: true}, // the VM's error
	{src: `input.none?.x`, asBool: true, fast: true},
	{src: `s == "x" && input.f == 2`, asBool: true, fast: true},
}

// fastEnv is the scope TestFastExpr and FuzzFastExpr evaluate in, and
// its names' types.
func fastEnv() (map[string]any, types.Map) {
	one := 1
	env := map[string]any{
		"s":  "x",
		"ns": nil, // typed a string, but not set
		"n":  2,
		"b":  true,
		"a":  nil,
		"input": map[string]any{
			"f":    2.0,
			"one":  1,
			"list": []any{"x", "y", nil},
			"nums": []any{1, 2.5, 3},
			"m":    map[string]any{"x": 1, "": "empty"},
			"none": nil,
			"ptr":  (*int)(nil),
			"pone": &one,
		},
	}
	typed := types.Map{"s": types.String, "ns": types.String, "n": types.Int, "b": types.Bool, "a": types.Any,
		"input": types.Any, exprRun: types.Any}
	return env, typed
}

// TestFastExprGivesBackTheBudget checks that an expression the evaluator
// leaves to the VM after a guarded function charged the run's budget
// leaves the budget as it found it: the VM charges it again.
func TestFastExprGivesBackTheBudget(t *testing.T) {
	x := newExprCompiler(exprGuards(DefaultLimits()))
	env, typed := fastEnv()
	for _, tc := range []struct {
		src    string
		asBool bool
	}{
		{`upper(s) + input.one.x`, false}, // a read on an int, after a charge
		{`first([upper(s)])`, true},       // a condition that is not a boolean
	} {
		chk, err := x.check(tc.src, newExprEnv(typed), tc.asBool)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		n, err := chk.optimized()
		if err != nil {
			t.Fatal(err)
		}
		fe := fastExpr(n, tc.asBool, chk.config())
		b := &budget{lim: DefaultLimits(), mem: 7}
		run := map[string]any{exprRun: b}
		for k, v := range env {
			run[k] = v
		}
		if _, st := fe(run); st != fastVM {
			t.Fatalf("%s: evaluated without the VM", tc.src)
		}
		if b.mem != 7 {
			t.Errorf("%s: left %d bytes charged, want the 7 it found", tc.src, b.mem)
		}
	}
}

// TestFastExprMemoryBudget checks that a loop that builds more elements
// than the VM's memory budget allows is left to the VM, which fails, and
// that one that builds fewer is not.
func TestFastExprMemoryBudget(t *testing.T) {
	x := newExprCompiler(exprGuards(DefaultLimits()))
	big := make([]any, 1001) // 1001 lists of 1001: over the VM's 1e6
	for i := range big {
		big[i] = i
	}
	env := map[string]any{"input": map[string]any{"big": big}, exprRun: &budget{lim: DefaultLimits()}}
	typed := types.Map{"input": types.Any, exprRun: types.Any}
	for _, tc := range []struct {
		src  string
		fast bool
	}{
		{`map(input.big, #)`, true},
		{`len(map(input.big, map(input.big, #)))`, false},
		{`len(map(input.big, [#, #]))`, true},                        // 1001 literals of 2, and the list of them
		{`len(map(input.big, map(input.big, ({"a": #}))))`, false},   // map literals count too
		{`count(input.big, filter(input.big, # > 0)[1] > 0)`, false}, // and what filter builds
	} {
		chk, err := x.check(tc.src, newExprEnv(typed), false)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		n, err := chk.optimized()
		if err != nil {
			t.Fatal(err)
		}
		fe := fastExpr(n, false, chk.config())
		prog, err := chk.program()
		if err != nil {
			t.Fatal(err)
		}
		_, vmErr := vm.Run(prog, env)
		if (vmErr == nil) != tc.fast {
			t.Fatalf("%s: the VM gives error %v", tc.src, vmErr)
		}
		if _, st := fe(env); (st == fastOK) != tc.fast {
			t.Errorf("%s: evaluated without the VM: %v, want %v", tc.src, st == fastOK, tc.fast)
		}
	}
}
