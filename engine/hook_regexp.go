package engine

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	jsparser "github.com/dop251/goja/parser"
)

// goja runs a regular expression with Go's regexp, in linear time, when
// it can, and otherwise (lookaround, back-references, large repeat
// counts) with a backtracking engine that never checks for interrupts:
// /^(?=(a+)+$)/ on forty a's and a b runs past any time budget and past
// SIGTERM. So hooks may only use regular expressions that Go's regexp
// runs: literals are checked when the hook compiles, patterns built at
// run time (new RegExp, String.prototype.match, matchAll and search) when
// they are built.

// errBacktracking is why a regular expression is refused.
var errBacktracking = errors.New("needs the backtracking engine, which no time budget can stop: write it without lookaround, back-references and repeat counts over 1000")

// regexpBacktracks reports whether goja would run pattern, with flags,
// with its backtracking engine. A pattern that is not valid at all is
// left for goja to report.
func regexpBacktracks(pattern, flags string) bool {
	dotAll, unicode := strings.Contains(flags, "s"), strings.Contains(flags, "u")
	re2, err := jsparser.TransformRegExp(pattern, dotAll, unicode)
	if err != nil {
		var incompat jsparser.RegexpErrorIncompatible
		return errors.As(err, &incompat)
	}
	_, err = regexp.Compile(re2)
	var se *syntax.Error
	return errors.As(err, &se) && se.Code == syntax.ErrInvalidRepeatSize
}

// refusedLiteral returns the first literal of prog that hooks may not
// use, where it is, and why: a regular expression that needs the
// backtracking engine, or a BigInt (whose arithmetic has no bound: 2n **
// (2n ** 40n) asks for 137 GB).
func refusedLiteral(prog *ast.Program) (file.Idx, error) {
	var at file.Idx
	var err error
	walkAST(reflect.ValueOf(prog), func(n ast.Node) bool {
		switch lit := n.(type) {
		case *ast.RegExpLiteral:
			if regexpBacktracks(lit.Pattern, lit.Flags) {
				at, err = lit.Idx, fmt.Errorf("regular expression %s %w", clip(lit.Literal, 60), errBacktracking)
			}
		case *ast.NumberLiteral:
			if _, big := lit.Value.(*big.Int); big {
				at, err = lit.Idx, fmt.Errorf("BigInt %s: hooks have no BigInt, whose arithmetic has no bound", clip(lit.Literal, 60))
			}
		}
		return err == nil
	})
	return at, err
}

// identType is the type of an identifier, which the AST holds both by
// pointer and by value.
var identType = reflect.TypeFor[ast.Identifier]()

// walkAST calls fn for every literal (a regular expression or a number)
// and every identifier under v, in source order, until fn returns false.
// The AST has no walker of its own; its nodes are pointers to structs,
// slices and interfaces of them.
func walkAST(v reflect.Value, fn func(ast.Node) bool) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return true
		}
		switch n := v.Interface().(type) {
		case *ast.RegExpLiteral:
			return fn(n)
		case *ast.NumberLiteral:
			return fn(n)
		}
		return walkAST(v.Elem(), fn)
	case reflect.Struct:
		if v.Type() == identType {
			id := v.Interface().(ast.Identifier)
			return fn(&id)
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && !walkAST(v.Field(i), fn) {
				return false
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if !walkAST(v.Index(i), fn) {
				return false
			}
		}
	}
	return true
}
