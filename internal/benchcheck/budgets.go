package main

import (
	"fmt"
	"strconv"
)

// budget is one line of docs/performance.md's table of budgets: a ratio
// of two medians of the same run, at most (or at least) a limit.
type budget struct {
	name    string
	ratio   func(map[string]*result) (float64, bool)
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
	r, ok := b.ratio(results)
	if !ok {
		return fmt.Sprintf("budget %s - %s MISSING", b.name, limit), false
	}
	holds := r <= b.limit
	if b.atLeast {
		holds = r >= b.limit
	}
	verdict := "ok"
	if !holds {
		verdict = "OVER"
	}
	return fmt.Sprintf("budget %s %.2f %s %s", b.name, r, limit, verdict), holds
}

// ratio is the ratio of the medians of two sums of benchmarks in unit.
func ratio(unit string, num, den []string) func(map[string]*result) (float64, bool) {
	return quotient(unit, num, unit, den)
}

// paired is the ratio of the sums of the medians of two units that the
// same benchmarks report, each timing both sides of the ratio in turns
// (BenchmarkRunPaired, BenchmarkProcess, BenchmarkSimulator).
func paired(num, den string, names []string) func(map[string]*result) (float64, bool) {
	return quotient(num, names, den, names)
}

// quotient is the sum of the medians of the benchmarks num in numUnit
// over that of den in denUnit.
func quotient(numUnit string, num []string, denUnit string, den []string) func(map[string]*result) (float64, bool) {
	return func(results map[string]*result) (float64, bool) {
		n, okN := sum(results, numUnit, num)
		d, okD := sum(results, denUnit, den)
		if !okN || !okD || d == 0 {
			return 0, false
		}
		return n / d, true
	}
}

// sum adds the medians of the named benchmarks in unit.
func sum(results map[string]*result, unit string, names []string) (float64, bool) {
	total := 0.0
	for _, n := range names {
		m, ok := results[n].median(unit)
		if !ok {
			return 0, false
		}
		total += m
	}
	return total, true
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
		ratio: paired("pipeline-ns/op", "reference-ns/op", pairs("memory"))},
	{name: "run-loopback", limit: 1.10,
		ratio: paired("pipeline-ns/op", "reference-ns/op", pairs("loopback"))},
	{name: "batch", limit: 0.95, atLeast: true,
		ratio: ratio("orders/s", one("Batch/pipeline"), one("Batch/reference"))},
	{name: "run-peak-rss", limit: 1.20,
		ratio: ratio("peak-RSS-bytes", one("RSS/all"), one("RSS/tenth"))},
	{name: "condition", limit: 2.0,
		ratio: ratio("ns/op", one("Condition"), one("ExprRun"))},
	{name: "condition-allocs", limit: 2,
		ratio: func(results map[string]*result) (float64, bool) { return results["Condition"].median("allocs/op") }},
	{name: "hook", limit: 1.5,
		ratio: ratio("ns/op", one("HookCall/call"), one("HookCall/reused"))},
	{name: "peers", limit: 0.5,
		ratio: ratio("ns/op", one("Decisions/sevenflow"), one("Decisions/opa"))},
	{name: "simulator", limit: 0.8, atLeast: true,
		// throughput with the full store / with an empty one: the inverse of the times
		ratio: paired("empty-ns/op", "stored-ns/op", one("Simulator"))},
	{name: "lint", limit: 2.0,
		ratio: paired("lint-ns/op", "version-ns/op", one("Process"))},
}
