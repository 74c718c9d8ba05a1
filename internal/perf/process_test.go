package perf_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/internal/perf"
)

// binDir holds the sevenflow binary the process benchmarks run.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sevenflow-perf-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// built are the binaries built so far in this process, by package.
var (
	buildMu sync.Mutex
	built   = map[string]string{}
)

// sevenflowBinary builds cmd/sevenflow once per process and returns its
// path.
func sevenflowBinary(tb testing.TB) string {
	tb.Helper()
	return binary(tb, "./cmd/sevenflow")
}

// binary builds the command of pkg (a path relative to the repository's
// root) once per process and returns its path.
func binary(tb testing.TB, pkg string) string {
	tb.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if bin, ok := built[pkg]; ok {
		return bin
	}
	bin := filepath.Join(binDir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Dir = root(tb)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	built[pkg] = bin
	return bin
}

// startSim starts `sevenflow sim` (perf.StartSim) and returns its
// origin and how to stop it.
func startSim(tb testing.TB, bin string) (string, func()) {
	tb.Helper()
	origin, stop, err := perf.StartSim(context.Background(), bin)
	if err != nil {
		tb.Fatal(err)
	}
	return origin, stop
}

// BenchmarkProcess runs whole sevenflow processes, `lint
// shops/example.yaml` and `version`, in turns and in alternating order,
// and reports what one of each took (lint-ns/op and version-ns/op):
// their ratio is the cost of loading and compiling a shop from a cold
// start. Side by side, both meet the same load of a shared machine. Its
// ns/op is the pair's.
func BenchmarkProcess(b *testing.B) {
	bin := sevenflowBinary(b)
	commands := [2][]string{{"lint", "shops/example.yaml"}, {"version"}}
	var spent [2]time.Duration
	first := 0
	for b.Loop() {
		for k := range commands {
			i := (first + k) % 2
			cmd := exec.Command(bin, commands[i]...)
			cmd.Dir = root(b)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			spent[i] += time.Since(start)
			if err != nil {
				b.Fatalf("sevenflow %s: %v\n%s", strings.Join(commands[i], " "), err, out)
			}
		}
		first = 1 - first
	}
	b.ReportMetric(float64(spent[0].Nanoseconds())/float64(b.N), "lint-ns/op")
	b.ReportMetric(float64(spent[1].Nanoseconds())/float64(b.N), "version-ns/op")
}
