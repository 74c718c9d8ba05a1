// Command benchcheck is `make bench`: it runs sevenflow's benchmarks and
// those of bench/peers in 6 interleaved rounds (each round runs every
// benchmark once, as -count 6 would but side by side, and the RSS runs
// of rss.go), prints the median of every figure, then one line per
// budget of docs/performance.md:
//
//	budget NAME RATIO LIMIT ok|OVER
//
// and exits 1 if any budget is over (or could not be measured). Each
// budget is the median over the rounds of a ratio of two benchmarks of
// the same round, so that a busy machine moves both sides; the rounds'
// own ratios follow on stderr.
//
// Usage, from the repository's root:
//
//	go run ./internal/benchcheck [-count 6] [-orders 10000] [-rss=true] [-peers=true] [-suite batch,rss]
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is what the flags say.
type config struct {
	count  int
	orders int
	rss    bool
	peers  bool
	filter string // run only the suites (rss included) whose name contains one of these, comma-separated (all when "")
	out    string // also write the raw output of go test here
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.IntVar(&cfg.count, "count", 6, "run `N` rounds of every benchmark; the table shows medians")
	fs.IntVar(&cfg.orders, "orders", 10000, "orders of the batch, of the simulator's store and of the larger RSS run")
	fs.BoolVar(&cfg.rss, "rss", true, "measure the peak RSS of `sevenflow run` on NDJSON input (1/10 and all of -orders)")
	fs.BoolVar(&cfg.peers, "peers", true, "run bench/peers (OPA), its decisions test first")
	fs.StringVar(&cfg.filter, "suite", "", "run only the suites whose name contains one of these comma-separated `WORDS`: engine, schemas, runs, batch, peers, rss")
	fs.StringVar(&cfg.out, "o", "", "also write go test's output to `FILE`")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := root(); err != nil {
		fmt.Fprintf(stderr, "benchcheck: %v\n", err)
		return 2
	}
	var raw bytes.Buffer
	results := map[string]*result{}
	ss := suites(cfg)
	var rss *rssMeter
	if cfg.rss && cfg.selects("rss") {
		var err error
		if rss, err = newRSSMeter(ctx, cfg.orders); err != nil {
			fmt.Fprintf(stderr, "benchcheck: rss: %v\n", err)
			return 1
		}
		defer rss.close()
	}
	// Each round runs every suite once, and the RSS runs of the budget,
	// so that both sides of a budget meet the same load: rounds
	// interleave, as -count would not.
	for round := 0; round <= cfg.count; round++ {
		for _, s := range ss {
			if s.once != (round == 0) || !cfg.selects(s.name) {
				continue
			}
			fmt.Fprintf(stderr, "benchcheck: round %d/%d: %s: go %s\n", round, cfg.count, s.name, strings.Join(s.args, " "))
			out, err := goTest(ctx, s, round, stderr)
			raw.Write(out)
			if err != nil {
				fmt.Fprintf(stderr, "benchcheck: %s: %v\n", s.name, err)
				return 1
			}
			parse(out, results)
		}
		if rss != nil && round > 0 {
			if err := rss.budget(ctx, results, stderr); err != nil {
				fmt.Fprintf(stderr, "benchcheck: rss: %v\n", err)
				return 1
			}
		}
	}
	if rss != nil {
		if err := rss.inProcess(ctx, results, stderr); err != nil {
			fmt.Fprintf(stderr, "benchcheck: rss: %v\n", err)
			return 1
		}
	}
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, raw.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "benchcheck: %v\n", err)
			return 1
		}
	}
	printTable(stdout, results)
	fmt.Fprintln(stdout)
	over := 0
	for _, b := range budgets {
		line, ok := b.check(results)
		fmt.Fprintln(stdout, line)
		if !ok {
			over++
		}
	}
	// Each budget is the median of its rounds' ratios: show them.
	for _, b := range budgets {
		if rs, ok := b.rounds(results); ok {
			fmt.Fprintf(stderr, "benchcheck: %s, round by round: %s\n", b.name, roundsText(rs))
		}
	}
	if over > 0 {
		return 1
	}
	return 0
}

