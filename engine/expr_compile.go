package engine

import (
	"errors"
	"reflect"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/checker/nature"
	exprcompiler "github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	exprparser "github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
	"github.com/expr-lang/expr/vm/runtime"
)

// exprCompiler compiles the expressions of one program with a
// configuration built once. expr.Compile builds its table of builtins
// again for every expression and re-types the whole environment, the
// settings schema with it; a shop has hundreds of expressions, and that
// was most of `sevenflow lint`.
type exprCompiler struct {
	base *conf.Config // functions and patches; never written after newExprCompiler

	// mu serializes compiles: the natures of the settings and input
	// types are shared by every compile (natured), and so are the type
	// caches of an environment's configuration (exprEnv); expr fills
	// both in as it checks. Compile runs on one goroutine, but bytecode
	// and origin plans are made at a run's first use, by concurrent
	// runs, and Pause.Eval compiles beside a run.
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
	// The base's type cache stays empty: each environment's copy of it
	// (exprEnv) fills one of its own.
	cfg.NtCache = nature.Cache{}
	return &exprCompiler{base: cfg}
}

// compile does what expr.Compile does with the options of x, the
// environment env and, when asBool, expr.AsBool.
func (x *exprCompiler) compile(src string, env *exprEnv, asBool bool) (*vm.Program, error) {
	c, err := x.check(src, env, asBool)
	if err != nil {
		return nil, err
	}
	return c.program()
}

// checked is an expression parsed and type-checked: every error
// expr.Compile would give has been given. Its bytecode is made by
// program.
type checked struct {
	x    *exprCompiler
	cfg  conf.Config
	tree *exprparser.Tree
	// optimize is left to the first use (optimized): the optimizer fails
	// only on a constant `%` by zero, and a tree without `%` is
	// optimized there.
	optimize bool
	optErr   error
}

// exprEnv is what the expressions of one scope see: their names and
// types, and the expression compiler's configuration typed by them, made
// at the first check and copied for each expression, since expr types an
// environment again in every WithEnv. The copies share the type caches
// that configuration fills: the compiler's mu guards every use of them.
type exprEnv struct {
	types types.Map
	cfg   *conf.Config
}

// newExprEnv returns the environment of the names in t.
func newExprEnv(t types.Map) *exprEnv { return &exprEnv{types: t} }

// check does what compile does but make the bytecode.
func (x *exprCompiler) check(src string, env *exprEnv, asBool bool) (*checked, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if env.cfg == nil {
		cfg := *x.base
		cfg.WithEnv(env.types)
		env.cfg = &cfg
	}
	c := &checked{x: x, cfg: *env.cfg}
	if asBool {
		c.cfg.Expect, c.cfg.ExpectAny = reflect.Bool, true
	}
	tree, isPath := pathTree(src)
	var err error
	if isPath {
		_, err = new(checker.Checker).PatchAndCheck(tree, &c.cfg)
	} else {
		tree, err = checker.ParseCheck(src, &c.cfg)
	}
	if err != nil {
		return nil, err
	}
	c.tree = tree
	if c.cfg.Optimize {
		if !hasModulo(tree.Node) {
			c.optimize = true
			return c, nil
		}
		if err := c.optimizeTree(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// optimizeTree runs expr's optimizer on c's tree, as expr.Compile does.
func (c *checked) optimizeTree() error {
	if err := optimizer.Optimize(&c.tree.Node, &c.cfg); err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			return fe.Bind(c.tree.Source)
		}
		return err
	}
	return nil
}

// hasModulo reports whether n has a `%`, the only operator whose
// constant folding can fail.
func hasModulo(n ast.Node) bool {
	return ast.Find(n, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryNode)
		return ok && b.Operator == "%"
	}) != nil
}

// config is the configuration c was checked with.
func (c *checked) config() *conf.Config { return &c.cfg }

// node is the checked syntax tree's root.
func (c *checked) node() ast.Node { return c.tree.Node }

// optimized returns c's tree optimized as expr.Compile optimizes it: the
// tree the VM runs, but for fetchFields.
func (c *checked) optimized() (ast.Node, error) {
	c.x.mu.Lock()
	defer c.x.mu.Unlock()
	if c.optimize {
		c.optimize = false
		c.optErr = c.optimizeTree()
	}
	return c.tree.Node, c.optErr
}

