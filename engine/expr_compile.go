package engine

import (
	"errors"
	"reflect"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/checker/nature"
	exprcompiler "github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
)

// exprCompiler compiles the expressions of one program with a
// configuration built once. expr.Compile builds its table of builtins
// again for every expression and re-types the whole environment, the
// settings schema with it; a shop has hundreds of expressions, and that
// was most of `sevenflow lint`.
type exprCompiler struct {
	base *conf.Config // functions and patches; never written after newExprCompiler

	// mu serializes compiles: the natures of the settings and input
	// types are shared by every compile (natured), and expr fills their
	// method sets in as it checks. Compile runs on one goroutine, but
	// origin plans are compiled on a run's first use, by concurrent runs,
	// and Pause.Eval compiles beside a run.
	mu sync.Mutex
}

// newExprCompiler applies opts (functions and patches, no environment) to a
// new configuration.
func newExprCompiler(opts []expr.Option) *exprCompiler {
	cfg := conf.CreateNew()
	for _, op := range opts {
		op(cfg)
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	cfg.Check()
	// Each compile's copy of cfg fills a type cache of its own: the
	// base's stays empty, so that no copy writes a map another shares.
	cfg.NtCache = nature.Cache{}
	return &exprCompiler{base: cfg}
}

// compile does what expr.Compile does with the options of x, the
// environment env and, when asBool, expr.AsBool, on a copy of the base
// configuration (whose type cache starts empty, so copies share nothing
// they write).
func (x *exprCompiler) compile(src string, env types.Map, asBool bool) (*vm.Program, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	cfg := *x.base
	cfg.WithEnv(env)
	if asBool {
		cfg.Expect, cfg.ExpectAny = reflect.Bool, true
	}
	tree, err := checker.ParseCheck(src, &cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Optimize {
		if err := optimizer.Optimize(&tree.Node, &cfg); err != nil {
			var fe *file.Error
			if errors.As(err, &fe) {
				return nil, fe.Bind(tree.Source)
			}
			return nil, err
		}
	}
	return exprcompiler.Compile(tree, &cfg)
}

// fixedNature is a type whose expr nature is worked out once. Every
// expression's environment names `settings` and `input`, typed from
// their schemas, and expr would walk those types again for each one.
type fixedNature struct {
	types.Type
	nt nature.Nature
}

// Nature returns the nature computed by natured.
func (t fixedNature) Nature() nature.Nature { return t.nt }

// natured returns t with its nature computed now, once.
func natured(t types.Type) types.Type {
	if f, ok := t.(fixedNature); ok {
		return f
	}
	return fixedNature{Type: t, nt: t.Nature()}
}
