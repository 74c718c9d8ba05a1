package engine

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	jsparser "github.com/dop251/goja/parser"
	"gopkg.in/yaml.v3"
)

// Limits of a hook run.
const (
	defaultHookTimeout = time.Second      // a hook's time budget without `timeout`
	maxHookTimeout     = 30 * time.Second // the largest `timeout`
	hookStackLimit     = 1000             // the deepest call stack a hook may build
)

// hookSuffix ends the function expression that a hook's prefix (see
// hookPrefix) starts.
const hookSuffix = "\n})())})"

// hookPrefix starts the function expression a hook's source is wrapped
// in: a function of the function that takes the hook's value (see
// converter.returned) and of the scope's values. It binds each as a
// constant (so that `input = {}` throws, as it would for a read-only
// global, and the hook cannot replace what takes its value), around a
// function whose body is the hook's source, so that the source may
// declare the same names; what that function returns is handed over
// within the same call. It stays on the first line, so that only the
// first line's columns shift.
func hookPrefix(params []string) string {
	var b strings.Builder
	b.WriteString("(function($sevenflow")
	for i := range params {
		fmt.Fprintf(&b, ",$sevenflow%d", i)
	}
	b.WriteString("){const $sevenflowReturn=$sevenflow")
	for i, p := range params {
		fmt.Fprintf(&b, ",%s=$sevenflow%d", p, i)
	}
	b.WriteString(";return $sevenflowReturn((function(){")
	return b.String()
}

// jsReserved are the names a JavaScript binding may not have; a scope
// name that is one is not passed to hooks.
var jsReserved = map[string]bool{
	"break": true, "case": true, "catch": true, "class": true, "const": true, "continue": true,
	"debugger": true, "default": true, "delete": true, "do": true, "else": true, "enum": true,
	"export": true, "extends": true, "false": true, "finally": true, "for": true, "function": true,
	"if": true, "import": true, "in": true, "instanceof": true, "new": true, "null": true,
	"return": true, "super": true, "switch": true, "this": true, "throw": true, "true": true,
	"try": true, "typeof": true, "var": true, "void": true, "while": true, "with": true,
	"yield": true, "let": true, "static": true, "implements": true, "interface": true,
	"package": true, "private": true, "protected": true, "public": true, "await": true,
	"arguments": true, "eval": true, "undefined": true, "NaN": true, "Infinity": true,
}

// hook is a compiled hook: the shared program, which evaluates to the
// hook's function, and the scope names it takes, in order.
type hook struct {
	*Script
	name    string // the program's name in goja's positions
	prog    *goja.Program
	timeout time.Duration
	params  []string // the scope names the function takes
	used    []bool   // whether the source mentions each of params
	prefix  string   // hookPrefix(params)
}

// hook reads a step's `script` and `timeout`. A call step takes `with` or
// `script`; `timeout` needs a script.
func (p *parser) hook(s *Step, vals map[string]*yaml.Node) {
	if v := vals[keyScript]; v != nil {
		s.Script = p.script(v)
		if w := vals[keyWith]; w != nil {
			p.errorf(w, CodeBadValue, "a call step takes `%s` or `%s`, not both", keyWith, keyScript)
		}
	}
	v := vals[keyTimeout]
	if v == nil || (s.Kind != KindCall && s.Kind != KindScript) {
		return
	}
	d, err := time.ParseDuration(p.str(v))
	switch {
	case s.Script == nil:
		p.errorf(v, CodeBadValue, "timeout: only a step with a `%s` has a time budget", keyScript)
	case err != nil || d <= 0:
		p.errorf(v, CodeBadValue, "timeout: want a duration like 250ms or 2s, not %s", describe(v))
	case d > maxHookTimeout:
		p.errorf(v, CodeBadValue, "timeout: at most %s, not %s", maxHookTimeout, d)
	default:
		s.Timeout = d
	}
}

// script reads a `script` value: a file name (one word ending in .js),
// which the loader reads, or the inline source.
func (p *parser) script(n *yaml.Node) *Script {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, CodeBadValue, "script: want JavaScript or a .js file, not %s", describe(n))
		return nil
	}
	if isScriptFile(n.Value) {
		return &Script{Pos: p.pos(n), path: strings.TrimSpace(n.Value)}
	}
	at := p.expr(n)
	return &Script{Src: n.Value, Pos: at.PosAt(0), at: at}
}

// isScriptFile reports whether a `script` value names a file rather than
// holding the source: one word that ends in .js.
func isScriptFile(v string) bool {
	v = strings.TrimSpace(v)
	return strings.HasSuffix(v, ".js") && !strings.ContainsAny(v, " \t\r\n;(){}'\"")
}

