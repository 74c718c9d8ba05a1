package perf_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/internal/perf"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// batchWorkers is how many orders a batch ships at once.
const batchWorkers = 4

// batchWarmUp is how many orders each side ships, untimed and to a
// simulator of its own, before the timed batches of a process: in one
// process, the first batch after the commands were built ran a tenth
// slower than the two after it (206 orders/s against 231 and 234).
const batchWarmUp = 200

// batchSide is one side of BenchmarkBatch: the command line that ships
// the orders of input against the API at target.
type batchSide struct {
	name string
	args func(input, target string) []string
}

// BenchmarkBatch ships $PERF_ORDERS (10,000) distinct orders, 4 at a
// time, as the processes a merchant runs, and reports orders/s:
//
//   - pipeline: sevenflow run shops/example.yaml --input ORDERS.ndjson
//     --parallel 4 --target URL --format json --rate 0 --preflight=false
//   - reference: refbatch -input ORDERS.ndjson -parallel 4 -target URL
//     (internal/reference/cmd/refbatch: the same workflow by hand, 4
//     workers sharing one client, a JSON line per order)
//   - pipeline-preflight: the pipeline's command with the preflight on,
//     its default, so that what the preflight costs shows (no budget)
//
// --rate 0 and --preflight=false make the pipeline's command do what the
// reference does: no client-side rate limit (the reference has none),
// and no second run of each order on an in-process simulator first.
//
// Each iteration starts a fresh `sevenflow sim` process and creates the
// shop's products in it (perf.WarmUp) before the timer runs; the timer
// covers the batch's process, from its start (loading the shop
// included) to its exit. Both commands are built once per process, and
// each ships batchWarmUp orders before any is timed. Which of pipeline
// and reference runs first alternates with $PERF_ROUND (make bench sets
// it to each round's number), as the two sides of every other budget
// alternate.
func BenchmarkBatch(b *testing.B) {
	shop := exampleShop(b)
	n := batchOrders(b)
	orders, err := perf.Orders(root(b), n)
	if err != nil {
		b.Fatal(err)
	}
	input := filepath.Join(b.TempDir(), "orders.ndjson")
	if err := perf.WriteNDJSON(input, orders); err != nil {
		b.Fatal(err)
	}
	sevenflow := sevenflowBinary(b)
	refbatch := binary(b, "./internal/reference/cmd/refbatch")
	workers := strconv.Itoa(batchWorkers)
	run := func(input, target string) []string {
		return []string{sevenflow, "run", "shops/example.yaml", "--input", input, "--parallel", workers, "--target", target, "--format", "json", "--rate", "0"}
	}
	pipeline := batchSide{"pipeline", func(input, target string) []string { return append(run(input, target), "--preflight=false") }}
	reference := batchSide{"reference", func(input, target string) []string {
		return []string{refbatch, "-input", input, "-parallel", workers, "-target", target}
	}}
	sides := []batchSide{pipeline, reference, {"pipeline-preflight", run}}
	if batchRound(b)%2 == 0 {
		sides[0], sides[1] = reference, pipeline
	}
	warm := orders[:min(batchWarmUp, len(orders))]
	warmInput := filepath.Join(b.TempDir(), "warm-up.ndjson")
	if err := perf.WriteNDJSON(warmInput, warm); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	for _, side := range sides[:2] {
		shipBatch(b, shop, sevenflow, side, warmInput, filepath.Join(b.TempDir(), "out.ndjson"), warm)
	}
	for _, side := range sides {
		b.Run(side.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "out.ndjson")
			for b.Loop() {
				b.StopTimer()
				shipBatch(b, shop, sevenflow, side, input, out, orders)
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
		})
	}
}

// shipBatch ships the orders of input with side's command against a
// fresh `sevenflow sim` (the binary sevenflow) into which it first
// creates the shop's products, and checks that out has each order's
// line. Only the command runs with b's timer on, which must be stopped.
func shipBatch(b *testing.B, shop *perf.Shop, sevenflow string, side batchSide, input, out string, orders []map[string]any) {
	b.Helper()
	origin, stop := startSim(b, sevenflow)
	defer stop()
	if err := perf.WarmUp(context.Background(), root(b), shop, perf.NewClient(origin, nil, false)); err != nil {
		b.Fatal(err)
	}
	args := side.args(input, origin)
	cmd, stdout, stderr := batchCommand(b, args, out)
	b.StartTimer()
	err := cmd.Run()
	b.StopTimer()
	if cerr := stdout.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	checkBatch(b, out, orders)
}

// batchRound is $PERF_ROUND, the round of make bench, or 1.
func batchRound(tb testing.TB) int {
	s := os.Getenv("PERF_ROUND")
	if s == "" {
		return 1
	}
	r, err := strconv.Atoi(s)
	if err != nil || r < 1 {
		tb.Fatalf("PERF_ROUND=%q: want a positive number", s)
	}
	return r
}

// batchCommand returns the command of args, run from the repository's
// root with the simulator's access key (whatever the environment holds)
// and its stdout going to the file out; and its stderr.
func batchCommand(b *testing.B, args []string, out string) (*exec.Cmd, *os.File, *bytes.Buffer) {
	b.Helper()
	f, err := os.Create(out)
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = root(b)
	cmd.Env = append(os.Environ(), sevensenders.EnvAccessKey+"="+sim.DefaultAccessKey)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = f, &stderr
	return cmd, f, &stderr
}

// checkBatch fails b unless the file out holds one JSON line per order,
// each with its order_id and "status": "ok": what both sides write.
func checkBatch(b *testing.B, out string, orders []map[string]any) {
	b.Helper()
	f, err := os.Open(out)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	want := make(map[string]bool, len(orders))
	for _, o := range orders {
		want[o["order_id"].(string)] = true
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			OrderID string `json:"order_id"`
			Status  string `json:"status"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			b.Fatalf("%s: %v", out, err)
		}
		if line.Status != "ok" || !want[line.OrderID] {
			b.Fatalf("%s: order %q: status %q, want ok once for each order", out, line.OrderID, line.Status)
		}
		delete(want, line.OrderID)
	}
	if err := sc.Err(); err != nil {
		b.Fatalf("%s: %v", out, err)
	}
	if len(want) > 0 {
		b.Fatalf("%s: %d orders missing", out, len(want))
	}
}
