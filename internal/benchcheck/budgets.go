package main

import (
	"fmt"
	"strconv"
)

// budget is one line of docs/performance.md's table of budgets: the
// median over the rounds of a run of a ratio within each round, at most
// (or at least) a limit.
type budget struct {
	name    string
	rounds  func(map[string]*result) ([]float64, bool) // the ratio of each round
	limit   float64
	atLeast bool // the ratio must be at least limit, not at most
}

// check returns the budget's line and whether it holds.
func (b budget) check(results map[string]*result) (string, bool) {
	cmp := "<="
	if b.atLeast {
		cmp = ">="
	}
	limit := cmp + strconv.FormatFloat(b.limit, 'f', 2, 64)
	rs, ok := b.rounds(results)
	if !ok {
		return fmt.Sprintf("budget %s - %s MISSING", b.name, limit), false
	}
	r := median(rs)
	holds := b.holds(r)
	verdict := "ok"
	if !holds {
		verdict = "OVER"
	}
	return fmt.Sprintf("budget %s %s %s %s", b.name, b.ratioText(r), limit, verdict), holds
}

// holds reports whether the ratio r is within the budget's limit.
func (b budget) holds(r float64) bool {
	if b.atLeast {
		return r >= b.limit
	}
	return r <= b.limit
}

// ratioText prints the ratio r with two decimals, or with as many more
// as it takes for the figure printed to fall on the same side of the
// limit as r does: a batch at 0.945 against at least 0.95 prints 0.945,
// where 0.95 would read as a limit met and printed OVER.
func (b budget) ratioText(r float64) string {
	for d := 2; ; d++ {
		s := strconv.FormatFloat(r, 'f', d, 64)
		if v, err := strconv.ParseFloat(s, 64); d == 6 || (err == nil && b.holds(v) == b.holds(r)) {
			return s
		}
	}
}

// ratio is the ratio of two sums of benchmarks in unit (quotient).
func ratio(unit string, num, den []string) func(map[string]*result) ([]float64, bool) {
	return quotient(unit, num, unit, den)
}

// paired is the ratio of two units that the same benchmarks report, each
// timing both sides of the ratio in turns (BenchmarkRunPaired,
// BenchmarkProcess, BenchmarkSimulator, BenchmarkHookCall/paired).
func paired(num, den string, names []string) func(map[string]*result) ([]float64, bool) {
	return quotient(num, names, den, names)
}

// quotient is, round by round, the sum of the benchmarks num in numUnit
// over that of den in denUnit; a budget is the median of those ratios.
// Each round runs both sides once, close together, so a round's ratio
// compares two measurements that met the same load of the machine; a
// ratio of the two sides' medians could compare a quiet round's with a
// busy one's.
func quotient(numUnit string, num []string, denUnit string, den []string) func(map[string]*result) ([]float64, bool) {
	return func(results map[string]*result) ([]float64, bool) {
		n, okN := perRound(results, numUnit, num)
		d, okD := perRound(results, denUnit, den)
		if !okN || !okD || len(n) != len(d) {
			return nil, false
		}
		ratios := make([]float64, len(n))
		for i := range n {
			if d[i] == 0 {
				return nil, false
			}
			ratios[i] = n[i] / d[i]
		}
		return ratios, true
	}
}

// perRound adds the named benchmarks' values in unit, round by round; it
// fails where one has none, or not one a round as the others.
func perRound(results map[string]*result, unit string, names []string) ([]float64, bool) {
	var sums []float64
	for _, n := range names {
		r := results[n]
		if r == nil || len(r.values[unit]) == 0 {
			return nil, false
		}
		vs := r.values[unit]
		switch {
		case sums == nil:
			sums = make([]float64, len(vs))
		case len(vs) != len(sums):
			return nil, false
		}
		for i, v := range vs {
			sums[i] += v
		}
	}
	return sums, true
}

// pairs names the BenchmarkRunPaired cases of one transport, the CH, GB
// and DE orders.
func pairs(transport string) []string {
	return []string{"RunPaired/" + transport + "/CH", "RunPaired/" + transport + "/GB", "RunPaired/" + transport + "/DE"}
}

// one is a list of one name.
func one(name string) []string { return []string{name} }

// budgets are those of docs/performance.md, in its order.
var budgets = []budget{
	{name: "run-in-process", limit: 1.10,
		rounds: paired("pipeline-ns/op", "reference-ns/op", pairs("memory"))},
	{name: "run-loopback", limit: 1.10,
		rounds: paired("pipeline-ns/op", "reference-ns/op", pairs("loopback"))},
	{name: "batch", limit: 0.95, atLeast: true,
		rounds: ratio("orders/s", one("Batch/pipeline"), one("Batch/reference"))},
	{name: "run-peak-rss", limit: 1.20,
		rounds: ratio("peak-RSS-bytes", one("RSS/all"), one("RSS/tenth"))},
	{name: "condition", limit: 2.0,
		rounds: ratio("ns/op", one("Condition"), one("ExprRun"))},
	{name: "condition-allocs", limit: 2,
		rounds: func(results map[string]*result) ([]float64, bool) {
			return perRound(results, "allocs/op", one("Condition"))
		}},
	{name: "hook", limit: 1.5,
		rounds: paired("call-ns/op", "reused-ns/op", one("HookCall/paired"))},
	{name: "peers", limit: 0.5,
		rounds: ratio("ns/op", one("Decisions/sevenflow"), one("Decisions/opa"))},
	{name: "simulator", limit: 0.8, atLeast: true,
		// throughput with the full store / with an empty one: the inverse of the times
		rounds: paired("empty-ns/op", "stored-ns/op", one("Simulator"))},
	{name: "lint", limit: 2.0,
		rounds: paired("lint-ns/op", "version-ns/op", one("Process"))},
}
