package main

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// TestSelects checks which suites -suite runs: all without it, else
// those whose name contains one of its comma-separated words.
func TestSelects(t *testing.T) {
	tests := []struct {
		filter string
		want   []string // of engine, batch, peers-test, rss
	}{
		{"", []string{"engine", "batch", "peers-test", "rss"}},
		{"batch", []string{"batch"}},
		{"batch,rss", []string{"batch", "rss"}},
		{" rss , peers", []string{"peers-test", "rss"}},
		{",", nil},
		{"nothing", nil},
	}
	for _, tc := range tests {
		t.Run(tc.filter, func(t *testing.T) {
			var got []string
			for _, name := range []string{"engine", "batch", "peers-test", "rss"} {
				if (config{filter: tc.filter}).selects(name) {
					got = append(got, name)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("-suite %q selects %q, want %q", tc.filter, got, tc.want)
			}
		})
	}
}

// TestOwnPeakRSS checks that the peak RSS benchcheck compares a child's
// with counts memory this process touched.
func TestOwnPeakRSS(t *testing.T) {
	const size = 64 << 20
	b := make([]byte, size)
	for i := range b {
		b[i] = 1
	}
	peak, err := ownPeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if peak < size {
		t.Errorf("own peak RSS %d bytes after touching %d", peak, size)
	}
	runtime.KeepAlive(b)
}

// TestPairedBudgets checks that the run, lint, simulator and hook
// budgets are read from the metrics of the paired benchmarks, round by
// round, summed over the orders.
func TestPairedBudgets(t *testing.T) {
	results := map[string]*result{}
	for _, round := range []string{
		`BenchmarkRunPaired/memory/CH-2   100  5000000 ns/op  2200000 pipeline-ns/op  2000000 reference-ns/op  900000 B/op  12000 allocs/op
BenchmarkRunPaired/memory/GB-2   100  5000000 ns/op  2400000 pipeline-ns/op  2000000 reference-ns/op
BenchmarkRunPaired/memory/DE-2   100  3000000 ns/op  1400000 pipeline-ns/op  1000000 reference-ns/op
BenchmarkProcess-2                 50 30000000 ns/op  19000000 lint-ns/op  10000000 version-ns/op
BenchmarkSimulator-2              300  5000000 ns/op   2400000 empty-ns/op  2600000 stored-ns/op
BenchmarkHookCall/paired-2        900  1400000 ns/op     26000 call-ns/op     20000 reused-ns/op`,
		`BenchmarkRunPaired/memory/CH-2   100  5000000 ns/op  2000000 pipeline-ns/op  2000000 reference-ns/op
BenchmarkRunPaired/memory/GB-2   100  5000000 ns/op  2000000 pipeline-ns/op  2000000 reference-ns/op
BenchmarkRunPaired/memory/DE-2   100  3000000 ns/op  1000000 pipeline-ns/op  1000000 reference-ns/op
BenchmarkProcess-2                 50 30000000 ns/op  21000000 lint-ns/op  10000000 version-ns/op
BenchmarkSimulator-2              300  5000000 ns/op   2600000 empty-ns/op  3400000 stored-ns/op
BenchmarkHookCall/paired-2        900  1400000 ns/op     24000 call-ns/op     20000 reused-ns/op`,
	} {
		parse([]byte(round), results)
	}
	want := map[string]string{
		// medians 2.1, 2.2 and 1.2 ms against 2, 2 and 1 ms
		"run-in-process": "budget run-in-process 1.10 <=1.10 ok",
		"run-loopback":   "budget run-loopback - <=1.10 MISSING",
		"lint":           "budget lint 2.00 <=2.00 ok",
		// throughput with the store full over that with it empty: the
		// median of 2.4/2.6 and 2.6/3.4
		"simulator": "budget simulator 0.84 >=0.80 ok",
		// the median of 1.3 and 1.2
		"hook": "budget hook 1.25 <=1.50 ok",
	}
	for _, b := range budgets {
		w, ok := want[b.name]
		if !ok {
			continue
		}
		if got, _ := b.check(results); got != w {
			t.Errorf("got %q, want %q", got, w)
		}
	}
}

// TestBudgetRatioPerRound checks that a budget is the median of its
// rounds' ratios, each of two measurements that met the same load, and
// not the ratio of the two sides' medians, which here would compare the
// pipeline's median round with a busier one of the reference's (280
// orders/s against 300: 0.93).
func TestBudgetRatioPerRound(t *testing.T) {
	batch := budgetNamed(t, "batch")
	results := parseRounds(batchRound(315, 300), batchRound(210, 200), batchRound(280, 350))
	if got, want := mustCheck(batch, results), "budget batch 1.05 >=0.95 ok"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	results["Batch/reference"].add("orders/s", 310) // a round more of one side than of the other
	if got, want := mustCheck(batch, results), "budget batch - >=0.95 MISSING"; got != want {
		t.Errorf("with unequal rounds: got %q, want %q", got, want)
	}
}

// TestBudgetDecimals checks that a budget's figure falls on the same
// side of its limit as its ratio: two decimals, and more only where two
// would round the ratio onto the limit it missed.
func TestBudgetDecimals(t *testing.T) {
	batch := budgetNamed(t, "batch")
	tests := []struct {
		rounds []string
		want   string
	}{
		{[]string{batchRound(240, 250), batchRound(250, 250)}, "budget batch 0.98 >=0.95 ok"},
		{[]string{batchRound(190, 200), batchRound(190, 200)}, "budget batch 0.95 >=0.95 ok"},
		// 0.94 and 0.958: the median, 0.949, is not 0.95
		{[]string{batchRound(235, 250), batchRound(479, 500)}, "budget batch 0.949 >=0.95 OVER"},
	}
	for _, tc := range tests {
		if got := mustCheck(batch, parseRounds(tc.rounds...)); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// parseRounds reads the output of each round into one set of results.
func parseRounds(outputs ...string) map[string]*result {
	results := map[string]*result{}
	for _, out := range outputs {
		parse([]byte(out), results)
	}
	return results
}

// batchRound is a round's output of BenchmarkBatch: the orders/s of
// each side.
func batchRound(pipeline, reference int) string {
	return fmt.Sprintf("BenchmarkBatch/pipeline-2   1 30000000000 ns/op  %d orders/s\nBenchmarkBatch/reference-2  1 30000000000 ns/op  %d orders/s\n", pipeline, reference)
}

// budgetNamed is the budget called name.
func budgetNamed(t *testing.T, name string) budget {
	t.Helper()
	for _, b := range budgets {
		if b.name == name {
			return b
		}
	}
	t.Fatalf("no budget %q", name)
	return budget{}
}

// mustCheck is the budget's line.
func mustCheck(b budget, results map[string]*result) string {
	line, _ := b.check(results)
	return line
}
