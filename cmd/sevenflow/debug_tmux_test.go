package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDebugInTmux drives `sevenflow debug` in a real terminal, tmux,
// through a whole run of the example shop on a British order, which goes
// through the shipped customs pipeline, on the simulator: it steps in,
// over and out, evaluates, breaks before a call, continues to the end,
// then pages through the tree, where every step must be marked, and
// quits. It needs tmux: CI installs it (.ci/run); elsewhere the test is
// skipped without it.
func TestDebugInTmux(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed: .ci/run installs it")
		}
		t.Skip("tmux is not installed")
	}
	bin, err := exec.LookPath("sevenflow") // this test binary, put in $PATH by TestMain
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sock, errFile := filepath.Join(dir, "tmux.sock"), filepath.Join(dir, "stderr")
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(tmux, append([]string{"-u", "-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	began := time.Now()
	script := "'" + bin + "' debug shops/example.yaml --input testdata/orders/gb-london.json 2>'" + errFile + "'; echo exit=$?; sleep 600"
	tm("new-session", "-d", "-s", "debug", "-x", "100", "-y", "30", "-c", root, "sh", "-c", script)
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", sock, "kill-server").Run() })

	screen := ""
	waitFor := func(what string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			screen = tm("capture-pane", "-p", "-t", "debug")
			if strings.Contains(screen, "panic") {
				t.Fatalf("a panic:\n%s", screen)
			}
			if strings.Contains(screen, what) {
				return
			}
			if time.Now().After(deadline) {
				errs, _ := os.ReadFile(errFile)
				t.Fatalf("no %q on the screen after 30s:\n%s\nstderr:\n%s", what, screen, errs)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	send := func(keys ...string) { t.Helper(); tm(append([]string{"send-keys", "-t", "debug"}, keys...)...) }

	waitFor("paused at not_cancelled (start)")
	send("s")
	waitFor("paused at prepare (step)")
	send("s")
	waitFor("paused at prepare/where (step)")
	send("n")
	waitFor("paused at prepare/decisions (step)")
	send("o")
	waitFor("paused at order (step)")
	send("2")
	waitFor("order  use  current")
	send(":")
	send("-l", "input.order_id")
	send("Enter")
	waitFor(`input.order_id = "ORD-GB-3001"`)
	send("C")
	waitFor("breaking before every call")
	send("c")
	waitFor("paused at state_before (call)")
	send("C", "c")
	waitFor("│ run ok ")

	// Page through the tree: every step is marked ok, skipped, failed or
	// not run, none pending or current. Each page is read once the screen
	// has changed and settled.
	send("Tab", "Tab", "Tab")
	waitFor("» steps of example")
	rows, seen := 0, map[string]bool{}
	for page := 0; ; page++ {
		if page == 30 {
			t.Fatalf("30 pages without reaching the last step:\n%s", screen)
		}
		lines := strings.Split(screen, "\n")
		last := false
		for _, l := range lines[1 : len(lines)-3] {
			left, _, _ := strings.Cut(l, "│")
			r := []rune(left)
			if strings.TrimSpace(left) == "" {
				continue
			}
			rows++
			if len(r) < 3 || !strings.ContainsRune("✓↷✗-", r[1]) {
				t.Errorf("a row not marked done: %q", left)
				continue
			}
			row := strings.Join(strings.Fields(string(r[1:])), " ")
			seen[row] = true
			last = last || r[0] == '>' && strings.Contains(row, "state_after")
		}
		if last {
			break
		}
		before := screen
		send("NPage")
		settle(t, func() string { return tm("capture-pane", "-p", "-t", "debug") }, before, &screen)
	}
	if rows < 80 {
		t.Errorf("paged through %d rows", rows)
	}
	for _, want := range []string{"✓ ▾ customs use", "✓ customs_shipment call", "✓ customs_manifest call"} {
		if !seen[want] {
			t.Errorf("no row %q: the run did not go through customs", want)
		}
	}

	send("q")
	waitFor("exit=0")
	if errs, _ := os.ReadFile(errFile); len(errs) > 0 {
		t.Errorf("stderr:\n%s", errs)
	}
	t.Logf("the run in tmux took %s", time.Since(began).Round(time.Millisecond))
}

// settle captures the screen until it differs from before and two
// captures in a row agree, and stores it in screen.
func settle(t *testing.T, capture func() string, before string, screen *string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	prev := before
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		cur := capture()
		if cur != before && cur == prev {
			*screen = cur
			return
		}
		prev = cur
	}
	t.Fatalf("the screen did not change and settle in 30s:\n%s", prev)
}
