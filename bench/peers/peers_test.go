package peers

import (
	"context"
	"testing"

	"github.com/sevenflow/sevenflow/internal/perf"
)

// orders is how many orders the test and the benchmark decide.
const orders = 10000

func repoRoot(tb testing.TB) string {
	tb.Helper()
	r, err := perf.Root()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// TestSameDecisions checks that decisions.yaml and decisions.rego decide
// the same for every order, and that both are what the shipped workflow
// (shops/example.yaml, with recording builtins) does.
func TestSameDecisions(t *testing.T) {
	ctx := context.Background()
	root := repoRoot(t)
	sf, err := NewSevenflow(root)
	if err != nil {
		t.Fatal(err)
	}
	std, err := NewStandard(root)
	if err != nil {
		t.Fatal(err)
	}
	opa, err := NewOPA(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	n := orders
	if testing.Short() {
		n = 1000
	}
	failed, bad := map[string]int{}, 0
	for i, c := range Cases(n) {
		want, err := std.Decide(ctx, c)
		if err != nil {
			t.Fatalf("order %d: standard: %v", i, err)
		}
		got, err := sf.Decide(ctx, c)
		if err != nil {
			t.Fatalf("order %d: sevenflow: %v", i, err)
		}
		rg, err := opa.Decide(ctx, c)
		if err != nil {
			t.Fatalf("order %d: rego: %v", i, err)
		}
		if want.Failed != "" && want.Failed != "not_cancelled" {
			// The shipped workflow decides the value rule in its customs
			// step, which a failure stops before or in (and a trace keeps
			// no output of a failed step); the tables decide it up front.
			want.ValueRule = rg.ValueRule
		}
		if !got.Equal(want) || !rg.Equal(want) {
			if bad++; bad <= 5 {
				t.Errorf("order %d (shop %d) %v:\n standard:  %v\n sevenflow: %v\n rego:      %v", i, c.Shop, c.Order, want, got, rg)
			}
		}
		failed[want.Failed]++
	}
	if bad > 0 {
		t.Errorf("%d of %d orders decided differently", bad, n)
	}
	t.Logf("outcomes: %v", failed)
	for _, f := range []string{"", "not_cancelled", "own_tracking_code", "brt_reference", "assigned"} {
		if failed[f] == 0 {
			t.Errorf("no order ends with failed=%q: the cases do not cover the table", f)
		}
	}
}

// BenchmarkDecisions decides 10,000 orders per iteration: with
// decisions.yaml compiled by sevenflow, and with decisions.rego prepared
// by OPA.
func BenchmarkDecisions(b *testing.B) {
	ctx := context.Background()
	root := repoRoot(b)
	cases := Cases(orders)
	sf, err := NewSevenflow(root)
	if err != nil {
		b.Fatal(err)
	}
	opa, err := NewOPA(ctx, root)
	if err != nil {
		b.Fatal(err)
	}
	std, err := NewStandard(root)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range []struct {
		name   string
		decide func(context.Context, Case) (Decision, error)
	}{{"sevenflow", sf.Decide}, {"opa", opa.Decide}, {"standard-workflow", std.Decide}} {
		b.Run(e.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range cases {
					if _, err := e.decide(ctx, c); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(cases))*float64(b.N)/b.Elapsed().Seconds(), "orders/s")
		})
	}
}
