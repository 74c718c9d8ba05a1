package engine

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/types"
)

// expr compiles e in scope sc. A `when` or `assert` (asBool) must be
// boolean. Errors are re-based onto e's position in the YAML.
func (c *compiler) expr(e *Expr, step string, sc *scope, asBool bool) *cexpr {
	if e == nil {
		return nil
	}
	env := types.Map{}
	for _, n := range sc.names() {
		env[n] = types.Any
	}
	opts := append([]expr.Option{expr.Env(env)}, c.funcs...)
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	prog, err := expr.Compile(e.Src, opts...)
	if err != nil {
		c.exprError(e, step, sc, err)
		return nil
	}
	node := prog.Node()
	ast.Walk(&node, &refChecker{c: c, e: e, step: step, sc: sc})
	return &cexpr{Expr: e, prog: prog}
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
	m, ok := (*n).(*ast.MemberNode)
	if !ok {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	if !ok {
		return
	}
	prop, ok := m.Property.(*ast.StringNode)
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
