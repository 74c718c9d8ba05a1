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
	dir := root(b)
	inTurns(b, [2]string{"lint-ns/op", "version-ns/op"}, nil, func(i int) error {
		cmd := exec.Command(bin, commands[i]...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("sevenflow %s: %v\n%s", strings.Join(commands[i], " "), err, out)
		}
		return nil
	})
}
