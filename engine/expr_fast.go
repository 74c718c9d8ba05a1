package engine

import (
	"encoding/json"
	"reflect"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm/runtime"
)

// fastState says how a fast evaluation ended.
type fastState uint8

const (
	fastOK  fastState = iota // the value is the expression's
	fastNil                  // a ?. read met nil: its chain's value is nil
	fastVM                   // the VM must evaluate the whole expression
)

// fastFn evaluates an expression in a run's scope.
type fastFn func(env map[string]any) (any, fastState)

// fastNode evaluates a part of an expression in a run's scope, with the
// state of its loops and lets, sc: nil for an expression with neither.
type fastNode func(env map[string]any, sc *fastScope) (any, fastState)

// fastScope is what one evaluation of an expression with loops or lets
// keeps: the innermost loop (what #, #index and .field read), the values
// of its lets by slot, and the elements it has built, which the VM counts
// against its memory budget (vm.VM.MemoryBudget, expr's default).
type fastScope struct {
	loop *fastLoop
	lets []any
	mem  uint
}

// fastLoop is one loop of a builtin over a list: its elements and the
// element it is at.
type fastLoop struct {
	items []any
	index int
}

// grow counts n more elements built, as the VM's memGrow does; false
// once the VM would have stopped for its budget.
func (sc *fastScope) grow(n int) bool {
	if sc == nil {
		return true // no loop: a literal's size is bounded by its source
	}
	sc.mem += uint(n)
	return sc.mem < conf.DefaultMemoryBudget
}

// fastExpr returns an evaluator of the checked tree n that gives what
// expr's VM gives for it, without the VM, for the forms a pipeline writes
// most: names and field reads (a.b, a?.b, a[k], a?.[k]), ??, ==, !=, in,
// !, && and ||, the conditional, comparisons and arithmetic, literals,
// lets, calls of the functions of the program's configuration cfg (the
// registry's and the guarded builtins, which charge the run's budget
// themselves), expr's builtins that count no memory of their own (len,
// type, abs, ...) and its loops over a list (map, filter, all, any, one,
// none, count, sum, find, findIndex, findLast, findLastIndex). It returns
// nil where n has any other form, such as a range or reduce.
//
// The evaluator gives fastVM, and the VM evaluates the expression
// instead, wherever the VM could fail or convert: a read of something
// that is not a mapping or a list, an index out of range, an operand
// that is not a boolean where one must be, a loop over something that is
// not a list, a pointer to dereference, more elements built than the VM's
// memory budget. So the VM's errors stay the only ones, and an
// expression that reads nothing the VM would not read gives exactly the
// VM's value. asBool is expr.AsBool: nil is false, and any other value
// that is not a boolean is left to the VM's error.
//
// n must be the tree as the optimizer left it (checked.optimized), whose
// rewrites can change a value (an `in` of a list of constants becomes a
// look-up in a set of them), and not yet patched by fetchFields.
func fastExpr(n ast.Node, asBool bool, cfg *conf.Config) fastFn {
	if !cfg.ShortCircuit {
		return nil // && and || evaluate both sides: a form not known here
	}
	b := &fastBuilder{funcs: cfg.Functions}
	f := b.fast(n)
	if f == nil {
		return nil
	}
	scoped, lets := b.scoped, b.slots
	return func(env map[string]any) (any, fastState) {
		// A guarded function charges the run's budget; where the VM
		// evaluates the expression again, it starts from the same one.
		bud, _ := env[exprRun].(*budget)
		var mem int
		if bud != nil {
			mem = bud.mem
		}
		var sc *fastScope
		if scoped {
			sc = &fastScope{lets: make([]any, lets)}
		}
		v, st := f(env, sc)
		if st == fastOK && asBool {
			switch v.(type) {
			case nil:
				v = false
			case bool:
			default:
				st = fastVM
			}
		}
		if st != fastOK { // fastNil: a ?. read outside any chain
			if bud != nil {
				bud.mem = mem
			}
			return nil, fastVM
		}
		return v, fastOK
	}
}

// fastBuilder makes the evaluators of one expression.
type fastBuilder struct {
	funcs  map[string]*builtin.Function
	loops  int       // the loops around the node being built
	lets   []fastLet // the lets in scope there, innermost last
	slots  int       // the lets of the expression
	scoped bool      // the expression has a loop or a let: it needs a fastScope
}

// fastLet is a let in scope: its name and slot in fastScope.lets.
type fastLet struct {
	name string
	slot int
}

