package engine_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sevenflow/sevenflow/engine"
)

// compileHook loads and compiles src as pipeline.yaml.
func compileHook(tb testing.TB, src string, opts ...engine.LoadOption) *engine.Program {
	tb.Helper()
	p, err := engine.Load("pipeline.yaml", []byte(src), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return prog
}

// TestHookTimeoutKeepsProcessHealthy runs an endless loop past its budget,
// then the same Program again: the second run works.
func TestHookTimeoutKeepsProcessHealthy(t *testing.T) {
	prog := compileHook(t, `pipeline: spin
steps:
  - id: spin
    timeout: 50ms
    script: |
      while (input.spin) {}
      return "done"
`)
	start := time.Now()
	_, err := prog.Run(context.Background(), map[string]any{"spin": true})
	if got, want := errText(err), `pipeline.yaml:6:7: step "spin": hook exceeded its time budget of 50ms [hook_timeout]`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the run took %s", d)
	}
	trace, err := prog.Run(context.Background(), map[string]any{"spin": false})
	if err != nil {
		t.Fatal(err)
	}
	if got := trace.Steps["spin"]; got != "done" {
		t.Errorf("second run: spin = %v", got)
	}
}

// TestHookCanceled stops an endless hook when the run's context ends.
func TestHookCanceled(t *testing.T) {
	prog := compileHook(t, "pipeline: c\nsteps:\n  - script: 'for (;;) {}'\n    timeout: 30s\n")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := prog.Run(ctx, nil)
	if got, want := errText(err), `pipeline.yaml:3:14: step "script": hook: context deadline exceeded [canceled]`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// TestHookReadOnly checks that nothing a hook does changes the run's
// input, steps or vars, even where a write does not throw.
func TestHookReadOnly(t *testing.T) {
	prog := compileHook(t, `pipeline: ro
steps:
  - set: { n: 1 }
  - id: touch
    script: |
      for (const f of [() => { input.a.b = 2 }, () => { delete input.a }, () => { vars.n = 2 },
                       () => { input.list.push(3) }, () => { settings.s = 1 }, () => { input = {} }]) {
        try { f(); } catch (e) { console.log(e.name); }
      }
      const copy = JSON.parse(JSON.stringify(input));
      copy.a.b = 3;
      return copy;
`)
	input := map[string]any{"a": map[string]any{"b": 1.0}, "list": []any{1.0, 2.0}}
	want, _ := json.Marshal(input)
	trace, err := prog.Run(context.Background(), input)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(input); string(got) != string(want) {
		t.Errorf("input changed: %s", got)
	}
	if got := trace.Vars["n"]; got != 1 {
		t.Errorf("vars.n = %v", got)
	}
	var logs []string
	for _, e := range trace.Events {
		if l, ok := e.(engine.Log); ok {
			logs = append(logs, l.Message)
		}
	}
	if want := []string{"TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "TypeError"}; !reflect.DeepEqual(logs, want) {
		t.Errorf("logs = %q, want %q", logs, want)
	}
	if got := trace.Steps["touch"]; !reflect.DeepEqual(got, map[string]any{"a": map[string]any{"b": 3.0}, "list": []any{1.0, 2.0}}) {
		t.Errorf("touch = %v", got)
	}
}

// TestHookValues checks what a hook may return and read, with the whole
// error text of each failure.
func TestHookValues(t *testing.T) {
	tests := []struct {
		name, script string
		want         any
		err          string
	}{
		{name: "object", script: "return {a: [1, 'x', true, null]}", want: map[string]any{"a": []any{1.0, "x", true, nil}}},
		{name: "struct", script: "return steps.typed", want: map[string]any{"order_id": "O-1", "weight_kg": 1.5}},
		{name: "struct read twice", script: "return steps.typed === steps.typed", want: true},
		{name: "function", script: "return {f() {}}", err: `pipeline.yaml:5:41: step "hook": hook: return: cannot return a function [hook]`},
		{name: "cycle", script: "const o = {}; o.o = o; return o", err: "pipeline.yaml:5:41: step \"hook\": hook: return: value nests deeper than 64 levels: over the limit hook_output_depth = 64 (raise it under `limits:` in the pipeline) [limit]"},
		{name: "symbol", script: "return Symbol('s')", err: `pipeline.yaml:5:41: step "hook": hook: return: cannot return a symbol [hook]`},
		{name: "throw", script: "throw 'boom'", err: `pipeline.yaml:5:41: step "hook": hook: boom [hook]`},
		{name: "getter", script: "return {get x() { for (;;) {} }}", err: `pipeline.yaml:5:41: step "hook": hook exceeded its time budget of 50ms [hook_timeout]`},
		{name: "no eval of files", script: "return typeof readFile + typeof load + typeof console.log", want: "undefinedundefinedfunction"},
		{name: "the wrapper's return called", script: "$sevenflowReturn({a: 1}); $sevenflowReturn(() => 1); return 2", want: 2.0},
		{name: "the wrapper's return replaced", script: "$sevenflowReturn = () => 1; return 2", err: `pipeline.yaml:5:41: step "hook": hook: TypeError: Assignment to constant variable. [hook]`},
		{name: "the wrapper's return shadowed", script: "const $sevenflowReturn = () => 1; return 2", want: 2.0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := testRegistry(t)
			if err := reg.AddCall("test.typed", engine.BuiltinFunc(func(context.Context, map[string]any) (any, error) {
				return struct {
					OrderID string  `json:"order_id"`
					Weight  float64 `json:"weight_kg"`
				}{"O-1", 1.5}, nil
			})); err != nil {
				t.Fatal(err)
			}
			src := "pipeline: v\nsteps:\n  - id: typed\n    call: test.typed\n  - { id: hook, timeout: 50ms, script: \"" + tc.script + "\" }\n"
			p, err := engine.Load("pipeline.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			prog, err := engine.Compile(p, reg)
			if err != nil {
				t.Fatal(err)
			}
			trace, err := prog.Run(context.Background(), nil)
			if got := errText(err); got != tc.err {
				t.Fatalf("error\ngot  %s\nwant %s", got, tc.err)
			}
			if got := trace.Steps["hook"]; err == nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestHookFileFromFS runs a shipped pipeline whose hook file is in the
// same fs.FS, as the CLI's embedded pipelines are.
func TestHookFileFromFS(t *testing.T) {
	shipped := fstest.MapFS{
		"standard.yaml":       {Data: []byte("pipeline: standard\nsteps:\n  - id: payload\n    call: test.echo\n    script: hooks/payload.js\n")},
		"hooks/payload.js":    {Data: []byte("return {order_id: input.order_id, shop: settings.shop};\n")},
		"hooks/unrelated.yml": {Data: []byte("x: 1\n")},
	}
	prog := compileHook(t, "pipeline: shop\nextends: standard\nsettings: { shop: alpine }\n", engine.WithFS("pipelines", shipped))
	trace, err := prog.Run(context.Background(), map[string]any{"order_id": "O-7"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := trace.Steps["payload"], map[string]any{"order_id": "O-7", "shop": "alpine"}; !reflect.DeepEqual(got, want) {
		t.Errorf("payload = %v, want %v", got, want)
	}
	for _, e := range trace.Events {
		if h, ok := e.(engine.Hook); ok && h.Pos.String() != "pipelines/hooks/payload.js:1:1" {
			t.Errorf("hook at %s", h.Pos)
		}
	}
}

// TestHookConcurrentRuns shares one Program between goroutines (run with
// -race).
func TestHookConcurrentRuns(t *testing.T) {
	prog := compileHook(t, "pipeline: c\nsteps:\n  - id: sum\n    script: 'return input.reduce((a, b) => a + b, 0)'\n")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			trace, err := prog.Run(context.Background(), []any{float64(i), 1.0})
			if err != nil || trace.Steps["sum"] != float64(i+1) {
				t.Errorf("run %d: %v %v", i, trace.Steps["sum"], err)
			}
		})
	}
	wg.Wait()
}

// BenchmarkHook runs a compiled hook: a fresh runtime per run, one shared
// program.
func BenchmarkHook(b *testing.B) {
	prog := compileHook(b, `pipeline: bench
steps:
  - id: payload
    call: test.echo
    script: |
      return { order_id: input.order_id, lines: input.order_items.map(l => ({ sku: l.sku, qty: l.quantity })) };
`)
	input := map[string]any{"order_id": "O-1", "order_items": []any{
		map[string]any{"sku": "A", "quantity": 1.0}, map[string]any{"sku": "B", "quantity": 2.0},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prog.Run(context.Background(), input); err != nil {
			b.Fatal(err)
		}
	}
}

// errText is err with its code, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var code string
	if es := engine.Errors(err); len(es) == 1 {
		code = " [" + es[0].Code + "]"
	}
	return err.Error() + code
}

// TestHookArgsUnchecked compiles a hook that builds the arguments of a
// builtin that checks its keys: they are known only when it runs.
func TestHookArgsUnchecked(t *testing.T) {
	prog := compileHook(t, "pipeline: s\nsteps:\n  - id: n\n    call: test.strict\n    script: 'return {a: 1, b: 2}'\n")
	trace, err := prog.Run(context.Background(), nil)
	if err != nil || trace.Steps["n"] != 2 {
		t.Fatalf("n = %v, %v", trace.Steps["n"], err)
	}
}

// TestHookViewIdentity reads the same maps and lists of the scope twice,
// in objects wide enough that their views are found by a map: each read
// gives the same object.
func TestHookViewIdentity(t *testing.T) {
	prog := compileHook(t, "pipeline: id\nsteps:\n  - id: same\n    script: |\n"+
		"      const keys = Object.keys(input.wide);\n"+
		"      const first = keys.map(k => input.wide[k]);\n"+
		"      return keys.every((k, i) => input.wide[k] === first[i] && input.wide[k].list === first[i].list &&\n"+
		"        input.wide[k].list[0] === first[i].list[0]) && input.wide.k3.n;\n")
	wide := map[string]any{}
	for i := range 20 {
		wide["k"+strconv.Itoa(i)] = map[string]any{"n": float64(i), "list": []any{map[string]any{}, 1.0}}
	}
	trace, err := prog.Run(context.Background(), map[string]any{"wide": wide})
	if err != nil {
		t.Fatal(err)
	}
	if got := trace.Steps["same"]; got != 3.0 {
		t.Errorf("same = %v, want 3", got)
	}
}