// selects reports whether -suite selects the suite called name: it
// contains one of the filter's words, or there is no filter.
func (cfg config) selects(name string) bool {
	if cfg.filter == "" {
		return true
	}
	for w := range strings.SplitSeq(cfg.filter, ",") {
		if w = strings.TrimSpace(w); w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// suite is one go test invocation.
type suite struct {
	name string
	dir  string // the module's directory, relative to the root
	args []string
	env  []string
	once bool // a test run before the rounds, not a benchmark
}

// suites are the go test invocations of a run.
func suites(cfg config) []suite {
	orders := "PERF_ORDERS=" + strconv.Itoa(cfg.orders)
	bench := func(pkg, re string, extra ...string) []string {
		return append([]string{"test", "-run", "^$", "-bench", re, "-benchmem", "-count", "1", "-timeout", "0", pkg}, extra...)
	}
	ss := []suite{
		{name: "engine", dir: ".", args: bench("./engine", "^Benchmark(Condition|ExprRun|HookCall)$")},
		{name: "schemas", dir: ".", args: bench("./schemas", "^BenchmarkValidate$")},
		{name: "runs", dir: ".", args: bench("./internal/perf", "^Benchmark(Compile|Run|RunPaired|Simulator|Process)$"), env: []string{orders}},
		{name: "batch", dir: ".", args: bench("./internal/perf", "^BenchmarkBatch$", "-benchtime", "1x"), env: []string{orders}},
	}
	if cfg.peers {
		ss = append(ss,
			suite{name: "peers-test", dir: "bench/peers", args: []string{"test", "-count", "1", "./..."}, once: true},
			suite{name: "peers", dir: "bench/peers", args: bench("./...", "^BenchmarkDecisions$", "-benchtime", "1x")},
		)
	}
	return ss
}

// goTest runs one suite in a round, which it finds in $PERF_ROUND, and
// returns its output, which is also copied to progress as it comes.
func goTest(ctx context.Context, s suite, round int, progress io.Writer) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", s.args...)
	cmd.Dir = s.dir
	cmd.Env = append(append(os.Environ(), s.env...), "PERF_ROUND="+strconv.Itoa(round))
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, progress)
	cmd.Stderr = io.MultiWriter(&out, progress)
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("go %s: %w", strings.Join(s.args, " "), err)
	}
	return out.Bytes(), nil
}

// result is every measurement of one benchmark, by unit.
type result struct {
	values map[string][]float64
}

func (r *result) add(unit string, v float64) {
	if r.values == nil {
		r.values = map[string][]float64{}
	}
	r.values[unit] = append(r.values[unit], v)
}

// median returns the median of the benchmark's values in unit.
func (r *result) median(unit string) (float64, bool) {
	if r == nil || len(r.values[unit]) == 0 {
		return 0, false
	}
	return median(r.values[unit]), true
}

// median is the median of vs, which must not be empty.
func median(vs []float64) float64 {
	vs = slices.Clone(vs)
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// parse reads go test -bench output: "BenchmarkName-2  N  X ns/op  Y B/op ...".
func parse(out []byte, results map[string]*result) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		r := results[name]
		if r == nil {
			r = &result{}
			results[name] = r
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			r.add(f[i+1], v)
		}
	}
}

// printTable prints the medians, one benchmark a line.
func printTable(w io.Writer, results map[string]*result) {
	names := make([]string, 0, len(results))
	for n := range results {
		names = append(names, n)
	}
	slices.Sort(names)
	width := len("benchmark")
	for _, n := range names {
		width = max(width, len(n))
	}
	fmt.Fprintf(w, "%-*s %14s %12s %10s  %s\n", width, "benchmark", "time/op", "B/op", "allocs/op", "other")
	for _, n := range names {
		r := results[n]
		ns, _ := r.median("ns/op")
		bytes, hasB := r.median("B/op")
		allocs, hasA := r.median("allocs/op")
		var other []string
		units := make([]string, 0, len(r.values))
		for u := range r.values {
			units = append(units, u)
		}
		slices.Sort(units)
		for _, u := range units {
			if u == "ns/op" || u == "B/op" || u == "allocs/op" {
				continue
			}
			m, _ := r.median(u)
			other = append(other, fmt.Sprintf("%s %s", trim(m), u))
		}
		b, a := "", ""
		if hasB {
			b = trim(bytes)
		}
		if hasA {
			a = trim(allocs)
		}
		fmt.Fprintf(w, "%-*s %14s %12s %10s  %s\n", width, n, duration(ns), b, a, strings.Join(other, ", "))
	}
}

// duration prints nanoseconds in the unit that suits them.
func duration(ns float64) string {
	switch {
	case ns == 0:
		return ""
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

// trim prints a number without needless decimals.
func trim(v float64) string {
	if v >= 100 || v == float64(int64(v)) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// root is the repository's root: the directory of go.mod, which make and
// CI run from.
func root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return "", errors.New("run from the repository's root")
	}
	return dir, nil
}

// roundsText prints ratios with two decimals, separated by spaces.
func roundsText(rs []float64) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = strconv.FormatFloat(r, 'f', 2, 64)
	}
	return strings.Join(parts, " ")
}