// fast returns the evaluator of n, or nil for a form fastExpr does not
// know.
func (b *fastBuilder) fast(n ast.Node) fastNode {
	switch x := n.(type) {
	case *ast.NilNode:
		return constant(nil)
	case *ast.BoolNode:
		return constant(x.Value)
	case *ast.StringNode:
		return constant(x.Value)
	case *ast.IntegerNode:
		// As expr's compiler pushes it: by the type the checker gave.
		switch t := x.Type(); {
		case t == nil || t.Kind() == reflect.Int || t.Kind() == reflect.Interface:
			return constant(x.Value)
		case t.Kind() == reflect.Float64:
			return constant(float64(x.Value))
		}
		return nil
	case *ast.FloatNode:
		if t := x.Type(); t != nil && t.Kind() == reflect.Float32 {
			return nil
		}
		return constant(x.Value)
	case *ast.ConstantNode:
		return constant(x.Value)
	case *ast.IdentifierNode:
		return b.fastIdentifier(x)
	case *ast.PointerNode:
		return b.fastPointer(x)
	case *ast.VariableDeclaratorNode:
		return b.fastLet(x)
	case *ast.PredicateNode:
		return b.fast(x.Node)
	case *ast.MemberNode:
		return b.fastMember(x)
	case *ast.ChainNode:
		return b.fastChain(x)
	case *ast.UnaryNode:
		return b.fastUnary(x)
	case *ast.BinaryNode:
		return b.fastBinary(x)
	case *ast.ConditionalNode:
		return b.fastConditional(x)
	case *ast.ArrayNode:
		return b.fastArray(x)
	case *ast.MapNode:
		return b.fastMap(x)
	case *ast.CallNode:
		return b.fastCall(x)
	case *ast.BuiltinNode:
		return b.fastBuiltin(x)
	}
	return nil
}

// constant is the evaluator of a value known when the tree is built.
func constant(v any) fastNode {
	return func(map[string]any, *fastScope) (any, fastState) { return v, fastOK }
}

// operand evaluates a value the VM dereferences before it uses it
// (compiler.derefInNeeded): fastVM for a pointer, which this evaluator
// leaves to the VM. A ?. read that met nil outside a chain is the VM's
// too.
func operand(f fastNode, env map[string]any, sc *fastScope) (any, bool) {
	v, st := f(env, sc)
	if st != fastOK || !derefFree(v) {
		return nil, false
	}
	return v, true
}

// derefFree reports whether dereferencing v, as the VM does, gives v.
func derefFree(v any) bool {
	switch v.(type) {
	case nil, string, bool, int, int64, float64, json.Number, map[string]any, []any:
		return true
	}
	k := reflect.ValueOf(v).Kind()
	return k != reflect.Pointer && k != reflect.Interface
}

// isNil is expr's runtime.IsNil, without reflect for the usual values.
func isNil(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string, bool, int, int64, float64, json.Number:
		return false
	case map[string]any:
		return x == nil
	case []any:
		return x == nil
	}
	return runtime.IsNil(v)
}

// fastMember reads a field or an element, as runtime.Fetch does for a
// map[string]any or a []any; anything else is the VM's.
func (b *fastBuilder) fastMember(m *ast.MemberNode) fastNode {
	if m.Method {
		return nil
	}
	base := b.fast(m.Node)
	if base == nil {
		return nil
	}
	optional := m.Optional
	if name, ok := m.Property.(*ast.StringNode); ok {
		key := name.Value
		return func(env map[string]any, sc *fastScope) (any, fastState) {
			v, st := base(env, sc)
			if st != fastOK {
				return nil, st
			}
			if optional && isNil(v) {
				return nil, fastNil
			}
			if x, ok := v.(map[string]any); ok {
				return x[key], fastOK
			}
			return nil, fastVM
		}
	}
	prop := b.fast(m.Property)
	if prop == nil {
		return nil
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		v, st := base(env, sc)
		if st != fastOK {
			return nil, st
		}
		if optional && isNil(v) {
			return nil, fastNil
		}
		key, ok := operand(prop, env, sc)
		if !ok {
			return nil, fastVM
		}
		return readAt(v, key)
	}
}

