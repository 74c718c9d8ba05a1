// Command refbatch is the reference's batch, the yardstick of
// `sevenflow run --parallel N`: the standard workflow for a shop's
// settings written by hand in Go (package reference, validating every
// payload), run on each order of an NDJSON file by N workers sharing one
// client of the target. It writes one JSON line per order as it finishes,
// {"order_id": ..., "status": "ok"} or "failed" with the error, and exits
// 1 if an order failed, 2 on a usage error.
//
// BenchmarkBatch (internal/perf) runs it and `sevenflow run` on the same
// orders, each against a `sevenflow sim` process of its own.
//
// Usage, from the repository's root:
//
//	refbatch -input ORDERS.ndjson -target http://127.0.0.1:PORT [-parallel 4] [-shop shops/example.yaml]
//
// The access key is $SEVENSENDERS_ACCESS_KEY, else the simulator's, as
// `sevenflow run` takes it for a loopback URL.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/sevenflow/sevenflow/internal/perf"
	"github.com/sevenflow/sevenflow/internal/reference"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// Exit codes, as sevenflow's.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// run is the command with its I/O passed in; it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("refbatch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "the orders, NDJSON: one order a line")
	target := fs.String("target", "", "the API's `URL`, such as that of `sevenflow sim`")
	parallel := fs.Int("parallel", 4, "run `N` orders at a time")
	shop := fs.String("shop", "shops/example.yaml", "the shop `FILE` whose settings the workflow runs with")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *input == "" || *target == "" || *parallel < 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "refbatch: want -input FILE -target URL, and -parallel 1 or more")
		return exitUsage
	}
	s, err := perf.LoadShop(*shop)
	if err != nil {
		fmt.Fprintf(stderr, "refbatch: load shop %s: %v\n", *shop, err)
		return exitUsage
	}
	base, err := sevensenders.BaseURL(*target)
	if err != nil {
		fmt.Fprintf(stderr, "refbatch: -target: %v\n", err)
		return exitUsage
	}
	key := getenv(sevensenders.EnvAccessKey)
	if key == "" {
		key = sim.DefaultAccessKey
	}
	f, err := os.Open(*input)
	if err != nil {
		fmt.Fprintf(stderr, "refbatch: %v\n", err)
		return exitUsage
	}
	defer f.Close()
	b := &batch{
		ref:    s.Ref,
		client: sevensenders.NewClient(base, sevensenders.WithAccessKey(key), sevensenders.WithUserAgent("sevenflow-reference/batch")),
		out:    stdout,
	}
	if err := b.run(ctx, f, *parallel); err != nil {
		fmt.Fprintf(stderr, "refbatch: %v\n", err)
		return exitFailed
	}
	if b.failed > 0 {
		fmt.Fprintf(stderr, "refbatch: %d of %d orders failed\n", b.failed, b.orders)
		return exitFailed
	}
	return exitOK
}

// batch ships the orders of one input through the reference.
type batch struct {
	ref    *reference.Runner
	client *sevensenders.Client // shared by every worker

	mu             sync.Mutex // guards out and the counts
	out            io.Writer
	orders, failed int
	writeErr       error // the first error writing out
}

// run hands each line of in to one of parallel workers and waits for
// them. It returns an error when in cannot be read or out written.
func (b *batch) run(ctx context.Context, in io.Reader, parallel int) error {
	lines := make(chan []byte)
	var wg sync.WaitGroup
	for range parallel {
		wg.Go(func() {
			for line := range lines {
				b.one(ctx, line)
			}
		})
	}
	r := bufio.NewReader(in)
	var readErr error
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			lines <- line
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				readErr = fmt.Errorf("read input: %w", err)
			}
			break
		}
	}
	close(lines)
	wg.Wait()
	return errors.Join(readErr, b.writeErr)
}

// result is the line written for one order.
type result struct {
	OrderID any    `json:"order_id"`
	Status  string `json:"status"` // ok or failed
	Error   string `json:"error,omitempty"`
}

// one ships the order of one line and writes how it went.
func (b *batch) one(ctx context.Context, line []byte) {
	var order map[string]any
	err := json.Unmarshal(line, &order)
	if err == nil {
		err = b.ref.Run(ctx, b.client, order)
	} else {
		err = fmt.Errorf("decode order: %w", err)
	}
	res := result{OrderID: order["order_id"], Status: "ok"}
	if err != nil {
		res.Status, res.Error = "failed", err.Error()
	}
	out, _ := json.Marshal(res) // plain values: it cannot fail
	out = append(out, '\n')
	b.mu.Lock()
	defer b.mu.Unlock()
	b.orders++
	if err != nil {
		b.failed++
	}
	if _, err := b.out.Write(out); err != nil && b.writeErr == nil {
		b.writeErr = fmt.Errorf("write output: %w", err)
	}
}
