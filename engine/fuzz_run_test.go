package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzLimits are the limits the fuzz targets run under: smaller than the
// defaults, so that each input ends quickly.
var fuzzLimits = Limits{MemoryBytes: 8 << 20, StringBytes: 64 << 10, Steps: 1000, Iterations: 1000,
	HookOutputBytes: 64 << 10}

// fuzzExpr returns src as an Expr of fuzz.yaml that starts at line 3,
// column 9, one segment per line.
func fuzzExpr(src string) *Expr {
	e := &Expr{Src: src, Pos: Pos{"fuzz.yaml", 3, 9}, file: "fuzz.yaml"}
	for i, line := range strings.Split(src, "\n") {
		col := 1
		if i == 0 {
			col = 9
		}
		e.segs = append(e.segs, segment{line: 3 + i, col: col, n: utf8.RuneCountInString(line)})
	}
	return e
}

// checkFuzzErr fails t if err, of Compile or Run, is not an *Error (or a
// list of them) with a position in fuzz.yaml, a code and a cause.
func checkFuzzErr(t *testing.T, src string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	errs := Errors(err)
	if len(errs) == 0 {
		t.Fatalf("%q: error is not an *Error: %v", src, err)
	}
	for _, e := range errs {
		if !e.Pos.IsValid() || e.Pos.Col < 1 || e.Pos.File != "fuzz.yaml" || e.Code == "" || errors.Unwrap(e) == nil {
			t.Fatalf("%q: error without a position, code or cause: %#v: %v", src, e.Pos, e)
		}
	}
}

// fuzzRun compiles a pipeline of the one step s and runs it on a small
// order under fuzzLimits, checking every error.
func fuzzRun(t *testing.T, src string, s *Step) {
	t.Helper()
	p := &Pipeline{Name: "fuzz", File: "fuzz.yaml", Pos: Pos{"fuzz.yaml", 1, 1}, Steps: []*Step{s}, Limits: fuzzLimits}
	prog, err := Compile(p, NewRegistry())
	checkFuzzErr(t, src, err)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	input := map[string]any{"order_id": "F-1", "items": []any{map[string]any{"sku": "A", "qty": 2.0}}, "n": 3.0}
	_, err = prog.Run(ctx, input)
	checkFuzzErr(t, src, err)
}

// FuzzExpr compiles and runs arbitrary expressions as the value of a set
// step, under small limits: no input panics, hangs or fails without a
// position. The seeds are in testdata/fuzz/FuzzExpr and below.
func FuzzExpr(f *testing.F) {
	for _, seed := range []string{
		`input.order_id + "-" + string(len(input.items))`, `map(input.items, #.qty * 2)`, `repeat(repeat("x", 999999), 999999)`,
		`reduce(1..100000, #acc + "xxxxxxxxxx", "")`, `join(map(1..1000, repeat("x", 1000)))`, `toJSON(map(1..300, map(1..300, 1)))`,
		strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100), strings.Repeat("!", 70) + "true", `let a = 1; let b = a + 1; a ?? b`,
		`input.n > 2 ? upper(trim(" x ")) : replace("aaa", "a", repeat("b", 70000))`, `flatten(map(1..2000, map(1..2000, 0)))`,
		`concat(1..99999, 1..99999)`, `"a" + 1`, `nope`, `input.items[0].sku`, "1 +\n  2", `now()`, `fromJSON("[[[[1]]]]")`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) || strings.ContainsRune(src, '\r') {
			return // a YAML scalar holds neither
		}
		s := &Step{ID: "x", Kind: KindSet, Pos: Pos{"fuzz.yaml", 3, 5}, KeyPos: map[string]Pos{},
			Set: []*Binding{{Name: "v", Pos: Pos{"fuzz.yaml", 3, 7}, Value: &Value{Pos: Pos{"fuzz.yaml", 3, 9}, Expr: fuzzExpr(src)}}}}
		fuzzRun(t, src, s)
	})
}

// FuzzHook compiles and runs arbitrary JavaScript as a hook, under small
// limits and a short time budget: no input panics, hangs or fails without
// a position. The seeds are in testdata/fuzz/FuzzHook and below.
func FuzzHook(f *testing.F) {
	for _, seed := range []string{
		`return { id: input.order_id, lines: input.items.map(l => l.sku) }`, `const a = []; a.length = 4294967295; return a`,
		`return new Array(2e8)`, `let a = [1]; for (let i = 0; i < 40; i++) a = [a, a]; return a`, `return 'x'.repeat(1e11)`,
		`let s = 'x'; for (;;) s += s;`, `while (true) {}`, `function f() { return f() } return f()`,
		`return /^(?=(a+)+$)/.test('a'.repeat(40) + 'b')`, `return new RegExp('(a)\\1').test('aa')`, `return JSON.stringify(input)`,
		`input.order_id = 1`, `return [...input.items, ...'abc']`, `return 2n ** 64n`, `return eval('1')`, `throw new Error('x')`,
		`return Object.keys(globalThis)`, `console.log(input, [1, {a: 2}]); return null`, `return ` + strings.Repeat("[", 70) + strings.Repeat("]", 70),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) || strings.ContainsRune(src, '\r') {
			return
		}
		at := fuzzExpr(src)
		s := &Step{ID: "x", Kind: KindScript, Pos: Pos{"fuzz.yaml", 3, 5}, KeyPos: map[string]Pos{}, Timeout: 100 * time.Millisecond,
			Script: &Script{Src: src, Pos: at.PosAt(0), at: at}}
		fuzzRun(t, src, s)
	})
}