// readAt is runtime.Fetch of key in v for a map[string]any and a string,
// or a []any and an int (from the end where negative); fastVM for
// anything else, and for an index out of range.
func readAt(v, key any) (any, fastState) {
	switch x := v.(type) {
	case map[string]any:
		if k, ok := key.(string); ok {
			return x[k], fastOK
		}
	case []any:
		if i, ok := key.(int); ok {
			if i < 0 {
				i += len(x)
			}
			if i >= 0 && i < len(x) {
				return x[i], fastOK
			}
		}
	}
	return nil, fastVM
}

// fastChain ends a chain of ?. reads: nil where one met nil, and nil for
// a nil of any type, as the VM pushes.
func (b *fastBuilder) fastChain(c *ast.ChainNode) fastNode {
	inner := b.fast(c.Node)
	if inner == nil {
		return nil
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		v, st := inner(env, sc)
		switch {
		case st == fastNil:
			return nil, fastOK
		case st != fastOK:
			return nil, st
		case isNil(v):
			return nil, fastOK
		}
		return v, fastOK
	}
}

// fastUnary is -, + and !, on an operand the VM would take.
func (b *fastBuilder) fastUnary(u *ast.UnaryNode) fastNode {
	x := b.fast(u.Node)
	if x == nil {
		return nil
	}
	var op func(v any) (any, fastState)
	switch u.Operator {
	case "-":
		op = func(v any) (any, fastState) { return safely(func() any { return runtime.Negate(v) }) }
	case "+":
		op = func(v any) (any, fastState) { return v, fastOK }
	case "!", "not":
		op = func(v any) (any, fastState) {
			if truth, isBool := v.(bool); isBool {
				return !truth, fastOK
			}
			return nil, fastVM
		}
	default:
		return nil
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		v, ok := operand(x, env, sc)
		if !ok {
			return nil, fastVM
		}
		return op(v)
	}
}

// fastConditional is c ? a : b, whose condition must be a boolean.
func (b *fastBuilder) fastConditional(c *ast.ConditionalNode) fastNode {
	cond, yes, no := b.fast(c.Cond), b.fast(c.Exp1), b.fast(c.Exp2)
	if cond == nil || yes == nil || no == nil {
		return nil
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		v, ok := operand(cond, env, sc)
		truth, isBool := v.(bool)
		switch {
		case !ok || !isBool:
			return nil, fastVM
		case truth:
			return yes(env, sc)
		}
		return no(env, sc)
	}
}

// fastArray builds a list literal, a new list each time, as the VM does.
func (b *fastBuilder) fastArray(a *ast.ArrayNode) fastNode {
	elems := b.fastAll(a.Nodes)
	if elems == nil {
		return nil
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		if l, ok := values(elems, env, sc, false); ok && sc.grow(len(l)) {
			return l, fastOK
		}
		return nil, fastVM
	}
}

// fastAll returns the evaluators of nodes, or nil where one has a form
// fastExpr does not know.
func (b *fastBuilder) fastAll(nodes []ast.Node) []fastNode {
	fns := make([]fastNode, len(nodes))
	for i, n := range nodes {
		if fns[i] = b.fast(n); fns[i] == nil {
			return nil
		}
	}
	return fns
}

