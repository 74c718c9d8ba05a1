package engine

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/checker/nature"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm/runtime"
)

// expr counts the memory of one evaluation in elements, and checks the
// size of repeat's result only after building it: repeat(repeat("x",
// 999999), 999999) asks for a terabyte. So Compile replaces + on strings
// and the builtins that build strings or lists with guarded versions of
// the same name, which check the size of what they are about to build
// against string_bytes before building it and charge what they build to
// the run's memory_bytes. The run reaches them through a name no
// expression can write (exprRun), which a patch passes as their first
// argument.

// exprRun is the name under which each evaluation's environment holds the
// run's *budget; it is not an identifier, so no expression can name it.
const exprRun = "sevenflow run"

// exprAdd is the guarded + of two operands that may be strings, and
// exprConcat that of two the checker knows are strings (so that the sum
// keeps its type).
const (
	exprAdd    = "sevenflow +"
	exprConcat = "sevenflow + strings"
)

// maxListElems bounds the lists that concat and flatten build, as expr's
// own budget of an evaluation does for ranges and literals.
var maxListElems = int(conf.DefaultMemoryBudget)

// guardKind says what a guarded builtin checks before it builds.
type guardKind int

const (
	guardCharge  guardKind = iota // charge the result's size only
	guardRepeat                   // repeat(s, n): n copies of s
	guardReplace                  // replace(s, old, new[, n])
	guardJoin                     // join(list[, sep])
	guardFormat                   // toJSON(v), string(v): the size of v written out
	guardConcat                   // concat(lists...)
	guardFlatten                  // flatten(list)
)

// guardedBuiltins are the builtins that build strings or lists, with what
// each checks first.
var guardedBuiltins = map[string]guardKind{
	"repeat": guardRepeat, "replace": guardReplace, "join": guardJoin,
	"toJSON": guardFormat, "string": guardFormat, "concat": guardConcat, "flatten": guardFlatten,
	"trim": guardCharge, "trimPrefix": guardCharge, "trimSuffix": guardCharge, "upper": guardCharge,
	"lower": guardCharge, "split": guardCharge, "splitAfter": guardCharge, "toBase64": guardCharge,
	"fromBase64": guardCharge, "fromJSON": guardCharge,
}

// exprGuards returns the expr options that put the guarded operators and
// builtins in place for a program of limits lim.
func exprGuards(lim Limits) []expr.Option {
	anyT := reflect.TypeFor[any]()
	opts := []expr.Option{
		expr.Function(exprAdd, func(args ...any) (any, error) { return guardedAdd(lim, args) },
			new(func(any, any, any) any)),
		expr.Function(exprConcat, func(args ...any) (any, error) { return guardedAdd(lim, args) },
			new(func(any, string, string) string)),
		expr.Patch(guardPatch{}),
	}
	for name, kind := range guardedBuiltins {
		f := builtin.Builtins[builtin.Index[name]]
		var types []any
		for _, t := range f.Types {
			in := []reflect.Type{anyT}
			for i := range t.NumIn() {
				in = append(in, t.In(i))
			}
			var out []reflect.Type
			for i := range t.NumOut() {
				out = append(out, t.Out(i))
			}
			types = append(types, reflect.New(reflect.FuncOf(in, out, t.IsVariadic())).Interface())
		}
		switch kind {
		case guardConcat:
			types = []any{new(func(any, ...any) []any)}
		case guardFlatten:
			types = []any{new(func(any, any) []any)}
		}
		opts = append(opts, expr.Function(name, func(args ...any) (any, error) {
			return guardedCall(lim, f, kind, args)
		}, types...))
	}
	return opts
}

// guardPatch passes the run to every guarded builtin, and turns a + that
// may join strings into a call of the guarded +. A + of operands the
// checker knows are not both strings (numbers, or a string and a number,
// which stays a type error) is left alone.
//
// expr type-checks the tree before each patch, and a later check takes a
// call's type from an earlier pass without checking its arguments again,
// so an unknown name inside a call would go unreported. So the patch is
// one that expr runs last, right before the final check (it has Reset and
// ShouldRepeat), and it forgets every call's type.
type guardPatch struct{}

// Reset is called before each pass of the patch; it has nothing to reset.
func (guardPatch) Reset() {}

// ShouldRepeat reports that one pass is enough.
func (guardPatch) ShouldRepeat() bool { return false }

// Visit patches one node.
func (guardPatch) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		n.SetNature(nature.Nature{})
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return
		}
		if _, guarded := guardedBuiltins[id.Value]; guarded {
			n.Arguments = append([]ast.Node{&ast.IdentifierNode{Value: exprRun}}, n.Arguments...)
		}
	case *ast.BinaryNode:
		if n.Operator == "+" && maybeString(n.Left) && maybeString(n.Right) {
			fn := exprAdd
			if n.Left.Type().Kind() == reflect.String && n.Right.Type().Kind() == reflect.String {
				fn = exprConcat
			}
			ast.Patch(node, &ast.CallNode{
				Callee:    &ast.IdentifierNode{Value: fn},
				Arguments: []ast.Node{&ast.IdentifierNode{Value: exprRun}, n.Left, n.Right},
			})
		}
	}
}

