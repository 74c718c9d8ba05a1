package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// TestExprLimits compiles expressions that the limits of expressions
// stop before any parser sees them, with the whole error of each.
func TestExprLimits(t *testing.T) {
	tests := []struct{ name, expr, limits, want string }{
		{name: "too long", expr: "'" + strings.Repeat("x", 5000) + "'",
			want: "pipeline.yaml:3:15: step \"s\": expression of 5002 bytes: over the limit expr_bytes = 4 KiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "nested parens", expr: strings.Repeat("(", 2000) + "1" + strings.Repeat(")", 2000),
			want: "pipeline.yaml:3:80: step \"s\": expression nests deeper than 64 levels: over the limit expr_depth = 64 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "nested nots", expr: strings.Repeat("!", 3000) + "true",
			want: "pipeline.yaml:3:80: step \"s\": expression nests deeper than 64 levels: over the limit expr_depth = 64 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "nested minus", expr: strings.Repeat("-", 3000) + "1",
			want: "pipeline.yaml:3:80: step \"s\": expression nests deeper than 64 levels: over the limit expr_depth = 64 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "a raised depth", expr: strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100), limits: "expr_depth: 100"},
		{name: "a raised size", expr: "'" + strings.Repeat("x", 5000) + "'", limits: "expr_bytes: 8KiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf("pipeline: p\nlimits: { %s }\nsteps:\n  - set: { x: %q }\n    id: s\n", tc.limits, tc.expr)
			src = strings.Replace(src, "limits: {  }\n", "", 1)
			p, err := engine.Load("pipeline.yaml", []byte(src))
			if err == nil {
				_, err = engine.Compile(p, testRegistry(t))
			}
			if got := errText(err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestRunLimits runs pipelines that build too much, loop too often or
// take too large an input, with the whole error of each.
func TestRunLimits(t *testing.T) {
	doubling := "pipeline: p\nsteps:\n  - set: { s: \"'xxxxxxxx'\" }\n"
	for range 40 {
		doubling += "  - set: { s: vars.s + vars.s }\n"
	}
	nested := "pipeline: p\nsteps:\n"
	for i := range 10 {
		nested += fmt.Sprintf("%s- foreach: 1..10\n%s  as: i%d\n%s  steps:\n", strings.Repeat("    ", i), strings.Repeat("    ", i), i, strings.Repeat("    ", i))
	}
	nested += strings.Repeat("    ", 10) + "- set: { x: 1 }\n"
	deep := any("x")
	for range 100 {
		deep = []any{deep}
	}
	tests := []struct {
		name, src string
		input     any
		want      string
	}{
		{name: "repeat of a repeat", src: "pipeline: p\nsteps:\n  - set: { s: 'repeat(repeat(\"x\", 999999), 999999)' }\n",
			want: "pipeline.yaml:3:16: step \"set\": eval `repeat(repeat(\"x\", 999999), 999999)`: repeat would build a string of more than 1048576 bytes: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "doubling across set steps", src: doubling,
			want: "pipeline.yaml:21:22: step \"set_19\": eval `vars.s + vars.s`: + would build a string of 2097152 bytes: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "reduce with concatenation", src: "pipeline: p\nsteps:\n  - set: { s: 'reduce(1..100000, #acc + \"xxxxxxxxxx\", \"\")' }\n",
			want: "pipeline.yaml:3:39: step \"set\": eval `reduce(1..100000, #acc + \"xxxxxxxxxx\", \"\")`: the run built more than 64 MiB: over the limit memory_bytes = 64 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "join of shared strings", src: "pipeline: p\nsteps:\n  - set: { s: 'join(map(1..1000, repeat(\"x\", 100000)))' }\n",
			want: "pipeline.yaml:3:34: step \"set\": eval `join(map(1..1000, repeat(\"x\", 100000)))`: the run built more than 64 MiB: over the limit memory_bytes = 64 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "toJSON of shared lists", src: "pipeline: p\nsteps:\n  - set: { s: 'let a = map(1..1000, 1); toJSON(map(1..1000, a))' }\n",
			want: "pipeline.yaml:3:41: step \"set\": eval `let a = map(1..1000, 1); toJSON(map(1..1000, a))`: toJSON would build a string of more than 1048576 bytes: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "replace", src: "pipeline: p\nsteps:\n  - set: { s: 'replace(repeat(\"x\", 1000), \"x\", repeat(\"y\", 2000))' }\n",
			want: "pipeline.yaml:3:16: step \"set\": eval `replace(repeat(\"x\", 1000), \"x\", repeat(\"y\", 2000))`: replace would build a string of more than 1048576 bytes: over the limit string_bytes = 1 MiB (raise it under `limits:` in the pipeline) [limit]"},
		{name: "nested foreach", src: nested,
			want: "pipeline.yaml:30:48: step \"foreach_10\": foreach over 10 items after 10000 iterations: over the limit iterations = 10000 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "foreach over a long list", src: "pipeline: p\nsteps:\n  - foreach: input\n    steps: [{ set: { x: 1 } }]\n", input: make([]any, 20000),
			want: "pipeline.yaml:3:14: step \"foreach\": foreach over 20000 items after 0 iterations: over the limit iterations = 10000 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "steps", src: "pipeline: p\nlimits: { steps: 5 }\nsteps:\n  - foreach: 1..10\n    steps: [{ set: { x: 1 } }]\n",
			want: "pipeline.yaml:5:13: step \"set\": the run started more than 5 steps: over the limit steps = 5 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "input depth", src: "pipeline: p\nsteps: []\n", input: deep,
			want: "pipeline.yaml:1:1: input nests deeper than 64 levels: over the limit input_depth = 64 (raise it under `limits:` in the pipeline) [input]"},
		{name: "input size", src: "pipeline: p\nlimits: { input_bytes: 1KiB }\nsteps: []\n", input: map[string]any{"a": strings.Repeat("x", 2000)},
			want: "pipeline.yaml:1:1: input of more than 1 KiB: over the limit input_bytes = 1 KiB (raise it under `limits:` in the pipeline) [input]"},
		{name: "within the limits", src: "pipeline: p\nsteps:\n  - set: { s: 'repeat(\"x\", 1000) + join(map(1..10, \"y\"))' }\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prog := compileHook(t, tc.src)
			_, err := prog.Run(context.Background(), tc.input)
			if got := errText(err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestGuardedPlusTypes compiles sums that the guarded + replaces: types
// the checker knew before stay known, and type errors stay errors.
func TestGuardedPlusTypes(t *testing.T) {
	tests := []struct{ name, expr, want string }{
		{name: "unknown operands", expr: `convert_weight(input.a + input.b, "g", "kg")`},
		{name: "strings stay strings", expr: `upper("a" + "b") == "AB"`},
		{name: "string and number", expr: `"a" + 1`,
			want: `pipeline.yaml:3:22: step "set": invalid operation: + (mismatched types string and int) [type]`},
		{name: "string compared to a number", expr: `"a" + "b" > 1`,
			want: `pipeline.yaml:3:30: step "set": invalid operation: > (mismatched types string and int) [type]`},
		{name: "unknown name inside", expr: `"a" + nope`,
			want: "pipeline.yaml:3:24: step \"set\": unknown name `nope` [unknown_name]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := engine.Load("pipeline.yaml", []byte(fmt.Sprintf("pipeline: p\nsteps:\n  - set: { x: %q }\n", tc.expr)))
			if err == nil {
				_, err = engine.Compile(p, testRegistry(t))
			}
			if got := errText(err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