// values evaluates fns into a new list, each dereferenced first as an
// operand where deref (see operand). It reports false where one is the
// VM's to evaluate.
func values(fns []fastNode, env map[string]any, sc *fastScope, deref bool) ([]any, bool) {
	out := make([]any, len(fns))
	for i, f := range fns {
		if deref {
			v, ok := operand(f, env, sc)
			if !ok {
				return nil, false
			}
			out[i] = v
			continue
		}
		v, st := f(env, sc)
		if st != fastOK {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// fastMap builds a map literal whose keys are constant strings, each
// once.
func (b *fastBuilder) fastMap(m *ast.MapNode) fastNode {
	keys := make([]string, len(m.Pairs))
	vals := make([]fastNode, len(m.Pairs))
	seen := map[string]bool{}
	for i, n := range m.Pairs {
		p, ok := n.(*ast.PairNode)
		if !ok {
			return nil
		}
		k, ok := p.Key.(*ast.StringNode)
		if !ok || seen[k.Value] {
			return nil
		}
		seen[k.Value] = true
		if vals[i] = b.fast(p.Value); vals[i] == nil {
			return nil
		}
		keys[i] = k.Value
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		if !sc.grow(len(keys)) {
			return nil, fastVM
		}
		out := make(map[string]any, len(keys))
		for i, k := range keys {
			v, st := vals[i](env, sc)
			if st != fastOK {
				return nil, fastVM
			}
			out[k] = v
		}
		return out, fastOK
	}
}

// fastBinary is a binary operator on operands the VM would take.
func (b *fastBuilder) fastBinary(x *ast.BinaryNode) fastNode {
	left, right := b.fast(x.Left), b.fast(x.Right)
	if left == nil || right == nil {
		return nil
	}
	switch x.Operator {
	case "??":
		return func(env map[string]any, sc *fastScope) (any, fastState) {
			v, ok := operand(left, env, sc)
			if !ok {
				return nil, fastVM
			}
			if !isNil(v) {
				return v, fastOK
			}
			if v, ok = operand(right, env, sc); !ok {
				return nil, fastVM
			}
			return v, fastOK
		}
	case "&&", "and", "||", "or":
		// The VM gives the left operand where it decides, and the right
		// one, whatever it is, otherwise.
		decides := x.Operator == "||" || x.Operator == "or"
		return func(env map[string]any, sc *fastScope) (any, fastState) {
			v, ok := operand(left, env, sc)
			l, isBool := v.(bool)
			if !ok || !isBool {
				return nil, fastVM
			}
			if l == decides {
				return l, fastOK
			}
			if v, ok = operand(right, env, sc); !ok {
				return nil, fastVM
			}
			return v, fastOK
		}
	case "==", "!=":
		return fastEqual(x, left, right)
	case "in":
		return func(env map[string]any, sc *fastScope) (any, fastState) {
			needle, ok1 := operand(left, env, sc)
			hay, ok2 := operand(right, env, sc)
			if !ok1 || !ok2 {
				return nil, fastVM
			}
			switch h := hay.(type) {
			case []any:
				for _, e := range h {
					if runtime.Equal(e, needle) {
						return true, fastOK
					}
				}
				return false, fastOK
			case map[string]any:
				return inSet(h, needle, "")
			case map[string]struct{}: // the optimizer's, for constant strings
				return inSet(h, needle, "")
			case map[int]struct{}: // and for constant ints
				return inSet(h, needle, 0)
			}
			return nil, fastVM
		}
	case "+", "-", "*", "/", "%", "**", "^", "<", ">", "<=", ">=":
		// A + that may join strings is a guarded call (guardPatch): here
		// are the others, and the rest of expr's arithmetic and
		// comparisons, as the VM runs them.
		op := arithmetic[x.Operator]
		return func(env map[string]any, sc *fastScope) (any, fastState) {
			l, ok1 := operand(left, env, sc)
			r, ok2 := operand(right, env, sc)
			if !ok1 || !ok2 {
				return nil, fastVM
			}
			return safely(func() any { return op(l, r) })
		}
	}
	return nil
}

// arithmetic are the VM's operations of the binary operators.
var arithmetic = map[string]func(a, b any) any{
	"+": runtime.Add, "-": runtime.Subtract, "*": runtime.Multiply,
	"/":  func(a, b any) any { return runtime.Divide(a, b) },
	"%":  func(a, b any) any { return runtime.Modulo(a, b) },
	"**": func(a, b any) any { return runtime.Exponent(a, b) },
	"^":  func(a, b any) any { return runtime.Exponent(a, b) },
	"<":  func(a, b any) any { return runtime.Less(a, b) }, ">": func(a, b any) any { return runtime.More(a, b) },
	"<=": func(a, b any) any { return runtime.LessOrEqual(a, b) }, ">=": func(a, b any) any { return runtime.MoreOrEqual(a, b) },
}

// safely calls f, with a panic (the VM's error) as fastVM.
func safely(f func() any) (v any, st fastState) {
	defer func() {
		if recover() != nil {
			v, st = nil, fastVM
		}
	}()
	return f(), fastOK
}

// inSet is runtime.In of needle in the keys of a map, which looks a nil
// needle up as the key type's zero value and fails on a needle of another
// type.
func inSet[K comparable, V any](set map[K]V, needle any, zero K) (any, fastState) {
	switch k := needle.(type) {
	case nil:
		_, in := set[zero]
		return in, fastOK
	case K:
		_, in := set[k]
		return in, fastOK
	}
	return nil, fastVM
}

// fastEqual is == or != as expr's compiler makes it: of two values typed
// int, or two typed string, the VM asserts those types (and fails on any
// other); of anything else it asks runtime.Equal.
func fastEqual(x *ast.BinaryNode, left, right fastNode) fastNode {
	negate := x.Operator == "!="
	kind := reflect.Invalid
	if lk, rk := simpleKind(x.Left), simpleKind(x.Right); lk == rk && (lk == reflect.Int || lk == reflect.String) {
		kind = lk
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		l, ok1 := operand(left, env, sc)
		r, ok2 := operand(right, env, sc)
		if !ok1 || !ok2 {
			return nil, fastVM
		}
		var eq bool
		switch kind {
		case reflect.Int:
			li, ok1 := l.(int)
			ri, ok2 := r.(int)
			if !ok1 || !ok2 {
				return nil, fastVM
			}
			eq = li == ri
		case reflect.String:
			ls, ok1 := l.(string)
			rs, ok2 := r.(string)
			if !ok1 || !ok2 {
				return nil, fastVM
			}
			eq = ls == rs
		default:
			eq = runtime.Equal(l, r)
		}
		return eq != negate, fastOK
	}
}

// simpleKind is the kind of n's type where expr's compiler counts it as
// simple (a type of no package), and reflect.Invalid otherwise.
func simpleKind(n ast.Node) reflect.Kind {
	t := n.Type()
	if t == nil || t.PkgPath() != "" {
		return reflect.Invalid
	}
	return t.Kind()
}

// fastCall calls a function of the configuration with its arguments, as
// the VM does: a function's error, or a panic, is left to the VM to
// give, by calling it again.
func (b *fastBuilder) fastCall(c *ast.CallNode) fastNode {
	id, ok := c.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil
	}
	fn := b.funcs[id.Value]
	if fn == nil || fn.Func == nil {
		return nil
	}
	for i, a := range c.Arguments {
		if derefsArg(c.Callee.Type(), i, a) {
			return nil
		}
	}
	args := b.fastAll(c.Arguments)
	if args == nil {
		return nil
	}
	call := fn.Func
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		in, ok := values(args, env, sc, false)
		if !ok {
			return nil, fastVM
		}
		return callFunc(call, in)
	}
}

// derefsArg reports whether the VM dereferences the argument a at i of a
// call of a function of type fn (compiler.derefParam): a pointer given
// where the parameter is not one. Arguments are otherwise passed as
// they are, a run's budget (exprRun) included.
func derefsArg(fn reflect.Type, i int, a ast.Node) bool {
	if fn == nil || fn.Kind() != reflect.Func || a.Nature().Nil {
		return false
	}
	var in reflect.Type
	switch {
	case fn.IsVariadic() && i >= fn.NumIn()-1:
		in = fn.In(fn.NumIn() - 1).Elem()
	case i < fn.NumIn():
		in = fn.In(i)
	default:
		return true // not a call the checker let through: the VM's
	}
	t := a.Type()
	return t != nil && !t.AssignableTo(in) && in.Kind() != reflect.Pointer && t.Kind() == reflect.Pointer
}

// callFunc calls f, with its error or panic as fastVM.
func callFunc(f func(...any) (any, error), in []any) (v any, st fastState) {
	defer func() {
		if recover() != nil {
			v, st = nil, fastVM
		}
	}()
	v, err := f(in...)
	if err != nil {
		return nil, fastVM
	}
	return v, fastOK
}

// loopBuiltins are the builtins expr's compiler makes loops of, with or
// without a predicate.
var loopBuiltins = map[string]bool{
	"all": true, "none": true, "any": true, "one": true, "filter": true, "map": true, "count": true,
	"sum": true, "find": true, "findIndex": true, "findLast": true, "findLastIndex": true,
	"groupBy": true, "sortBy": true, "reduce": true,
}

// fastBuiltin runs a loop builtin (fastLoopOf), or calls one of expr's
// builtins that is a plain function of its arguments, dereferenced as the
// VM does (a pointer is the VM's). One that counts the memory it builds
// (Safe) is left to the VM, which checks that against its budget.
func (b *fastBuilder) fastBuiltin(n *ast.BuiltinNode) fastNode {
	if loopBuiltins[n.Name] {
		return b.fastLoopOf(n)
	}
	id, ok := builtin.Index[n.Name]
	if !ok {
		return nil
	}
	f := builtin.Builtins[id]
	if f.Predicate || f.Safe != nil || (f.Fast == nil && f.Func == nil) {
		return nil
	}
	args := b.fastAll(n.Arguments)
	if args == nil {
		return nil
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		in, ok := values(args, env, sc, true)
		if !ok {
			return nil, fastVM
		}
		if f.Fast != nil {
			return safely(func() any { return f.Fast(in[0]) })
		}
		return callFunc(f.Func, in)
	}
}
