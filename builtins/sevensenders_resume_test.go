package builtins

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"hash/maphash"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// product is a product create's arguments.
var product = map[string]any{"sku": "MUG-1", "name": "Mug", "price": 9.5, "currency": "EUR"}

// Orders run in parallel that share a product create it once: the
// identical creates wait for each other, and all but the first find it.
func TestParallelIdenticalCreatesMakeOne(t *testing.T) {
	a := setupAPI(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, errs[i] = a.call("sevensenders.create_product", product) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	var posts int
	for _, r := range a.received() {
		if r == "POST /v2/products" {
			posts++
		}
	}
	if posts != 1 || len(a.srv.Snapshot().Products) != 1 {
		t.Errorf("%d POST /v2/products, %d products; want 1 and 1: %v", posts, len(a.srv.Snapshot().Products), a.received())
	}
}

// A product that another process makes between the look-up and the POST
// gets the POST a 409: the create looks it up again and converges, and
// the step ends as exists.
func TestCreateConflictLooksUpAgain(t *testing.T) {
	srv := sim.New(sim.WithClock(t0), sim.WithSeed(1))
	var once sync.Once
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/v2/products" {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			once.Do(func() { // the other process, first
				other := httptest.NewRequest(http.MethodPost, "/v2/products", bytes.NewReader(body))
				other.Header = r.Header.Clone()
				srv.ServeHTTP(httptest.NewRecorder(), other)
			})
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	client := sevensenders.NewClient(ts.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey), sevensenders.WithObserver(RecordExchange),
		sevensenders.WithSleep(func(context.Context, time.Duration) error { return nil }))
	reg := engine.NewRegistry()
	if err := Register(reg, WithClient(client)); err != nil {
		t.Fatal(err)
	}
	st := runStep(t, context.Background(), reg, "sevensenders.create_product", product)
	want := []string{"GET /v2/products/MUG-1", "POST /v2/products", "GET /v2/products/MUG-1"}
	if st.err != nil || st.status != engine.StatusExists || !slices.Equal(st.calls, want) {
		t.Fatalf("status %s, calls %v, err %v; want exists after %v", st.status, st.calls, st.err, want)
	}
	if wantLog := `sevensenders.create_product: product "MUG-1" appeared since the look-up (another run made it)`; !slices.Equal(st.logs, []string{wantLog}) {
		t.Errorf("logs %q, want %q", st.logs, wantLog)
	}
	if n := len(srv.Snapshot().Products); n != 1 {
		t.Errorf("%d products, want 1", n)
	}
}

// A call that resumes one an earlier run may have sent
// (ContextResuming) sends nothing it cannot look up first, and takes a
// delete's 404 as done.
func TestResuming(t *testing.T) {
	noKey := shipmentArgs("ORD-1", "")
	delete(noKey, "tracking_code")
	tests := []struct {
		name     string
		resuming bool
		builtin  string
		args     map[string]any
		status   engine.Status
		calls    []string
		err      string
	}{
		{name: "label without a key", builtin: "sevensenders.create_label", args: noKey, status: engine.StatusOK,
			calls: []string{"POST /v2/labels"}},
		{name: "label without a key, resuming", resuming: true, builtin: "sevensenders.create_label", args: noKey, status: engine.StatusFailed,
			err: "sevensenders.create_label: an earlier run stopped while sending this call, and it cannot be looked up " +
				"(look up POST /v2/labels: no merchant key to look it up by: reference_number or tracking_code): " +
				"not retried: the request may have been applied; check the API before running it again"},
		{name: "delete of nothing", builtin: "sevensenders.delete_product", args: map[string]any{"sku": "GONE"}, status: engine.StatusFailed,
			calls: []string{"DELETE /v2/products/GONE"},
			err:   `sevensenders.delete_product: DELETE /v2/products/GONE: 404 Not Found: product "GONE" not found`},
		{name: "delete of nothing, resuming", resuming: true, builtin: "sevensenders.delete_product", args: map[string]any{"sku": "GONE"}, status: engine.StatusOK,
			calls: []string{"DELETE /v2/products/GONE"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := setupAPI(t)
			a.must("sevensenders.create_order", orderArgs("ORD-1"))
			ctx := context.Background()
			if tc.resuming {
				ctx = ContextResuming(ctx)
			}
			st := runStep(t, ctx, a.reg, tc.builtin, tc.args)
			gotErr := ""
			if st.err != nil {
				gotErr, st.status = st.err.Error(), engine.StatusFailed
			}
			if st.status != tc.status || !slices.Equal(st.calls, tc.calls) || gotErr != tc.err {
				t.Errorf("status %s, calls %v, err\n%s\nwant %s, %v,\n%s", st.status, st.calls, gotErr, tc.status, tc.calls, tc.err)
			}
			if tc.resuming && tc.err != "" && !errors.Is(st.err, sevensenders.ErrNotRetried) {
				t.Errorf("the error does not wrap ErrNotRetried: %v", st.err)
			}
		})
	}
}

// Only the builtins of GETs are read-only.
func TestReadOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"sevensenders.get_order", true},
		{"sevensenders.download_label", true},
		{"sevensenders.pudo_all", true},
		{"sevensenders.create_order", false},
		{"sevensenders.update_shipment", false},
		{"sevensenders.delete_product", false},
		{"sevensenders.no_such_call", false},
		{"customs_destination", false},
	} {
		if got := ReadOnly(tc.name); got != tc.want {
			t.Errorf("ReadOnly(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestHashValue checks the key of createLocks: bodies that are the same
// JSON hash the same, whatever Go types hold their numbers, and bodies
// that differ hash differently.
func TestHashValue(t *testing.T) {
	seed := maphash.MakeSeed()
	sum := func(v any) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		hashValue(&h, v)
		return h.Sum64()
	}
	same := [][2]any{
		{map[string]any{"a": 1, "b": "x"}, map[string]any{"b": "x", "a": 1.0}},
		{[]any{json.Number("2.5"), nil, true}, []any{2.5, nil, true}},
		{map[string]any{"n": int64(3)}, map[string]any{"n": json.Number("3")}},
		{map[string]any{"m": map[string]any{"a": 1, "b": []any{"x"}}, "z": nil}, map[string]any{"z": nil, "m": map[string]any{"b": []any{"x"}, "a": 1}}},
	}
	for _, p := range same {
		if sum(p[0]) != sum(p[1]) {
			t.Errorf("%v and %v hash differently", p[0], p[1])
		}
	}
	differ := [][2]any{
		{map[string]any{"a": "1"}, map[string]any{"a": 1}},
		{map[string]any{"a": "bc"}, map[string]any{"ab": "c"}},
		{[]any{"a", "b"}, []any{"ab"}},
		{[]any{}, map[string]any{}},
		{map[string]any{"a": nil}, map[string]any{}},
		{map[string]any{"a": 1, "b": 2}, map[string]any{"a": 2, "b": 1}},
		{map[string]any{"m": map[string]any{"a": 1}, "n": map[string]any{"b": 1}}, map[string]any{"m": map[string]any{"b": 1}, "n": map[string]any{"a": 1}}},
		{true, false},
	}
	for _, p := range differ {
		if sum(p[0]) == sum(p[1]) {
			t.Errorf("%v and %v hash the same", p[0], p[1])
		}
	}
}
