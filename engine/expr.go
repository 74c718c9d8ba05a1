package engine

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	exprparser "github.com/expr-lang/expr/parser"

	"github.com/sevenflow/sevenflow/schemas"
)

// expr compiles e in scope sc. A `when` or `assert` (asBool) must be
// boolean. Errors are re-based onto e's position in the YAML.
func (c *compiler) expr(e *Expr, step string, sc *scope, asBool bool) *cexpr {
	if e == nil || !c.exprLimits(e, step) {
		return nil
	}
	names := sc.names()
	env := sc.exprEnv(names, c.settingsType)
	chk, err := c.exprs.check(e.Src, env, asBool)
	if err != nil {
		c.exprError(e, step, sc, err)
		return nil
	}
	node := chk.node()
	ast.Walk(&node, &refChecker{c: c, e: e, step: step, sc: sc})
	return &cexpr{Expr: e, checked: chk, exprs: c.exprs, env: env, asBool: asBool,
		inName: func(name string) bool { return slices.Contains(names, name) }}
}

// fieldPath returns the name and the field names that n reads when n
// reads only named fields of a name, such as vars.recipient.first_name
// (field reads patched by fetchFields included).
func fieldPath(n ast.Node) (string, []string, bool) {
	var path []string
	for {
		if c, ok := n.(*ast.ChainNode); ok {
			n = c.Node
			continue
		}
		if id, ok := n.(*ast.IdentifierNode); ok {
			slices.Reverse(path)
			return id.Value, path, true
		}
		base, prop, ok := fieldRead(n)
		if !ok {
			return "", nil, false
		}
		path = append(path, prop.Value)
		n = base
	}
}

// exprLimits reports an expression longer than expr_bytes or nesting
// deeper than expr_depth, before any parser sees it.
func (c *compiler) exprLimits(e *Expr, step string) bool {
	if len(e.Src) > c.lim.ExprBytes {
		c.errs = append(c.errs, &Error{Pos: e.Pos, Step: step, Code: CodeLimit,
			Err: overLimit("expr_bytes", c.lim.ExprBytes, "expression of %d bytes", len(e.Src))})
		return false
	}
	if at := exprNesting(e.Src, c.lim.ExprDepth); at >= 0 {
		c.errs = append(c.errs, &Error{Pos: e.PosAt(at), Step: step, Code: CodeLimit,
			Err: overLimit("expr_depth", c.lim.ExprDepth, "expression nests deeper than %d levels", c.lim.ExprDepth)})
		return false
	}
	return true
}

// exprError turns an expr compile error into an *Error at its position in
// the file, with a suggestion for an unknown name.
func (c *compiler) exprError(e *Expr, step string, sc *scope, err error) {
	at, msg := e.Pos, err.Error()
	var fe *file.Error
	if errors.As(err, &fe) {
		msg = fe.Message
		if fe.Line > 0 {
			at = e.PosAt(lineColOffset(e.Src, fe.Line, fe.Column))
		}
	}
	code := CodeType
	switch {
	case strings.HasPrefix(msg, "unknown field "):
		code = CodeUnknownName
		msg = c.unknownField(e, sc, strings.TrimPrefix(msg, "unknown field "), fe)
	case strings.HasPrefix(msg, "unknown name "):
		name := strings.TrimPrefix(msg, "unknown name ")
		code = CodeUnknownName
		candidates := append(sc.names(), c.funcNames...)
		sort.Strings(candidates)
		msg = fmt.Sprintf("unknown name `%s`%s", name, didYouMean(name, candidates))
	case strings.Contains(msg, "unexpected") || strings.Contains(msg, "not terminated") ||
		strings.Contains(msg, "unrecognized") || strings.Contains(msg, "invalid char"):
		code = CodeSyntax
	}
	c.errs = append(c.errs, &Error{Pos: at, Step: step, Code: code, Err: errors.New(msg)})
}

// unknownField explains expr's "unknown field NAME": a setting or an
// input field that the schemas do not declare, with the closest declared
// name at that level.
func (c *compiler) unknownField(e *Expr, sc *scope, name string, fe *file.Error) string {
	plain := fmt.Sprintf("unknown field `%s`", name)
	tree, err := exprparser.Parse(e.Src)
	if err != nil || fe == nil {
		return plain
	}
	at := lineColOffset(e.Src, fe.Line, fe.Column)
	var chain []string
	var root string
	ast.Find(tree.Node, func(n ast.Node) bool {
		m, ok := n.(*ast.MemberNode)
		if !ok {
			return false
		}
		prop, ok := m.Property.(*ast.StringNode)
		if !ok || prop.Value != name || prop.Location().From != at {
			return false
		}
		root, chain = memberChain(m.Node)
		return true
	})
	var sh *schemas.Shape
	what := "field"
	switch root {
	case scopeSettings:
		sh, what = c.settingsShape, "setting"
	case scopeInput:
		sh, what = sc.inputShape, "input field"
	default:
		return plain
	}
	full := strings.Join(append(chain, name), ".")
	msg := fmt.Sprintf("unknown %s `%s`", what, full)
	if best := Closest(name, sh.At(chain...).PropertyNames()); best != "" {
		msg += fmt.Sprintf(", did you mean `%s`?", strings.Join(append(chain, best), "."))
	}
	return msg
}

// memberChain returns the root name and the constant property names of a
// chain such as settings.customs.value_rules; root is "" when the chain
// has a part that is not a constant name.
func memberChain(n ast.Node) (string, []string) {
	var chain []string
	for {
		switch x := n.(type) {
		case *ast.IdentifierNode:
			slices.Reverse(chain)
			return x.Value, chain
		case *ast.PointerNode:
			if x.Name != "" {
				return "", nil
			}
			slices.Reverse(chain)
			return "#", chain
		case *ast.MemberNode:
			prop, ok := x.Property.(*ast.StringNode)
			if !ok {
				return "", nil
			}
			chain = append(chain, prop.Value)
			n = x.Node
		case *ast.ChainNode:
			n = x.Node
		default:
			return "", nil
		}
	}
}

// refChecker reports steps.<id> of steps that do not run before the
// expression, and vars.<name> of names no earlier set step sets.
type refChecker struct {
	c    *compiler
	e    *Expr
	step string
	sc   *scope
}

// Visit checks one node: a member access on steps or vars.
func (r *refChecker) Visit(n *ast.Node) {
	base, prop, ok := fieldRead(*n)
	if !ok {
		return
	}
	id, ok := base.(*ast.IdentifierNode)
	if !ok {
		return
	}
	at := r.e.PosAt(prop.Location().From)
	switch id.Value {
	case scopeSteps:
		switch {
		case r.sc.steps[prop.Value]:
		case r.sc.all[prop.Value]:
			r.c.errorf(at, r.step, CodeUnknownStep, "step `%s` has not run here: only earlier steps are in steps", prop.Value)
		default:
			r.c.errorf(at, r.step, CodeUnknownStep, "unknown step `%s`%s", prop.Value, didYouMean(prop.Value, keys(r.sc.steps)))
		}
	case scopeVars:
		if !r.sc.vars[prop.Value] {
			r.c.errorf(at, r.step, CodeUnknownName, "unknown var `%s`%s", prop.Value, didYouMean(prop.Value, keys(r.sc.vars)))
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
