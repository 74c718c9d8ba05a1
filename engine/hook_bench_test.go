package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
)

// benchHookJS is the hook BenchmarkHookShopScope runs: it reads a few
// values of a shop-sized scope and builds a small payload.
const benchHookJS = "return { order_id: input.order_id, country: settings.warehouse.country, " +
	"lines: input.order_items.map(l => ({ sku: l.sku, qty: l.quantity })), n: steps.first.n };"

// shopScope returns the example shop's settings and a Swiss order: the
// scope a hook of a real run sees.
func shopScope(b *testing.B) (settings map[string]any, input any) {
	b.Helper()
	p, err := engine.LoadFile("../shops/example.yaml", engine.WithFS("pipelines", pipelines.FS))
	if err != nil {
		b.Fatal(err)
	}
	src, err := os.ReadFile("../testdata/orders/ch-basel.json")
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(src, &input); err != nil {
		b.Fatal(err)
	}
	return p.Settings, input
}

// BenchmarkHookShopScope measures a run with a hook and a shop-sized
// scope: "run" is a run of a pipeline of a set step and the hook,
// "baseline" the same run with a set step in place of the hook; the
// difference is what the hook costs a run.
func BenchmarkHookShopScope(b *testing.B) {
	settings, input := shopScope(b)
	const head = "pipeline: bench\nsteps:\n  - id: first\n    set: { n: 1 }\n"
	for _, tc := range []struct{ name, step string }{
		{"run", "  - id: payload\n    script: |\n      " + benchHookJS + "\n"},
		{"baseline", "  - id: payload\n    set: { order_id: input.order_id }\n"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			prog := compileHook(b, head+tc.step)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := prog.Run(context.Background(), input, engine.WithSettings(settings)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