// program makes the bytecode of c. It changes c's tree: call it once.
func (c *checked) program() (*vm.Program, error) {
	if _, err := c.optimized(); err != nil {
		return nil, err
	}
	c.x.mu.Lock()
	defer c.x.mu.Unlock()
	if _, _, isPath := fieldPath(c.tree.Node); !isPath {
		// A path is read without the VM (fastExpr); the VM runs it only
		// where a value on it is not a mapping, which expr's own reads
		// handle. Patching it would cost compile time for nothing.
		fetchFields(&c.tree.Node)
	}
	return exprcompiler.Compile(c.tree, &c.cfg)
}

// fetchFields turns each read of a named field of a value that may be a
// map[string]any (input.recipient.city, settings.customs.incoterm) into
// a call of fetchField, once the tree is checked. expr reads a map's
// field through reflect, one allocation per read, and a run reads
// thousands; fetchField reads a map[string]any directly and leaves any
// other value to expr's own Fetch, whose errors it keeps. The call takes
// the field's type and position, so nothing else changes. The function
// is a constant of the program, of a type the VM calls without building
// an argument list, and no expression can name it.
//
// A ?. read becomes a call of fetchOptional, which gives nil for a nil
// value, only at the end of its chain (vars.cat?.name, a?.b?.c): there,
// giving nil is what skipping the rest of the chain gives. A function
// called from a map stays as expr compiles it.
func fetchFields(root *ast.Node) {
	f := &fieldFetcher{}
	ast.Find(*root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallNode:
			if f.callees == nil {
				f.callees = map[ast.Node]bool{}
			}
			f.callees[x.Callee] = true
		case *ast.ChainNode:
			for m, ok := x.Node.(*ast.MemberNode); ok && m.Optional; m, ok = m.Node.(*ast.MemberNode) {
				if f.tails == nil {
					f.tails = map[ast.Node]bool{}
				}
				f.tails[m] = true
			}
		}
		return false
	})
	ast.Walk(root, f)
}

// fieldFetcher patches the field reads that fetchFields turns into calls;
// its maps stay nil when the expression has no call or no ?. chain.
type fieldFetcher struct {
	callees map[ast.Node]bool // called: left alone
	tails   map[ast.Node]bool // ?. reads with only ?. reads after them in their chain
}

// Visit patches one node.
func (f *fieldFetcher) Visit(node *ast.Node) {
	m, ok := (*node).(*ast.MemberNode)
	if !ok || f.callees[m] || (m.Optional && !f.tails[m]) {
		return
	}
	if _, ok := m.Property.(*ast.StringNode); !ok {
		return
	}
	switch t := m.Node.Type(); {
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Interface:
	default:
		return
	}
	fn := fetchField
	if m.Optional {
		fn = fetchOptional
	}
	callee := &ast.ConstantNode{Value: fn}
	callee.SetType(fetchType)
	call := &ast.CallNode{Callee: callee, Arguments: []ast.Node{m.Node, m.Property}}
	call.SetNature(*m.Nature())
	ast.Patch(node, call)
}

// fieldRead returns the value and the name of a read of a named field,
// as written or as fetchFields patched it.
func fieldRead(n ast.Node) (ast.Node, *ast.StringNode, bool) {
	switch x := n.(type) {
	case *ast.MemberNode:
		prop, ok := x.Property.(*ast.StringNode)
		return x.Node, prop, ok
	case *ast.CallNode:
		// Only fetchFields makes a call of a constant function.
		if c, ok := x.Callee.(*ast.ConstantNode); ok && len(x.Arguments) == 2 {
			if _, ok := c.Value.(func(any, any) any); ok {
				prop, ok := x.Arguments[1].(*ast.StringNode)
				return x.Arguments[0], prop, ok
			}
		}
	}
	return nil, nil, false
}

// fetchType is the type of fetchField, as the compiler sees it.
var fetchType = reflect.TypeFor[func(any, any) any]()

// fetchField reads the field name of v.
func fetchField(v, name any) any {
	if m, ok := v.(map[string]any); ok {
		return m[name.(string)]
	}
	return runtime.Fetch(v, name)
}

// fetchOptional is fetchField, with nil for a nil v.
func fetchOptional(v, name any) any {
	if runtime.IsNil(v) {
		return nil
	}
	return fetchField(v, name)
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
