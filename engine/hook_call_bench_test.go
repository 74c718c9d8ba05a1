package engine

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/dop251/goja"

	"github.com/sevenflow/sevenflow/pipelines"
)

// benchHookSrc is the hook BenchmarkHookCall calls: it reads a few values
// of a shop-sized scope and builds a small payload.
const benchHookSrc = "return { order_id: input.order_id, country: settings.warehouse.country, " +
	"lines: input.order_items.map(l => ({ sku: l.sku, qty: l.quantity })), n: steps.first.n };"

// benchScope returns the scope of a hook of a real run: the example
// shop's settings, a Swiss order and an earlier step's output.
func benchScope(b *testing.B) map[string]any {
	b.Helper()
	p, err := LoadFile("../shops/example.yaml", WithFS("pipelines", pipelines.FS))
	if err != nil {
		b.Fatal(err)
	}
	src, err := os.ReadFile("../testdata/orders/ch-basel.json")
	if err != nil {
		b.Fatal(err)
	}
	var input any
	if err := json.Unmarshal(src, &input); err != nil {
		b.Fatal(err)
	}
	return map[string]any{scopeInput: input, scopeSettings: p.Settings,
		scopeSteps: map[string]any{"first": map[string]any{"n": 1.0}}, scopeVars: map[string]any{}}
}

// BenchmarkHookCall measures one call of a hook with a shop-sized scope
// ("call"), against the same JavaScript in one goja runtime reused for
// every call with the scope set once ("reused"): the yardstick of a hook
// call.
func BenchmarkHookCall(b *testing.B) {
	env := benchScope(b)
	b.Run("call", func(b *testing.B) {
		p, err := Load("bench.yaml", []byte("pipeline: bench\nsteps:\n  - id: first\n    set: { n: 1 }\n  - id: payload\n    script: '"+benchHookSrc+"'\n"))
		if err != nil {
			b.Fatal(err)
		}
		prog, err := Compile(p, NewRegistry())
		if err != nil {
			b.Fatal(err)
		}
		h := prog.steps[1].hook
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.run(ctx, env, &budget{lim: prog.limits}, func(string) {}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reused", func(b *testing.B) {
		vm := goja.New()
		prog := goja.MustCompile("bench.js", "(function(){"+benchHookSrc+"\n})", true)
		for name, v := range env {
			if err := vm.Set(name, v); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			fn, err := vm.RunProgram(prog)
			if err != nil {
				b.Fatal(err)
			}
			call, _ := goja.AssertFunction(fn)
			res, err := call(goja.Undefined())
			if err != nil {
				b.Fatal(err)
			}
			_ = res.Export()
		}
	})
}
