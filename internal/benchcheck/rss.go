package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// measureRSS runs `sevenflow run shops/example.yaml --format json` on
// NDJSON files of orders/10 and of orders orders, and records the peak
// RSS of each process as RSS/tenth and RSS/all (peak-RSS-bytes).
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
	for _, c := range []struct {
		name string
		n    int
	}{{"RSS/tenth", max(orders/10, 1)}, {"RSS/all", orders}} {
		file := filepath.Join(dir, fmt.Sprintf("orders-%d.ndjson", c.n))
		if err := writeOrders(file, c.n); err != nil {
			return err
		}
		fmt.Fprintf(progress, "benchcheck: rss: sevenflow run on %d orders\n", c.n)
		cmd := exec.CommandContext(ctx, bin, "run", "shops/example.yaml", "--input", file, "--format", "json")
		cmd.Stdout = io.Discard
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("sevenflow run on %d orders: %w\n%s", c.n, err, stderr.Bytes())
		}
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			return fmt.Errorf("no resource usage of sevenflow run")
		}
		r := &result{}
		r.add("peak-RSS-bytes", float64(ru.Maxrss)*1024) // Linux reports KiB
		results[c.name] = r
	}
	return nil
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
		return err
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
