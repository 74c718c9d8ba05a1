package perf_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
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

var (
	buildOnce sync.Once
	buildErr  error
)

// sevenflowBinary builds cmd/sevenflow once per process and returns its
// path.
func sevenflowBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(binDir, "sevenflow")
	buildOnce.Do(func() {
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/sevenflow")
		cmd.Dir = root(tb)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return bin
}

// startSim starts `sevenflow sim` on a free loopback port with the
// example shop's warehouse, and returns its origin and how to stop it.
func startSim(tb testing.TB, bin string) (string, func()) {
	tb.Helper()
	cmd := exec.Command(bin, "sim", "--addr", "127.0.0.1:0", "--warehouse", "Main Warehouse|Kochhannstr. 38 10247 Berlin|DE")
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	_, url, found := strings.Cut(strings.TrimSpace(line), "listening on ")
	if err != nil || !found {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tb.Fatalf("sevenflow sim: %q, %v", line, err)
	}
	return strings.TrimSuffix(url, "/v2"), func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}

// BenchmarkProcess runs whole sevenflow processes: `lint
// shops/example.yaml` and `version`, whose ratio is the cost of loading
// and compiling a shop from a cold start.
func BenchmarkProcess(b *testing.B) {
	bin := sevenflowBinary(b)
	for _, args := range [][]string{{"lint", "shops/example.yaml"}, {"version"}} {
		b.Run(args[0], func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(bin, args...)
				cmd.Dir = root(b)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("sevenflow %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
		})
	}
}