// maybeString reports whether n may be a string when it runs.
func maybeString(n ast.Node) bool {
	t := n.Type()
	return t == nil || t.Kind() == reflect.Interface || t.Kind() == reflect.String
}

func runOf(args []any) *budget {
	b, _ := args[0].(*budget)
	return b
}

// guardedAdd is + with strings checked against string_bytes; other
// operands are added as expr adds them.
func guardedAdd(lim Limits, args []any) (any, error) {
	a, ok1 := args[1].(string)
	b, ok2 := args[2].(string)
	if !ok1 || !ok2 {
		return runtime.Add(args[1], args[2]), nil
	}
	n := len(a) + len(b)
	if n > lim.StringBytes {
		return nil, overLimit("string_bytes", lim.StringBytes, "+ would build a string of %d bytes", n)
	}
	if err := runOf(args).charge(n); err != nil {
		return nil, err
	}
	return a + b, nil
}

// guardedCall checks what builtin f is about to build, calls it and
// charges its result.
func guardedCall(lim Limits, f *builtin.Function, kind guardKind, args []any) (any, error) {
	run, args := runOf(args), args[1:]
	if err := precheck(lim, f.Name, kind, args); err != nil {
		return nil, err
	}
	var out any
	var err error
	switch {
	case f.Fast != nil && len(args) == 1:
		out = f.Fast(args[0])
	case f.Safe != nil:
		out, _, err = f.Safe(args...)
	case f.Func != nil:
		out, err = f.Func(args...)
	default:
		return nil, fmt.Errorf("%s: cannot call it with %d arguments", f.Name, len(args))
	}
	if err != nil {
		return nil, err
	}
	n := sizeOf(out, lim.StringBytes+1)
	if s, ok := out.(string); ok && len(s) > lim.StringBytes {
		return nil, overLimit("string_bytes", lim.StringBytes, "%s built a string of %d bytes", f.Name, len(s))
	}
	if err := run.charge(n); err != nil {
		return nil, err
	}
	return out, nil
}

// precheck returns an error if the call would build more than the limits
// allow. Arguments of the wrong type are left to the builtin, which
// reports them.
func precheck(lim Limits, name string, kind guardKind, args []any) error {
	over := func(size int) error {
		return overLimit("string_bytes", lim.StringBytes, "%s would build a string of more than %d bytes", name, size)
	}
	switch kind {
	case guardRepeat:
		if len(args) != 2 {
			return nil
		}
		s, ok := args[0].(string)
		n, nok := toInt(args[1])
		if ok && nok && n > 0 && len(s) > 0 && len(s) > lim.StringBytes/n {
			return over(lim.StringBytes)
		}
	case guardReplace:
		if len(args) < 3 {
			return nil
		}
		s, ok1 := args[0].(string)
		old, ok2 := args[1].(string)
		repl, ok3 := args[2].(string)
		if !ok1 || !ok2 || !ok3 || len(repl) <= len(old) {
			return nil
		}
		count := utf8.RuneCountInString(s) + 1
		if old != "" {
			count = strings.Count(s, old)
		}
		if len(args) == 4 {
			if n, ok := toInt(args[3]); ok && n >= 0 {
				count = min(count, n)
			}
		}
		if grow := len(repl) - len(old); count > 0 && grow > (lim.StringBytes-len(s))/count {
			return over(lim.StringBytes)
		}
	case guardJoin:
		if len(args) == 0 {
			return nil
		}
		sep := ""
		if len(args) == 2 {
			sep, _ = args[1].(string)
		}
		rv := reflect.ValueOf(args[0])
		if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
			return nil
		}
		total := max(rv.Len()-1, 0) * len(sep)
		for i := 0; i < rv.Len() && total <= lim.StringBytes; i++ {
			if s, ok := rv.Index(i).Interface().(string); ok {
				total += len(s)
			}
		}
		if total > lim.StringBytes || rv.Len() > 0 && len(sep) > lim.StringBytes/rv.Len() {
			return over(lim.StringBytes)
		}
	case guardFormat:
		if len(args) == 1 && sizeOf(args[0], lim.StringBytes+1) > lim.StringBytes {
			return over(lim.StringBytes)
		}
	case guardConcat:
		total := 0
		for _, a := range args {
			if rv := reflect.ValueOf(a); rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
				total += rv.Len()
			}
		}
		if total > maxListElems {
			return overLimit("memory_bytes", lim.MemoryBytes, "concat would build a list of %d elements, more than %d", total, maxListElems)
		}
	case guardFlatten:
		if len(args) == 1 {
			if n := countLeaves(reflect.ValueOf(args[0]), maxListElems+1); n > maxListElems {
				return overLimit("memory_bytes", lim.MemoryBytes, "flatten would build a list of more than %d elements", maxListElems)
			}
		}
	}
	return nil
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	}
	return 0, false
}

// countLeaves counts the elements flatten would make of v, up to limit.
func countLeaves(v reflect.Value, limit int) int {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return 1
	}
	n := 0
	for i := 0; i < v.Len() && n < limit; i++ {
		n += countLeaves(v.Index(i), limit-n)
	}
	return n
}
