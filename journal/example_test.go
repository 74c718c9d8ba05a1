package journal_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/journal"
)

// A pipeline run twice for the same order through a journal: the second
// run does not call the create again, and its step ends as exists with
// the first run's result.
func Example() {
	dir, _ := os.MkdirTemp("", "journal-example-")
	defer os.RemoveAll(dir)
	j, err := journal.Open(filepath.Join(dir, "batch.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer j.Close()

	sent := 0
	reg := engine.NewRegistry()
	_ = reg.AddCall("shop.create_parcel", engine.BuiltinFunc(func(context.Context, map[string]any) (any, error) {
		sent++
		return map[string]any{"id": float64(sent)}, nil
	}))
	p, _ := engine.Load("p.yaml", []byte("pipeline: p\nsteps:\n  - id: parcel\n    call: shop.create_parcel\n    with: { order: input.order_id }\n"))
	prog, _ := engine.Compile(p, reg)

	ctx := context.Background()
	for range 2 {
		run, _ := j.StartRun(ctx, journal.RunInfo{Pipeline: "p", Input: "orders.ndjson", Target: "sim"})
		order, _ := run.StartOrder(ctx, "ORD-1", "orders.ndjson:1")
		tr, _ := prog.Run(ctx, map[string]any{"order_id": "ORD-1"}, engine.WithCallInterceptor(order.Interceptor()))
		for _, e := range tr.Events {
			if end, ok := e.(engine.StepEnd); ok {
				fmt.Printf("run %d: %s %s %v\n", run.ID, end.Step, end.Status, end.Output)
			}
		}
		_ = order.Finish(ctx, journal.StatusOK, nil)
		_ = run.Finish(ctx, journal.StatusDone, "1 order")
	}
	fmt.Println("sent:", sent)
	// Output:
	// run 1: parcel ok map[id:1]
	// run 2: parcel exists map[id:1]
	// sent: 1
}
