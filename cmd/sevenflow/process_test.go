package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// binary is the sevenflow command built once for the tests that run it
// as a process of its own: without the race detector, so that a batch of
// thousands of orders runs at full speed, and killable like any process.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// sharedSevenflow builds the command (once per test binary) and returns
// its path. TestMain removes it.
func sharedSevenflow(t testing.TB) string {
	t.Helper()
	binary.once.Do(func() {
		binary.dir, binary.err = os.MkdirTemp("", "sevenflow-test-")
		if binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "sevenflow")
		out, err := exec.Command("go", "build", "-o", binary.path, ".").CombinedOutput()
		if err != nil {
			binary.err = errors.New(string(out))
		}
	})
	if binary.err != nil {
		t.Fatalf("build sevenflow: %v", binary.err)
	}
	return binary.path
}

// removeBinary removes what sharedSevenflow built.
func removeBinary() {
	if binary.dir != "" {
		_ = os.RemoveAll(binary.dir)
	}
}

// procResult is how a sevenflow process ended.
type procResult struct {
	code           int
	stdout, stderr string
	maxRSS         int64 // peak resident memory, in KiB
	killed         bool  // by SIGKILL
}

// runBinary runs the built command with args until it ends.
func runBinary(t testing.TB, bin string, args ...string) procResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return waitBinary(t, cmd, &stdout, &stderr)
}

// waitBinary waits for cmd, started with its output in stdout and
// stderr.
func waitBinary(t testing.TB, cmd *exec.Cmd, stdout, stderr *bytes.Buffer) procResult {
	t.Helper()
	err := cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	res := procResult{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.maxRSS = ru.Maxrss
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		res.killed = true
	}
	return res
}

// startSimProcess runs `sevenflow sim` with args as a process of its own
// on a free loopback port and returns the base URL of its API (…/v2). It
// is stopped the way Ctrl-C stops it when the test ends.
func startSimProcess(t testing.TB, bin string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), bin, append([]string{"sim", "--addr", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("sevenflow sim: %v\n%s", err, stderr.String())
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "sevenflow sim listening on ")
	if !ok {
		t.Fatalf("sevenflow sim: first line %q", line)
	}
	return base
}
