package engine

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

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
// call. "paired" times both in turns, a block of calls of each an
// iteration in alternating order, and reports each side's time for one
// call (call-ns/op and reused-ns/op): the machine's load moves within
// seconds, and the two run one after the other read from 1.04 to 1.59 in
// one make bench.
func BenchmarkHookCall(b *testing.B) {
	env := benchScope(b)
	sides := [2]func() error{benchHookCall(b, env), benchReusedCall(b, env)}
	b.Run("call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := sides[0](); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reused", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := sides[1](); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("paired", func(b *testing.B) {
		var spent [2]time.Duration
		first := 0
		for b.Loop() {
			for k := range spent {
				side := (first + k) % 2
				start := time.Now()
				for range hookBlock {
					if err := sides[side](); err != nil {
						b.Fatal(err)
					}
				}
				spent[side] += time.Since(start)
			}
			first = 1 - first
		}
		calls := float64(b.N * hookBlock)
		b.ReportMetric(float64(spent[0].Nanoseconds())/calls, "call-ns/op")
		b.ReportMetric(float64(spent[1].Nanoseconds())/calls, "reused-ns/op")
	})
}

// hookBlock is how many calls of one side BenchmarkHookCall/paired makes
// in a row: about half a millisecond, short beside the machine's swings
// of load and long enough that each side runs with its own caches warm,
// as a run calling a hook per order would. Alternating single calls made
// the two sides read alike (1.02), since each spoilt the other's caches.
const hookBlock = 32

// benchHookCall returns one call of the benchmark's hook, compiled in a
// pipeline, with env as its scope.
func benchHookCall(b *testing.B, env map[string]any) func() error {
	b.Helper()
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
	return func() error {
		// run returns an *Error: a nil one must not become a non-nil error.
		if _, err := h.run(ctx, env, &budget{lim: prog.limits}, func(string) {}); err != nil {
			return err
		}
		return nil
	}
}

// benchReusedCall returns one call of the benchmark's JavaScript in a goja
// runtime made once, with env set in it once.
func benchReusedCall(b *testing.B, env map[string]any) func() error {
	b.Helper()
	vm := goja.New()
	prog := goja.MustCompile("bench.js", "(function(){"+benchHookSrc+"\n})", true)
	for name, v := range env {
		if err := vm.Set(name, v); err != nil {
			b.Fatal(err)
		}
	}
	return func() error {
		fn, err := vm.RunProgram(prog)
		if err != nil {
			return err
		}
		call, _ := goja.AssertFunction(fn)
		res, err := call(goja.Undefined())
		if err != nil {
			return err
		}
		_ = res.Export()
		return nil
	}
}
