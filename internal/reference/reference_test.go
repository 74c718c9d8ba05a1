package reference_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/internal/perf"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// goldenCase is a test case of testdata/cases or shops/cases whose
// pipeline is shops/example.yaml.
type goldenCase struct {
	name       string
	input      string
	layers     []*engine.Settings
	clock      time.Time       // the simulator's, when the case sets one
	warehouses []sim.Warehouse // the account's, when the case sets them
}

// exampleCases returns every golden case that runs shops/example.yaml.
func exampleCases(t *testing.T, root string) []goldenCase {
	t.Helper()
	example := filepath.Join(root, "shops", "example.yaml")
	var out []goldenCase
	for _, dir := range []string{"testdata/cases", "shops/cases"} {
		files, err := filepath.Glob(filepath.Join(root, dir, "*", "case.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			var c struct {
				Pipeline string         `yaml:"pipeline"`
				Input    string         `yaml:"input"`
				Set      []string       `yaml:"set"`
				Settings map[string]any `yaml:"settings"`
				Setup    []any          `yaml:"setup"`
				Clock    time.Time      `yaml:"clock"`
				// the account's warehouses
				Warehouses []struct{ Name, Address, Country string } `yaml:"warehouses"`
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(data, &c); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			caseDir := filepath.Dir(f)
			if filepath.Join(caseDir, c.Pipeline) != example || len(c.Setup) > 0 {
				continue
			}
			gc := goldenCase{name: filepath.Base(caseDir), input: filepath.Join(caseDir, c.Input), clock: c.Clock}
			for _, w := range c.Warehouses {
				gc.warehouses = append(gc.warehouses, sim.Warehouse{Name: w.Name, Address: w.Address, Country: w.Country})
			}
			if c.Settings != nil {
				gc.layers = append(gc.layers, &engine.Settings{Values: c.Settings})
			}
			for _, s := range c.Set {
				l, err := engine.ParseSetting(s, engine.Pos{File: "--set " + s})
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				gc.layers = append(gc.layers, l)
			}
			out = append(out, gc)
		}
	}
	return out
}

// recorder keeps the requests a client sends: method, path and body.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) observe(_ context.Context, x sevensenders.Exchange) {
	body := "-"
	if x.Request != nil {
		b, err := json.Marshal(x.Request)
		if err != nil {
			body = err.Error()
		} else {
			var v any
			_ = json.Unmarshal(b, &v)
			b, _ = json.Marshal(v)
			body = string(b)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, fmt.Sprintf("%s %s %d %s", x.Method, x.Path, x.Status, body))
}

// TestSameCalls runs the pipeline and the reference on every golden order
// of shops/example.yaml, each on a fresh simulator over loopback, and
// checks that they send the same requests with the same bodies and end
// the same way.
func TestSameCalls(t *testing.T) {
	root, err := perf.Root()
	if err != nil {
		t.Fatal(err)
	}
	cases := exampleCases(t, root)
	if len(cases) < 8 {
		t.Fatalf("found %d golden cases of shops/example.yaml, want at least 8", len(cases))
	}
	for _, gc := range cases {
		t.Run(gc.name, func(t *testing.T) {
			shop, err := perf.LoadShop(filepath.Join(root, "shops", "example.yaml"), gc.layers...)
			if err != nil {
				t.Fatal(err)
			}
			order, err := perf.ReadOrder(gc.input)
			if err != nil {
				t.Fatal(err)
			}
			run := func(f func(context.Context, *sevensenders.Client) error) ([]string, error) {
				opts := perf.SimOptions(shop.Settings)
				if !gc.clock.IsZero() {
					opts = append(opts, sim.WithClock(gc.clock))
				}
				if gc.warehouses != nil {
					opts = append(opts, sim.WithWarehouses(gc.warehouses...))
				}
				tg, err := perf.NewTarget(perf.Loopback, opts...)
				if err != nil {
					t.Fatal(err)
				}
				defer tg.Close()
				var rec recorder
				err = f(context.Background(), tg.Client(false, sevensenders.WithObserver(rec.observe)))
				return rec.calls, err
			}
			want, perr := run(func(ctx context.Context, c *sevensenders.Client) error {
				_, err := shop.Pipeline(ctx, c, any(order))
				return err
			})
			got, rerr := run(func(ctx context.Context, c *sevensenders.Client) error {
				return shop.Ref.Run(ctx, c, order)
			})
			if (perr == nil) != (rerr == nil) {
				t.Errorf("pipeline error %v, reference error %v", perr, rerr)
			}
			if !slices.Equal(got, want) {
				t.Errorf("the reference's calls differ from the pipeline's:\n%s", diff(want, got))
			}
			if len(want) == 0 && perr == nil {
				t.Error("the pipeline made no call")
			}
		})
	}
}

// diff lists both sequences side by side from the first difference.
func diff(want, got []string) string {
	var b strings.Builder
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	fmt.Fprintf(&b, "same for the first %d calls\n", i)
	for j := i; j < max(len(want), len(got)) && j < i+3; j++ {
		if j < len(want) {
			fmt.Fprintf(&b, "pipeline:  %s\n", want[j])
		}
		if j < len(got) {
			fmt.Fprintf(&b, "reference: %s\n", got[j])
		}
	}
	return b.String()
}
