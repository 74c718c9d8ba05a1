package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/sevenflow/sevenflow/internal/perf"
)

// rssRun is one measurement of measureRSS: a result's name, the orders
// and whether the target is a `sevenflow sim` process.
type rssRun struct {
	name   string
	orders int
	sim    bool
}

// measureRSS records the peak RSS (peak-RSS-bytes) of `sevenflow run
// shops/example.yaml --input FILE --format json` on NDJSON files of
// orders/10 and of orders orders:
//
//   - RSS/tenth and RSS/all, the budget: against a fresh `sevenflow sim`
//     in a process of its own (--target URL, --rate 0 so that the rate
//     limit does not stretch the run), so that the figure is the run's
//     own memory, which must not grow with its input.
//   - RSS/in-process/tenth and RSS/in-process/all, without a budget:
//     with the default target, the simulator in the run's process, whose
//     store keeps every order, shipment and label shipped. Its memory
//     grows with the orders as a real API's database would, and is the
//     simulator's, not the run's; it is recorded so that the growth of a
//     merchant's trial run on the default target shows.
//
// Both keep the preflight on, as a merchant runs the command.
func measureRSS(ctx context.Context, orders int, results map[string]*result, progress io.Writer) error {
	dir, err := os.MkdirTemp("", "sevenflow-rss-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "sevenflow")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/sevenflow").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	tenth := max(orders/10, 1)
	for _, r := range []rssRun{
		{"RSS/tenth", tenth, true}, {"RSS/all", orders, true},
		{"RSS/in-process/tenth", tenth, false}, {"RSS/in-process/all", orders, false},
	} {
		file := filepath.Join(dir, fmt.Sprintf("orders-%d.ndjson", r.orders))
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			if err := writeOrders(file, r.orders); err != nil {
				return err
			}
		}
		rss, err := peakRSS(ctx, bin, file, r, progress)
		if err != nil {
			return err
		}
		res := &result{}
		res.add("peak-RSS-bytes", float64(rss))
		results[r.name] = res
	}
	return nil
}

// peakRSS runs `sevenflow run` (bin) on the orders of file as r says,
// and returns the peak RSS of its process in bytes.
func peakRSS(ctx context.Context, bin, file string, r rssRun, progress io.Writer) (int64, error) {
	args := []string{"run", "shops/example.yaml", "--input", file, "--format", "json"}
	target := "the in-process simulator"
	if r.sim {
		origin, stop, err := perf.StartSim(ctx, bin)
		if err != nil {
			return 0, err
		}
		defer stop()
		args = append(args, "--target", origin, "--rate", "0")
		target = "sevenflow sim"
	}
	fmt.Fprintf(progress, "benchcheck: rss: sevenflow run on %d orders against %s\n", r.orders, target)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("sevenflow run on %d orders against %s: %w\n%s", r.orders, target, err, stderr.Bytes())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, errors.New("no resource usage of sevenflow run")
	}
	return ru.Maxrss * 1024, nil // Linux reports KiB
}

// writeOrders writes n distinct orders as NDJSON: the CH order of
// testdata/orders with ids ORD-CH-2001-N.
func writeOrders(file string, n int) error {
	data, err := os.ReadFile(filepath.Join("testdata", "orders", "ch-basel.json"))
	if err != nil {
		return err
	}
	var o map[string]any
	if err := json.Unmarshal(data, &o); err != nil {
		return fmt.Errorf("testdata/orders/ch-basel.json: %w", err)
	}
	id := o["order_id"]
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i := range n {
		o["order_id"] = fmt.Sprintf("%s-%d", id, i)
		if err := enc.Encode(o); err != nil {
			return err
		}
	}
	return os.WriteFile(file, b.Bytes(), 0o644)
}
