package perf_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/internal/perf"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// root is the repository's root, for the shop and order files.
func root(tb testing.TB) string {
	tb.Helper()
	r, err := perf.Root()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// exampleShop loads shops/example.yaml.
func exampleShop(tb testing.TB) *perf.Shop {
	tb.Helper()
	s, err := perf.LoadShop(filepath.Join(root(tb), "shops", "example.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkCompile loads and compiles shops/example.yaml: the shop, the
// workflow it extends, every sub-pipeline, settings schema, expression
// and hook.
func BenchmarkCompile(b *testing.B) {
	path := filepath.Join(root(b), "shops", "example.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := perf.Compile(path); err != nil {
			b.Fatal(err)
		}
	}
}

// runner is one way of shipping an order: the pipeline or the reference.
type runner struct {
	name    string
	observe bool // the client reports exchanges to the run's trace (the CLI's)
	run     func(ctx context.Context, s *perf.Shop, c *sevensenders.Client, order map[string]any) error
}

var runners = []runner{
	{"pipeline", true, func(ctx context.Context, s *perf.Shop, c *sevensenders.Client, o map[string]any) error {
		_, err := s.Pipeline(ctx, c, any(o))
		return err
	}},
	// What `sevenflow run` does by default: the personal data masked in
	// every event. No budget; it shows what masking costs.
	{"pipeline-masked", true, func(ctx context.Context, s *perf.Shop, c *sevensenders.Client, o map[string]any) error {
		_, err := s.Pipeline(ctx, c, any(o), engine.WithMask(personalMask))
		return err
	}},
	{"reference", false, func(ctx context.Context, s *perf.Shop, c *sevensenders.Client, o map[string]any) error {
		return s.Ref.Run(ctx, c, o)
	}},
	{"reference-bare", false, func(ctx context.Context, s *perf.Shop, c *sevensenders.Client, o map[string]any) error {
		return s.RefBare.Run(ctx, c, o)
	}},
}

// BenchmarkRun ships one order of each country with shops/example.yaml:
// the pipeline, the reference validating every payload and the reference
// without validation; each on a fresh simulator (made outside the timer),
// in memory and over loopback, with a new client (so a token call) per
// run.
func BenchmarkRun(b *testing.B) {
	shop := exampleShop(b)
	eachOrder(b, shop, func(tr perf.Transport, tg *perf.Target, country string, order map[string]any) {
		for _, rn := range runners {
			b.Run(rn.name+"/"+string(tr)+"/"+country, func(b *testing.B) {
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					tg.Reset()
					b.StartTimer()
					if err := rn.run(ctx, shop, tg.Client(rn.observe), order); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

// eachOrder calls fn with a target of each transport, in memory and over
// loopback, and each order of perf.Countries, by its country.
func eachOrder(b *testing.B, shop *perf.Shop, fn func(tr perf.Transport, tg *perf.Target, country string, order map[string]any)) {
	for _, tr := range []perf.Transport{perf.Memory, perf.Loopback} {
		tg, err := perf.NewTarget(tr, perf.SimOptions(shop.Settings)...)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(tg.Close)
		for _, c := range perf.Countries {
			order, err := perf.ReadOrder(filepath.Join(root(b), "testdata", "orders", c.File))
			if err != nil {
				b.Fatal(err)
			}
			fn(tr, tg, c.Name, order)
		}
	}
}

// BenchmarkRunPaired ships each order of BenchmarkRun with the pipeline
// and with the reference (validating every payload) in turns, each on a
// fresh simulator, and reports what one run of each took:
// pipeline-ns/op and reference-ns/op, the two sides of the budgets
// run-in-process and run-loopback. Timed side by side within one
// benchmark, and in alternating order, both sides meet the same load of
// a shared machine, which moves in seconds; two benchmarks run one after
// the other do not. Its ns/op is the pair's.
func BenchmarkRunPaired(b *testing.B) {
	shop := exampleShop(b)
	sides := [2]runner{runnerNamed(b, "pipeline"), runnerNamed(b, "reference")}
	eachOrder(b, shop, func(tr perf.Transport, tg *perf.Target, country string, order map[string]any) {
		b.Run(string(tr)+"/"+country, func(b *testing.B) {
			ctx := context.Background()
			inTurns(b, [2]string{"pipeline-ns/op", "reference-ns/op"},
				func(int) { tg.Reset() },
				func(side int) error {
					return sides[side].run(ctx, shop, tg.Client(sides[side].observe), order)
				})
		})
	})
}

// inTurns runs the two sides of a paired benchmark once each an
// iteration, in alternating order, and reports what one run of each took
// as the metrics units[0] and units[1]. prepare, if not nil, readies a
// side outside the timer; run is the side's timed work.
func inTurns(b *testing.B, units [2]string, prepare func(side int), run func(side int) error) {
	var spent [2]time.Duration
	first := 0
	for b.Loop() {
		for k := range spent {
			side := (first + k) % 2
			if prepare != nil {
				b.StopTimer()
				prepare(side)
				b.StartTimer()
			}
			start := time.Now()
			err := run(side)
			spent[side] += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
		}
		first = 1 - first
	}
	for i, u := range units {
		b.ReportMetric(float64(spent[i].Nanoseconds())/float64(b.N), u)
	}
}

// runnerNamed returns the runner called name.
func runnerNamed(tb testing.TB, name string) runner {
	for _, rn := range runners {
		if rn.name == name {
			return rn
		}
	}
	tb.Fatalf("no runner %q", name)
	return runner{}
}

// batchOrders is how many orders BenchmarkBatch ships, and how many
// BenchmarkSimulator stores first: $PERF_ORDERS, 10,000 by default.
func batchOrders(tb testing.TB) int {
	n := 10000
	if s := os.Getenv("PERF_ORDERS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			tb.Fatalf("PERF_ORDERS=%q: want a positive number", s)
		}
		n = v
	}
	return n
}

// BenchmarkSimulator ships one CH order with the reference in memory, so
// that the simulator's handler is most of the cost, to an empty
// simulator and to one that already holds 10,000 orders (shipped the same
// way, once per process), in turns and in alternating order, and reports
// what one order took on each: empty-ns/op and stored-ns/op, the two
// sides of the budget simulator. Two benchmarks run one after the other
// met different loads of the shared machine and read 0.72 to 1.12 from
// one round to the next. Its ns/op is the pair's.
func BenchmarkSimulator(b *testing.B) {
	shop := exampleShop(b)
	order, err := perf.ReadOrder(filepath.Join(root(b), "testdata", "orders", "ch-basel.json"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	sims := [2]*filled{storedSim(b, shop, 0), storedSim(b, shop, batchOrders(b))}
	var o map[string]any
	b.ReportAllocs()
	inTurns(b, [2]string{"empty-ns/op", "stored-ns/op"},
		func(side int) {
			st := sims[side]
			o = clone(order)
			o["order_id"] = "BENCH-" + strconv.Itoa(st.n)
			st.n++
		},
		func(side int) error { return shop.RefBare.Run(ctx, sims[side].c, o) })
}

// filled is a simulator holding orders, kept for every run of the
// benchmark in this process.
type filled struct {
	c *sevensenders.Client
	n int // orders the benchmark added
}

var (
	fillMu sync.Mutex
	fills  = map[int]*filled{}
)

// storedSim returns the in-memory simulator holding stored orders.
func storedSim(b *testing.B, shop *perf.Shop, stored int) *filled {
	fillMu.Lock()
	defer fillMu.Unlock()
	if f := fills[stored]; f != nil {
		return f
	}
	tg, err := perf.NewTarget(perf.Memory, perf.SimOptions(shop.Settings)...)
	if err != nil {
		b.Fatal(err)
	}
	f := &filled{c: tg.Client(false)}
	orders, err := perf.Orders(root(b), stored)
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range orders {
		o["order_id"] = "FILL-" + o["order_id"].(string)
		if err := shop.RefBare.Run(context.Background(), f.c, o); err != nil {
			b.Fatal(err)
		}
	}
	fills[stored] = f
	return f
}

// clone copies an order's top level, enough to change its id.
func clone(o map[string]any) map[string]any {
	c := make(map[string]any, len(o))
	for k, v := range o {
		c[k] = v
	}
	return c
}

// personalMask is the mask `sevenflow run` uses unless --trace-pii.
var personalMask = func() *engine.Mask {
	m, err := engine.NewMask(builtins.PersonalData()...)
	if err != nil {
		panic(err)
	}
	return m
}()
