package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// batchTemplates are the orders of testdata/orders that the example shop
// runs to the end; a generated batch repeats them with new order ids.
var batchTemplates = []string{
	"ch-basel", "ch-basel-refunded", "ch-zurich-ddp", "de-berlin-paid", "de-berlin-pudo",
	"de-berlin-returned-to-warehouse", "de-domestic", "fr-paris", "gb-london", "no-oslo-ddp",
	"de-berlin-multi-parcel", "ch-basel-multi-parcel",
}

// exampleShop is the shop the batch tests run.
const exampleShop = "../../shops/example.yaml"

// genOrders writes n orders to dir/orders.ndjson: order i is template
// i mod len(batchTemplates) with the order id "<its id>-B<i>", and the
// tracking codes and reference numbers of its parcels made unique. It
// returns the file and the template of each order id.
func genOrders(t testing.TB, dir string, n int) (string, map[string]string) {
	t.Helper()
	templates := make([]map[string]any, len(batchTemplates))
	for i, name := range batchTemplates {
		templates[i] = readTemplate(t, name)
	}
	path := filepath.Join(dir, fmt.Sprintf("orders-%d.ndjson", n))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	of := map[string]string{}
	for i := range n {
		k := i % len(templates)
		o := deepCopyJSON(t, templates[k])
		id := fmt.Sprintf("%s-B%05d", o["order_id"], i)
		o["order_id"] = id
		parcels, _ := o["parcels"].([]any)
		for _, p := range parcels {
			p := p.(map[string]any)
			if tc, ok := p["tracking_code"].(string); ok {
				p["tracking_code"] = tc[:len(tc)-6] + fmt.Sprintf("%06d", i)
			}
			if ref, ok := p["reference_number"].(string); ok {
				p["reference_number"] = fmt.Sprintf("%s-%d", ref, i)
			}
		}
		of[id] = batchTemplates[k]
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(append(b, '\n'))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path, of
}

// readTemplate reads testdata/orders/NAME.json.
func readTemplate(t testing.TB, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../../testdata/orders/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var o map[string]any
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func deepCopyJSON(t testing.TB, v map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// sharedSteps are the steps of the example shop whose resource is shared
// by every order with the same SKU: the product and its image. The first
// order to reach one makes it and the others find it, so they are left
// out of the comparison of calls and counted on their own.
var sharedSteps = []string{"product", "product_image"}

// sevenID matches a 7S id in a path.
var sevenID = regexp.MustCompile(`/1[0-9]{6}\b`)

// callsOf reads the lines of `run --format json` and returns each
// order's steps and calls, in a form that does not depend on the order
// id, the 7S ids or the token (fetched once per client): "step status"
// and "step METHOD /path status", the shared steps left out.
func callsOf(t testing.TB, out string) map[string][]string {
	t.Helper()
	by := map[string][]string{}
	for line := range strings.Lines(out) {
		var s struct {
			OrderID string `json:"order_id"`
			Status  string
			Steps   []struct{ ID, Status string }
			Calls   []struct {
				Step, Method, Path string
				Status             int
			}
			Error *struct{ Message string }
		}
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("a line of run --format json: %v\n%s", err, line)
		}
		if s.Status != "ok" {
			t.Errorf("order %s: %s: %+v", s.OrderID, s.Status, s.Error)
		}
		var got []string
		for _, st := range s.Steps {
			if !slices.Contains(sharedSteps, st.ID) {
				got = append(got, st.ID+" "+st.Status)
			}
		}
		for _, c := range s.Calls {
			if slices.Contains(sharedSteps, c.Step) || strings.HasSuffix(c.Path, "/token") {
				continue
			}
			path := sevenID.ReplaceAllString(strings.ReplaceAll(c.Path, s.OrderID, "{order}"), "/{id}")
			got = append(got, fmt.Sprintf("%s %s %s %d", c.Step, c.Method, path, c.Status))
		}
		if _, dup := by[s.OrderID]; dup {
			t.Errorf("order %s reported twice", s.OrderID)
		}
		by[s.OrderID] = got
	}
	return by
}

// singleRuns runs each template alone with bin against one `sevenflow
// sim` process, reset before each, and returns its calls (see callsOf)
// and what the simulator then holds (see holdings), by template.
func singleRuns(t testing.TB, bin string) (map[string][]string, map[string]holding) {
	t.Helper()
	base := startSimProcess(t, bin)
	calls, held := map[string][]string{}, map[string]holding{}
	for _, name := range batchTemplates {
		resetSim(t, base)
		res := runBinary(t, bin, "run", exampleShop, "--input", "../../testdata/orders/"+name+".json", "--target", base, "--format", "json", "--rate", "0")
		if res.code != exitOK {
			t.Fatalf("%s alone: exit %d\n%s%s", name, res.code, res.stdout, res.stderr)
		}
		for _, c := range callsOf(t, res.stdout) {
			calls[name] = c
		}
		for _, h := range holdings(simState(t, base)) {
			held[name] = h
		}
	}
	return calls, held
}

// resetSim makes the simulator at base forget everything.
func resetSim(t testing.TB, base string) {
	t.Helper()
	resp, err := http.Post(strings.TrimSuffix(base, "/v2")+"/sim/reset", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("POST /sim/reset: %s", resp.Status)
	}
}

// checkSameCalls checks that every order of a batch made the calls its
// template makes alone, and that the batch has every order.
func checkSameCalls(t testing.TB, got map[string][]string, templateOf map[string]string, single map[string][]string) {
	t.Helper()
	bad := 0
	for _, id := range slices.Sorted(maps.Keys(templateOf)) {
		calls, ok := got[id]
		if !ok {
			t.Errorf("order %s: no result", id)
			continue
		}
		if want := single[templateOf[id]]; !slices.Equal(calls, want) && bad < 5 {
			bad++
			t.Errorf("order %s made other calls than %s alone:\n got %q\nwant %q", id, templateOf[id], calls, want)
		}
	}
	if len(got) != len(templateOf) {
		t.Errorf("%d results for %d orders", len(got), len(templateOf))
	}
}

// holding is what a simulator holds of one order: how many of each kind
// of resource, and how many states its history has.
type holding map[string]int

// holdings returns what st holds of each order, by order id. A
// resource names its order by order_id (an order item by
// shop_order_id, a manifest through its shipments).
func holdings(st *sim.State) map[string]holding {
	by := map[string]holding{}
	count := func(id, kind string) {
		if by[id] == nil {
			by[id] = holding{}
		}
		by[id][kind]++
	}
	orderOf := map[string]string{} // 7S shipment id -> order id
	for _, o := range st.Orders {
		id := fmt.Sprint(o["order_id"])
		count(id, "orders")
		states, _ := o["states_history"].([]any)
		by[id]["states"] += len(states)
	}
	for _, s := range st.Shipments {
		orderOf[fmt.Sprint(s["id"])] = fmt.Sprint(s["order_id"])
		count(fmt.Sprint(s["order_id"]), "shipments")
	}
	for _, l := range st.Labels {
		count(fmt.Sprint(l["order_id"]), "labels")
	}
	for _, c := range st.Customs {
		count(fmt.Sprint(c["order_id"]), "customs shipments")
	}
	for _, i := range st.Items {
		count(fmt.Sprint(i["shop_order_id"]), "order items")
	}
	for _, m := range st.Manifests {
		ids, _ := m["shipment_ids"].([]any)
		if len(ids) > 0 {
			count(orderOf[fmt.Sprint(ids[0])], "customs manifests")
		}
	}
	return by
}

// checkHoldings checks that the simulator holds, of every order, what
// its template makes alone: no resource missing and none twice.
func checkHoldings(t testing.TB, st *sim.State, templateOf map[string]string, single map[string]holding) {
	t.Helper()
	got := holdings(st)
	bad := 0
	for _, id := range slices.Sorted(maps.Keys(templateOf)) {
		if want := single[templateOf[id]]; !maps.Equal(got[id], want) && bad < 5 {
			bad++
			t.Errorf("order %s: the simulator holds %v, want %v (as %s alone)", id, got[id], want, templateOf[id])
		}
	}
	for id := range got {
		if _, ok := templateOf[id]; !ok {
			t.Errorf("the simulator holds %v of an order %q not in the batch", got[id], id)
		}
	}
	images := 0
	for _, p := range st.Products {
		imgs, _ := p["images"].([]any)
		images += len(imgs)
	}
	if len(st.Products) != 2 || images != 2 {
		t.Errorf("%d products with %d images, want 2 and 2 (the shared catalogue, made once)", len(st.Products), images)
	}
}

// A batch of 200 orders run 8 at a time against `sevenflow sim` makes, for
// every order, the calls that order makes when it runs alone, and leaves
// in the simulator what it leaves alone; the shared product data exists
// once.
func TestBatchMatchesSingleRuns(t *testing.T) {
	t.Parallel()
	bin := sharedSevenflow(t)
	calls, held := singleRuns(t, bin)
	path, templateOf := genOrders(t, t.TempDir(), 200)
	base := startSimProcess(t, bin)
	res := runBinary(t, bin, "run", exampleShop, "--input", path, "--target", base, "--format", "json", "--parallel", "8", "--rate", "0")
	if res.code != exitOK {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	checkSameCalls(t, callsOf(t, res.stdout), templateOf, calls)
	checkHoldings(t, simState(t, base), templateOf, held)
	if !strings.HasPrefix(res.stderr, "summary: 200 orders in ") || !strings.Contains(res.stderr, ": 200 ok, 0 exists, 0 failed; ") {
		t.Errorf("the summary on stderr:\n%s", res.stderr)
	}
}

// envBatch turns on TestBatchMemory (`make test-batch`): it runs for
// minutes.
const envBatch = "SEVENFLOW_TEST_BATCH"

// TestBatchMemory runs batches of 1,000 and 10,000 orders, 8 at a time,
// against `sevenflow sim`: every order makes the calls it makes alone and
// leaves what it leaves alone, and the peak memory of the 10,000-order
// batch is within 1.5 times that of the 1,000-order one. `make
// test-batch` runs it.
func TestBatchMemory(t *testing.T) {
	if os.Getenv(envBatch) == "" {
		t.Skipf("set %s=1 (make test-batch) to run batches of 1,000 and 10,000 orders", envBatch)
	}
	bin := buildSevenflow(t)
	calls, held := singleRuns(t, bin)
	rss := map[int]int64{}
	for _, n := range []int{1000, 10000} {
		path, templateOf := genOrders(t, t.TempDir(), n)
		base := startSimProcess(t, bin)
		start := time.Now()
		res := runBinary(t, bin, "run", exampleShop, "--input", path, "--target", base, "--format", "json", "--parallel", "8", "--rate", "0")
		took := time.Since(start)
		if res.code != exitOK {
			t.Fatalf("%d orders: exit %d\n%s", n, res.code, res.stderr)
		}
		checkSameCalls(t, callsOf(t, res.stdout), templateOf, calls)
		checkHoldings(t, simState(t, base), templateOf, held)
		rss[n] = res.maxRSS
		summary, _, _ := strings.Cut(res.stderr, "\n")
		t.Logf("%d orders: %s, peak RSS %d MiB\n%s", n, took.Round(time.Second), res.maxRSS/1024, summary)
	}
	if limit := rss[1000] * 3 / 2; rss[10000] > limit {
		t.Errorf("peak RSS of 10,000 orders %d KiB, more than 1.5 times that of 1,000 (%d KiB)", rss[10000], rss[1000])
	}
}
