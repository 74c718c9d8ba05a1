package engine_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// hookPipeline is a pipeline of one hook step with src as its source, as
// a block scalar from line 6, column 7. Its time budget is long: the
// hooks that go over a limit stop at the limit, not at the budget (the
// endless loop sets its own in limits, a `timeout: ...` line).
func hookPipeline(src, limits string) string {
	timeout := "20s"
	if t, ok := strings.CutPrefix(limits, "timeout: "); ok {
		timeout, limits = t, ""
	}
	var b strings.Builder
	b.WriteString("pipeline: h\nsteps:\n  - id: h\n    timeout: " + timeout + "\n    script: |\n")
	for _, line := range strings.Split(src, "\n") {
		b.WriteString("      " + line + "\n")
	}
	if limits != "" {
		b.WriteString("limits: { " + limits + " }\n")
	}
	return b.String()
}

// TestHookLimits runs hooks that build too much, nest too deeply or
// would not stop, and hooks that the hardened runtime refuses, with the
// whole error of each: each ends well inside its time budget.
func TestHookLimits(t *testing.T) {
	tests := []struct{ name, src, limits, want string }{
		{name: "array length set", src: "const a = []; a.length = 4294967295;\nreturn a",
			want: "pipeline.yaml:6:7: step \"h\": hook: return: array of 4294967295 elements: over the limit hook_output_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "new Array", src: "return new Array(2e8)",
			want: "pipeline.yaml:6:7: step \"h\": hook: return: array of 200000000 elements: over the limit hook_output_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "DAG of 2^40 leaves", src: "let a = [1];\nfor (let i = 0; i < 40; i++) a = [a, a];\nreturn a",
			want: "pipeline.yaml:6:7: step \"h\": hook: return: value of more than 1 MiB: over the limit hook_output_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "100000 deep", src: "let a = [];\nfor (let i = 0; i < 100000; i++) a = [a];\nreturn a",
			want: "pipeline.yaml:6:7: step \"h\": hook: return: value nests deeper than 64 levels: over the limit hook_output_depth = 64 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "repeat", src: "return 'x'.repeat(1e11)",
			want: "pipeline.yaml:6:24: step \"h\": hook: repeat would build a string of 100000000000 characters: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "padEnd", src: "return ''.padEnd(1e9, 'ab')",
			want: "pipeline.yaml:6:23: step \"h\": hook: padEnd would build a string of 1000000000 characters: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "join of shared strings", src: "const s = 'x'.repeat(1e6);\nreturn new Array(1000).fill(s).join('')",
			want: "pipeline.yaml:7:42: step \"h\": hook: join would build a string of more than 1048576 characters: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "fill", src: "return new Array(2e7).fill(0).length",
			want: "pipeline.yaml:6:33: step \"h\": hook: an array of 20000000 elements (16 bytes each): over the limit memory_bytes = 64 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "spread", src: "const a = []; a.length = 4294967295;\nreturn [...a].length",
			want: "pipeline.yaml:7:18: step \"h\": hook: an array of 4294967295 elements (16 bytes each): over the limit memory_bytes = 64 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "apply", src: "return Math.max.apply(null, {length: 1e9})",
			want: "pipeline.yaml:6:28: step \"h\": hook: arguments of 1000000000 elements (16 bytes each): over the limit memory_bytes = 64 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "stringify a DAG", src: "let a = [1];\nfor (let i = 0; i < 40; i++) a = [a, a];\nreturn JSON.stringify(a).length",
			want: "pipeline.yaml:8:28: step \"h\": hook: JSON.stringify would build a string of more than 1048576 characters: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "string doubling", src: "let s = 'x';\nfor (;;) s += s;",
			want: "pipeline.yaml:6:7: step \"h\": hook: the heap grew by more than 64 MiB while the hook ran: over the limit memory_bytes = 64 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "endless loop", src: "while (true) {}", limits: "timeout: 100ms",
			want: "pipeline.yaml:6:7: step \"h\": hook exceeded its time budget of 100ms [hook_timeout]"},
		{name: "deep recursion", src: "function f() { return f() }\nreturn f()",
			want: "pipeline.yaml:6:30: step \"h\": hook exceeded its stack depth limit of 1000 calls [hook]"},
		{name: "lookahead built at run time", src: "return new RegExp('^(?=(a+)+$)').test('a'.repeat(40) + 'b')",
			want: "pipeline.yaml:6:14: step \"h\": hook: regular expression /^(?=(a+)+$)/ needs the backtracking engine, which no time budget can stop: write it without lookaround, back-references and repeat counts over 1000 [hook]"},
		{name: "lookahead as a string", src: "return 'aaa'.match('(?=a)b')",
			want: "pipeline.yaml:6:25: step \"h\": hook: regular expression /(?=a)b/ needs the backtracking engine, which no time budget can stop: write it without lookaround, back-references and repeat counts over 1000 [hook]"},
		{name: "typed arrays", src: "return new Uint8Array(1e9).length",
			want: "pipeline.yaml:6:18: step \"h\": hook: ReferenceError: Uint8Array is not defined [hook]"},
		{name: "no eval", src: "return eval('1')",
			want: "pipeline.yaml:6:18: step \"h\": hook: ReferenceError: eval is not defined [hook]"},
		{name: "no Function", src: "return (function () {}).constructor('return 1')()",
			want: "pipeline.yaml:6:42: step \"h\": hook: EvalError: hooks cannot compile code from strings [hook]"},
		{name: "no new globals", src: "globalThis.cache = 1",
			want: "pipeline.yaml:6:18: step \"h\": hook: TypeError: Cannot add property cache, object is not extensible [hook]"},
		{name: "no changed builtins", src: "Array.prototype.map = null",
			want: "pipeline.yaml:6:23: step \"h\": hook: TypeError: Cannot assign to read only property 'map' [hook]"},
		{name: "a limit raised", src: "return 'x'.repeat(2e6).length", limits: "string_bytes: 4MiB"},
		{name: "linear regular expressions", src: "return /^(a+)+$/.test('a'.repeat(40) + 'b') || 'a1b2'.replace(/\\d/g, '#') !== 'a#b#'"},
		{name: "assigning over a frozen prototype", src: "const e = new Error('x'); e.name = 'MyError';\nconst o = {}; o.toString = () => 'o';\nif (e.name !== 'MyError' || String(o) !== 'o') throw new Error('not assigned')"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prog := compileHook(t, hookPipeline(tc.src, tc.limits))
			_, err := prog.Run(context.Background(), nil)
			if got := errText(err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestHookCompileLimits compiles hooks that Compile refuses, with the
// whole error of each.
func TestHookCompileLimits(t *testing.T) {
	tests := []struct{ name, src, limits, want string }{
		{name: "too large", src: "return 1 // " + strings.Repeat("x", 70000),
			want: "pipeline.yaml:6:7: step \"h\": hook of 70013 bytes: over the limit hook_bytes = 64 KiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "too deep", src: "return " + strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100),
			want: "pipeline.yaml:6:78: step \"h\": hook nests deeper than 64 levels: over the limit hook_depth = 64 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "deep unary", src: "return " + strings.Repeat("!", 60000) + "1",
			want: "pipeline.yaml:6:78: step \"h\": hook nests deeper than 64 levels: over the limit hook_depth = 64 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "a raised depth", src: "return " + strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100), limits: "hook_depth: 200"},
		{name: "lookahead", src: "const s = 'a'.repeat(40) + 'b';\nreturn /^(?=(a+)+$)/.test(s)",
			want: "pipeline.yaml:7:14: step \"h\": hook: regular expression /^(?=(a+)+$)/ needs the backtracking engine, which no time budget can stop: write it without lookaround, back-references and repeat counts over 1000 [hook]"},
		{name: "back-reference", src: "return /(a)\\1/.test('aa')",
			want: "pipeline.yaml:6:14: step \"h\": hook: regular expression /(a)\\1/ needs the backtracking engine, which no time budget can stop: write it without lookaround, back-references and repeat counts over 1000 [hook]"},
		{name: "bigint", src: "return 2n ** (2n ** 40n)",
			want: "pipeline.yaml:6:14: step \"h\": hook: BigInt 2n: hooks have no BigInt, whose arithmetic has no bound [hook]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := engine.Load("pipeline.yaml", []byte(hookPipeline(tc.src, tc.limits)))
			if err == nil {
				_, err = engine.Compile(p, testRegistry(t))
			}
			if got := errText(err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestHookCallsShareNothing runs a hook that tries to leave state behind
// many times on one Program: no run sees another's, and the scope is read
// fresh in each.
func TestHookCallsShareNothing(t *testing.T) {
	prog := compileHook(t, hookPipeline(`const seen = [];
for (const f of [() => { globalThis.n = 1 }, () => { Object.prototype.n = 1 }, () => { Array.prototype.at = null },
                 () => { JSON.n = 1 }, () => { Object.getPrototypeOf(function* () {}).n = 1 },
                 () => { Object.getPrototypeOf([][Symbol.iterator]()).n = 1 }, () => { console.log = null },
                 () => { new WeakMap().set(Object.prototype, 1) }, () => { new WeakSet().add(input) }]) {
  try { f(); } catch (e) { seen.push(e.name); }
}
return { seen, n: typeof n, input: input.i }`, ""))
	want := map[string]any{"seen": []any{"TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "ReferenceError", "ReferenceError"}, "n": "undefined"}
	for i := range 20 {
		trace, err := prog.Run(context.Background(), map[string]any{"i": float64(i)})
		if err != nil {
			t.Fatal(err)
		}
		want["input"] = float64(i)
		if got := trace.Steps["h"]; !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: %v, want %v", i, got, want)
		}
	}
}

// TestHookMentions reads the scope through every way a hook's source can
// name it: the hook is passed the scope names its source mentions, and
// only those.
func TestHookMentions(t *testing.T) {
	tests := []struct {
		name, src string
		want      any
	}{
		{name: "escaped", src: `return \u0069nput.a`, want: 1.0},
		{name: "shorthand", src: "return {input}.input.a", want: 1.0},
		{name: "destructured", src: "const {a} = input;\nreturn a", want: 1.0},
		{name: "typeof", src: "return typeof vars", want: "object"},
		{name: "in a template", src: "return `${input.a}`", want: "1"},
		{name: "in a nested function", src: "const f = () => () => input.a;\nreturn f()()", want: 1.0},
		{name: "only as a property name", src: "const o = {input: 2};\nreturn o.input", want: 2.0},
		{name: "none", src: "return 3", want: 3.0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prog := compileHook(t, hookPipeline(tc.src, ""))
			trace, err := prog.Run(context.Background(), map[string]any{"a": 1.0})
			if err != nil {
				t.Fatal(err)
			}
			if got := trace.Steps["h"]; got != tc.want {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestHookViewsShareNothing runs a hook that tries to change the
// prototypes of the views of the scope, many times on one Program: the
// views, frozen to JavaScript, refuse it every way there is (a TypeError,
// or false from Reflect), and a runtime that reuses its views for later
// calls shows no call what another tried to set. The hook's own objects
// take a new prototype as usual.
func TestHookViewsShareNothing(t *testing.T) {
	prog := compileHook(t, hookPipeline(`const all = [input, input.a, input.l, input.l[0]];
const seen = all.map(o => o.leak);
const refused = [];
for (const o of all) {
	try { Object.setPrototypeOf(o, {leak: input.i}); refused.push(false); } catch (e) { refused.push(e instanceof TypeError); }
	refused.push(!Reflect.setPrototypeOf(o, {leak: input.i}));
	try { o.__proto__ = {leak: input.i}; refused.push(false); } catch (e) { refused.push(e instanceof TypeError); }
	Object.setPrototypeOf(o, Object.getPrototypeOf(o)); // the same prototype: allowed
}
const own = {}, lit = {};
Object.setPrototypeOf(own, {x: 1});
lit.__proto__ = {y: 2};
return [seen, refused.every(r => r), all.map(o => o.leak), own.x + lit.y]`, ""))
	for i := range 40 {
		input := map[string]any{"i": float64(i), "a": map[string]any{"b": 1.0}, "l": []any{map[string]any{}, 1.0}}
		trace, err := prog.Run(context.Background(), input)
		if err != nil {
			t.Fatal(err)
		}
		none := []any{nil, nil, nil, nil}
		if got, want := trace.Steps["h"], []any{none, true, none, 3.0}; !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: %v, want %v", i, got, want)
		}
	}
}
