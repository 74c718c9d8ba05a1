package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// heldLabels is a 7S API (a simulator) that holds every POST /v2/labels
// until released, and says when one arrives.
type heldLabels struct {
	srv     *sim.Server
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

func (h *heldLabels) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == "/v2/labels" {
		h.arrived <- struct{}{}
		<-h.release
	}
	h.srv.ServeHTTP(w, r)
}

func (h *heldLabels) letGo() { h.once.Do(func() { close(h.release) }) }

// Ctrl-C (the command's context ends) while two orders each wait for the
// answer to their label: no order starts after it, the two get their
// answers and stop before their next step, the journal records the labels,
// and the summary says so. Run again with the journal, the batch
// finishes: the two labels come from the journal, not sent again, and the
// simulator holds each order's resources once.
func TestBatchInterrupt(t *testing.T) {
	api := &heldLabels{srv: sim.New(), arrived: make(chan struct{}, 8), release: make(chan struct{})}
	ts := httptest.NewServer(api)
	t.Cleanup(ts.Close)
	t.Cleanup(api.letGo)
	dir := t.TempDir()
	input, templateOf := genOrders(t, dir, 6)
	journal := filepath.Join(dir, "journal.db")
	args := []string{"run", exampleShop, "--input", input, "--target", ts.URL, "--format", "json", "--parallel", "2", "--rate", "0", "--journal", journal}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, args, strings.NewReader(""), &stdout, &stderr) }()
	<-api.arrived
	<-api.arrived
	cancel()
	api.letGo()
	if c := <-code; c != exitFailed {
		t.Errorf("exit %d, want 1", c)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d orders reported, want the 2 under way:\n%s", len(lines), stdout.String())
	}
	for _, line := range lines {
		var s struct {
			OrderID string `json:"order_id"`
			Status  string
			Calls   []struct {
				Step, Method, Path string
				Status             int
			}
			Error struct{ Code, Step string }
		}
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatal(err)
		}
		last := s.Calls[len(s.Calls)-1]
		if s.Status != "failed" || s.Error.Code != "canceled" || last.Method+" "+last.Path != "POST /v2/labels" || last.Status != http.StatusCreated {
			t.Errorf("order %s: %s (%s at %s), last call %+v; want it stopped after its label was made", s.OrderID, s.Status, s.Error.Code, s.Error.Step, last)
		}
	}
	if !strings.Contains(stderr.String(), ": 0 ok, 0 exists, 0 failed, 2 stopped; ") || !strings.Contains(stderr.String(), "interrupted: no order was started after it") {
		t.Errorf("summary:\n%s", stderr.String())
	}
	if n := len(api.srv.Snapshot().Labels); n != 2 {
		t.Errorf("%d labels after the interrupt, want 2", n)
	}
	code2, shown := runCLI(t, "journal", "show", journal)
	for _, want := range []string{"run 1: example", ": stopped\n", "dispatch/label sevensenders.create_label: ok [POST /v2/token 200, GET /v2/shipments 200, POST /v2/labels 201]"} {
		if code2 != exitOK || !strings.Contains(shown, want) {
			t.Errorf("journal show: exit %d, lacks %q:\n%s", code2, want, shown)
		}
	}

	code2, out := runCLI(t, args...)
	if code2 != exitOK {
		t.Fatalf("the run again: exit %d\n%s", code2, out)
	}
	labels := 0
	for line := range strings.Lines(out) {
		var s struct {
			Steps []struct{ ID, Status string }
			Calls []struct{ Method, Path string }
		}
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(s.Steps, func(st struct{ ID, Status string }) bool { return st.ID == "label" && st.Status == "exists" }) {
			labels++
			if slices.ContainsFunc(s.Calls, func(c struct{ Method, Path string }) bool { return c.Path == "/v2/labels" }) {
				t.Errorf("a label from the journal was sent again: %v", s.Calls)
			}
		}
	}
	if labels != 2 {
		t.Errorf("%d labels taken from the journal, want 2:\n%s", labels, out)
	}
	_, held := singleRuns(t, buildSevenflow(t))
	checkHoldings(t, api.srv.Snapshot(), templateOf, held)
}

// A second Ctrl-C ends the process at once, even while a call waits for
// its answer; the first only asks the batch to stop.
func TestSecondInterrupt(t *testing.T) {
	api := &heldLabels{srv: sim.New(), arrived: make(chan struct{}, 8), release: make(chan struct{})}
	ts := httptest.NewServer(api)
	t.Cleanup(ts.Close)
	t.Cleanup(api.letGo)
	input, _ := genOrders(t, t.TempDir(), 2)
	cmd := exec.Command(buildSevenflow(t), "run", exampleShop, "--input", input, "--target", ts.URL, "--format", "json", "--parallel", "1", "--rate", "0")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	<-api.arrived
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("the first Ctrl-C ended the process (%v) while its call waited", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGINT {
			t.Errorf("after the second Ctrl-C: %v, want the process ended by SIGINT", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second Ctrl-C did not end the process")
	}
}
