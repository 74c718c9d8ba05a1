package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// simState gets the state of the simulator at the API base URL base
// through its admin API, as a tester of the live flow would look.
func simState(t testing.TB, base string) *sim.State {
	t.Helper()
	resp, err := http.Get(strings.TrimSuffix(base, "/v2") + "/sim/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st sim.State
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return &st
}

// counts is how many of each resource a simulator holds, by kind.
func counts(st *sim.State) map[string]int {
	return map[string]int{
		"orders": len(st.Orders), "labels": len(st.Labels), "shipments": len(st.Shipments),
		"products": len(st.Products), "order items": len(st.Items),
		"customs shipments": len(st.Customs), "customs manifests": len(st.Manifests),
	}
}

// runCLI runs sevenflow with args and returns the exit code and stdout.
func runCLI(t testing.TB, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	if stderr.Len() > 0 {
		t.Logf("sevenflow %s: stderr:\n%s", strings.Join(args, " "), stderr.String())
	}
	return code, stdout.String()
}

// stepStatuses reads the step statuses of a `run --format json` line.
func stepStatuses(t *testing.T, out string) map[string][]string {
	t.Helper()
	var s struct {
		Steps []struct{ ID, Status string }
		Calls []struct {
			Method, Path string
			Status       int
		}
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("run --format json: %v\n%s", err, out)
	}
	by := map[string][]string{}
	for _, st := range s.Steps {
		by[st.Status] = append(by[st.Status], st.ID)
	}
	for _, c := range s.Calls {
		if c.Status == http.StatusCreated {
			by["created"] = append(by["created"], c.Method+" "+c.Path)
		}
	}
	return by
}

// TestPreflightSendsNothing runs a GB order without item values against a
// fresh `sevenflow sim` (issue I, item 2): 004 makes net_value mandatory
// for GB, so the order would fail at the customs step after its label,
// products and order items. The preflight fails first, the error names
// /order_items/0/item_value and the value rule, and the simulator holds
// nothing and received nothing.
func TestPreflightSendsNothing(t *testing.T) {
	t.Parallel()
	base, _, _ := startSim(t)
	code, out := runCLI(t, "run", "../../shops/example.yaml", "--input", "../../testdata/orders/gb-london-no-item-values.json", "--target", base)
	if code != exitFailed {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"preflight failed on a strict simulator: nothing was sent to " + base,
		`step "customs_shipment": /order_items/0/item_value:`,
		"/skus/0/net_value: required when recipient country is GB (or give total_net_value) <- input /order_items/0/item_value",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for kind, n := range counts(simState(t, base)) {
		if n != 0 {
			t.Errorf("the simulator holds %d %s after a failed preflight", n, kind)
		}
	}
	resp, err := http.Get(strings.TrimSuffix(base, "/v2") + "/sim/received")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var received []sim.Request
	if err := json.NewDecoder(resp.Body).Decode(&received); err != nil {
		t.Fatal(err)
	}
	if len(received) != 0 {
		t.Errorf("the target received %v", received)
	}
}

// TestRunAgainCreatesNothingTwice runs the same order twice against one
// `sevenflow sim` (issue I, item 3): the second run finds what the first
// made, creates nothing (no 201), and marks its create steps exists.
func TestRunAgainCreatesNothingTwice(t *testing.T) {
	t.Parallel()
	base, _, _ := startSim(t)
	args := []string{"run", "../../shops/example.yaml", "--input", "../../testdata/orders/ch-basel.json", "--target", base, "--format", "json"}
	if code, out := runCLI(t, args...); code != exitOK {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	code, out := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}
	got := stepStatuses(t, out)
	if len(got["created"]) > 0 {
		t.Errorf("the second run created %v", got["created"])
	}
	for _, id := range []string{"label", "product", "product_image", "order_item", "customs_shipment", "customs_manifest"} {
		if !strings.Contains(" "+strings.Join(got["exists"], " ")+" ", " "+id+" ") {
			t.Errorf("step %s is not marked exists: %v", id, got)
		}
	}
	checkOneOfEach(t, base)
}

// TestRunAgainAfterFailureHalfway injects a failure of the target between
// the label and the customs step (the preflight passes; the real API
// refuses the customs shipment once), then runs the order again (issue I,
// item 3): the second run converges and the simulator holds one of each.
func TestRunAgainAfterFailureHalfway(t *testing.T) {
	t.Parallel()
	base, _, _ := startSim(t)
	origin := strings.TrimSuffix(base, "/v2")
	fault := `{"method": "POST", "path": "/v2/customs/shipments", "status": 422, "times": 1}`
	resp, err := http.Post(origin+"/sim/faults", "application/json", strings.NewReader(fault))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /sim/faults: %s", resp.Status)
	}
	args := []string{"run", "../../shops/example.yaml", "--input", "../../testdata/orders/ch-basel.json", "--target", base, "--format", "json"}
	code, out := runCLI(t, args...)
	if code != exitFailed || !strings.Contains(out, `"step":"customs_shipment"`) {
		t.Fatalf("first run: exit %d, want 1 at customs_shipment\n%s", code, out)
	}
	if n := len(simState(t, base).Labels); n != 1 {
		t.Fatalf("after the failed run: %d labels, want the one made before the failure", n)
	}
	code, out = runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}
	got := stepStatuses(t, out)
	if !strings.Contains(strings.Join(got["exists"], " "), "label") || !strings.Contains(strings.Join(got["ok"], " "), "customs_shipment") {
		t.Errorf("second run: the label should exist and the customs shipment be made: %v", got)
	}
	checkOneOfEach(t, base)
}

// checkOneOfEach checks that the simulator holds exactly the resources of
// one run of testdata/orders/ch-basel.json for the example shop.
func checkOneOfEach(t *testing.T, base string) {
	t.Helper()
	want := map[string]int{
		"orders": 1, "labels": 1, "shipments": 1, "products": 2, "order items": 2,
		"customs shipments": 1, "customs manifests": 1,
	}
	got := counts(simState(t, base))
	for kind, n := range want {
		if got[kind] != n {
			t.Errorf("%d %s, want %d", got[kind], kind, n)
		}
	}
}
