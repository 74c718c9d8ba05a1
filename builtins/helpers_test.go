package builtins

import (
	"reflect"
	"testing"

	"github.com/expr-lang/expr"

	"github.com/sevenflow/sevenflow/engine"
)

// callCase calls a function directly with args.
type callCase struct {
	name string
	fn   string
	args []any
	want any
	err  string // the whole error text; "" for none
}

// exprCase compiles and runs src with every function registered.
type exprCase struct {
	name string
	src  string
	env  map[string]any
	want any
	err  string // the whole compile or run error text; "" for none
}

// registry returns a Registry filled by Register.
func registry(t testing.TB) *engine.Registry {
	t.Helper()
	r := engine.NewRegistry()
	if err := Register(r); err != nil {
		t.Fatalf("Register: %v", err)
	}
	return r
}

// function returns the registered function called name.
func function(t testing.TB, name string) engine.Function {
	t.Helper()
	for _, f := range registry(t).Funcs() {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("function %q is not registered", name)
	return engine.Function{}
}

// eval compiles src with every registered function, as the engine does, and
// runs it against env.
func eval(t testing.TB, src string, env map[string]any) (any, error) {
	t.Helper()
	if env == nil {
		env = map[string]any{}
	}
	opts := []expr.Option{expr.Env(env)}
	for _, f := range registry(t).Funcs() {
		opts = append(opts, expr.Function(f.Name, f.Func, f.Types...))
	}
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, err
	}
	return expr.Run(prog, env)
}

func checkResult(t *testing.T, got any, err error, want any, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if err == nil {
			t.Fatalf("got %#v, want error %q", got, wantErr)
		}
		if err.Error() != wantErr {
			t.Fatalf("error:\n got %q\nwant %q", err.Error(), wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v (%T), want %#v (%T)", got, got, want, want)
	}
}

func runCalls(t *testing.T, cases []callCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := function(t, tc.fn).Func(tc.args...)
			checkResult(t, got, err, tc.want, tc.err)
		})
	}
}

func runExprs(t *testing.T, cases []exprCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval(t, tc.src, tc.env)
			checkResult(t, got, err, tc.want, tc.err)
		})
	}
}
