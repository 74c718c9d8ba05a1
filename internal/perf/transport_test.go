package perf_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/sevenflow/sevenflow/internal/perf"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// port is where a simulator is served, which differs between targets.
var port = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)

// firstDiff returns the index of the first difference of a and b, or -1.
func firstDiff(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if at(a, i) != at(b, i) {
			return i
		}
	}
	return -1
}

// at returns l[i], or "(none)" past its end.
func at(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return "(none)"
}

// TestTransportsAgree runs the example shop on each benchmark order over
// loopback and in memory, and checks that the client saw the same
// exchanges, answers included: the in-memory transport is a shortcut,
// not another simulator.
func TestTransportsAgree(t *testing.T) {
	shop := exampleShop(t)
	for _, c := range perf.Countries {
		t.Run(c.Name, func(t *testing.T) {
			order, err := perf.ReadOrder(filepath.Join(root(t), "testdata", "orders", c.File))
			if err != nil {
				t.Fatal(err)
			}
			var runs [2][]string
			for i, tr := range []perf.Transport{perf.Loopback, perf.Memory} {
				tg, err := perf.NewTarget(tr, perf.SimOptions(shop.Settings)...)
				if err != nil {
					t.Fatal(err)
				}
				var mu sync.Mutex
				observe := func(_ context.Context, x sevensenders.Exchange) {
					req, _ := json.Marshal(x.Request)
					resp, _ := json.Marshal(x.Response)
					mu.Lock()
					defer mu.Unlock()
					line := fmt.Sprintf("%s %s %d %s %s", x.Method, x.Path, x.Status, req, resp)
					runs[i] = append(runs[i], port.ReplaceAllString(line, "127.0.0.1:PORT"))
				}
				if _, err := shop.Pipeline(context.Background(), tg.Client(false, sevensenders.WithObserver(observe)), any(order)); err != nil {
					t.Fatal(err)
				}
				tg.Close()
			}
			if len(runs[0]) == 0 {
				t.Fatal("no exchange")
			}
			if i := firstDiff(runs[0], runs[1]); i >= 0 {
				t.Errorf("exchange %d differs:\nover loopback: %s\nin memory:     %s", i, at(runs[0], i), at(runs[1], i))
			}
		})
	}
}