// scripts reads the file of every file hook of steps that has not been read
// yet, looking it up like a `use` target.
func (l *loader) scripts(steps []*Step) {
	walkSteps(steps, func(s *Step) {
		sc := s.Script
		if sc == nil || sc.path == "" || sc.at != nil {
			return
		}
		file, src, err := l.find(s.Pos.File, sc.path)
		if err != nil {
			l.errs = append(l.errs, &Error{Pos: sc.Pos, Step: s.ID, Code: CodeNotFound, Err: err})
			return
		}
		sc.Src, sc.File, sc.Pos = string(src), file, Pos{file, 1, 1}
		sc.at = &Expr{Src: sc.Src, Pos: sc.Pos, file: file}
		for i, line := range strings.Split(sc.Src, "\n") {
			sc.at.segs = append(sc.at.segs, segment{line: i + 1, col: 1, n: utf8.RuneCountInString(line)})
		}
	})
}

// hook compiles the step's script once, as a function of the names in
// scope sc; every run shares the program. A source over hook_bytes or
// nesting deeper than hook_depth is an error before the parser sees it,
// and so is a regular expression that needs the backtracking engine.
// Syntax errors are reported at their position in the YAML or .js file.
func (c *compiler) hook(s *Step, scope *scope) *hook {
	sc := s.Script
	if sc == nil || sc.at == nil {
		return nil
	}
	h := &hook{Script: sc, name: sc.Pos.File, timeout: s.Timeout}
	if h.timeout == 0 {
		h.timeout = defaultHookTimeout
	}
	if len(sc.Src) > c.lim.HookBytes {
		c.errs = append(c.errs, &Error{Pos: sc.Pos, Step: s.ID, Code: CodeLimit,
			Err: overLimit("hook_bytes", c.lim.HookBytes, "hook of %d bytes", len(sc.Src))})
		return nil
	}
	if at := jsNesting(sc.Src, c.lim.HookDepth); at >= 0 {
		c.errs = append(c.errs, &Error{Pos: sc.PosAt(at), Step: s.ID, Code: CodeLimit,
			Err: overLimit("hook_depth", c.lim.HookDepth, "hook nests deeper than %d levels", c.lim.HookDepth)})
		return nil
	}
	for _, n := range scope.names() {
		if idRE.MatchString(n) && !jsReserved[n] {
			h.params = append(h.params, n)
		}
	}
	h.prefix = hookPrefix(h.params)
	tree, err := jsparser.ParseFile(nil, h.name, h.prefix+sc.Src+hookSuffix, 0, jsparser.WithDisableSourceMaps)
	if err == nil {
		if idx, rerr := refusedLiteral(tree); rerr != nil {
			p := tree.File.Position(int(idx) - tree.File.Base())
			c.errorf(h.pos(p.Line, p.Column), s.ID, CodeHook, "hook: %s", rerr)
			return nil
		}
		h.prog, err = goja.CompileAST(tree, true)
		names := mentions(tree, len(h.prefix), len(h.prefix)+len(sc.Src))
		for _, p := range h.params {
			h.used = append(h.used, names[p])
		}
	}
	if err == nil {
		return h
	}
	at, msg := sc.Pos, err.Error()
	var pl jsparser.ErrorList
	var ce *goja.CompilerSyntaxError
	switch {
	case errors.As(err, &pl) && len(pl) > 0:
		at, msg = h.pos(pl[0].Position.Line, pl[0].Position.Column), pl[0].Message
	case errors.As(err, &ce):
		msg = ce.Message
		if ce.File != nil {
			p := ce.File.Position(ce.Offset)
			at = h.pos(p.Line, p.Column)
		}
	}
	c.errorf(at, s.ID, CodeSyntax, "hook: syntax error: %s", msg)
	return nil
}

// mentions returns the names of the identifiers of prog from byte offset
// from to byte offset to: in a hook's wrapped source, the names that the
// hook's own source refers to. A hook compiles no code from strings (no
// eval, no Function, no with in strict code), so a scope name it does
// not mention is one it cannot read, and a call need not pass it.
func mentions(prog *ast.Program, from, to int) map[string]bool {
	names := map[string]bool{}
	base := prog.File.Base()
	walkAST(reflect.ValueOf(prog), func(n ast.Node) bool {
		if id, ok := n.(*ast.Identifier); ok {
			if at := int(id.Idx) - base; at >= from && at < to {
				names[id.Name.String()] = true
			}
		}
		return true
	})
	return names
}

// pos maps goja's 1-based line and byte column in the wrapped source to
// the position in the file.
func (h *hook) pos(line, col int) Pos {
	if line < 1 || col < 1 {
		return h.Pos
	}
	if line == 1 {
		col = max(col-len(h.prefix), 1)
	}
	lines := strings.Split(h.Src, "\n")
	if line > len(lines) {
		return h.PosAt(utf8.RuneCountInString(h.Src))
	}
	text := lines[line-1]
	col = min(col-1, len(text))
	return h.PosAt(lineColOffset(h.Src, line, utf8.RuneCountInString(text[:col])))
}

// hookFile is the not-found error of a file hook.
func hookFile(name string) error {
	return fmt.Errorf("hook file `%s` not found", name)
}
