package journal

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/engine"
)

// resumedKey marks the context of a resumed call in these tests.
type resumedKey struct{}

// fakeAPI is a registry of three builtins: test.create (a side effect
// that answers {"id": n} for its n-th call), test.fail (a side effect
// that fails) and test.get (read-only). It records each call.
type fakeAPI struct {
	mu    sync.Mutex
	calls []string // "builtin" or "builtin (resumed)"
	n     int
}

func (f *fakeAPI) registry(t testing.TB) *engine.Registry {
	t.Helper()
	reg := engine.NewRegistry()
	add := func(name string, fn engine.BuiltinFunc) {
		if err := reg.AddCall(name, fn); err != nil {
			t.Fatal(err)
		}
	}
	add("test.create", func(ctx context.Context, args map[string]any) (any, error) {
		n := f.record(ctx, "test.create")
		return map[string]any{"id": float64(n), "name": args["name"]}, nil
	})
	add("test.fail", func(ctx context.Context, _ map[string]any) (any, error) {
		f.record(ctx, "test.fail")
		return nil, errors.New("refused")
	})
	add("test.get", func(ctx context.Context, _ map[string]any) (any, error) {
		f.record(ctx, "test.get")
		return "read", nil
	})
	return reg
}

func (f *fakeAPI) record(ctx context.Context, name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ctx.Value(resumedKey{}) != nil {
		name += " (resumed)"
	}
	f.calls = append(f.calls, name)
	f.n++
	return f.n
}

func (f *fakeAPI) took() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

// pipeline is the pipeline of these tests: a create whose name comes
// from the input, a read, and a call that fails when the input says so.
const pipeline = `pipeline: p
steps:
  - id: make
    call: test.create
    with: { name: input.name }
  - id: read
    call: test.get
  - id: refuse
    when: input.fail
    call: test.fail
`

// testJournal opens a journal in a temporary directory with a fixed clock.
func testJournal(t testing.TB) *Journal {
	t.Helper()
	tick := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	j, err := Open(filepath.Join(t.TempDir(), "journal.db"),
		WithEffect(func(b string) Effect {
			if b == "test.get" {
				return ReadOnly
			}
			return SideEffect
		}),
		WithResume(func(ctx context.Context) context.Context { return context.WithValue(ctx, resumedKey{}, true) }),
		WithClock(func() time.Time { mu.Lock(); defer mu.Unlock(); tick = tick.Add(time.Second); return tick }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = j.Close() })
	return j
}

// runOrder runs the pipeline on input as the order ORD-1 of a new run of
// j and returns its trace.
func runOrder(t testing.TB, j *Journal, prog *engine.Program, input map[string]any) *engine.Trace {
	t.Helper()
	ctx := context.Background()
	run, err := j.StartRun(ctx, RunInfo{Pipeline: "p", Input: "orders.ndjson", Target: "http://127.0.0.1:7070/v2"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := run.StartOrder(ctx, "ORD-1", "orders.ndjson:1")
	if err != nil {
		t.Fatal(err)
	}
	tr, runErr := prog.Run(ctx, input, engine.WithCallInterceptor(o.Interceptor()))
	status := StatusOK
	if runErr != nil {
		status = StatusFailed
	}
	if err := o.Finish(ctx, status, runErr); err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(ctx, StatusDone, "1 order"); err != nil {
		t.Fatal(err)
	}
	return tr
}

// steps returns "id status" for each call step of a trace.
func steps(tr *engine.Trace) []string {
	var out []string
	for _, e := range tr.Events {
		if end, ok := e.(engine.StepEnd); ok && end.Kind == engine.KindCall {
			out = append(out, end.Step+" "+string(end.Status))
		}
	}
	return out
}

// A rerun with the journal sends no side effect whose result it holds
// for the same arguments: the step ends as exists with the recorded
// result. Read-only calls, failed calls and calls whose arguments changed
// are made again, and an intent without a result is made again through
// the resume context.
func TestRerun(t *testing.T) {
	tests := []struct {
		name      string
		first     map[string]any // the first run's input; nil: no first run
		dangling  bool           // the first run stopped during the create
		second    map[string]any
		wantCalls []string
		wantSteps []string
		wantMake  any // steps.make of the second run
	}{
		{
			name:  "done",
			first: map[string]any{"name": "a"}, second: map[string]any{"name": "a"},
			wantCalls: []string{"test.get"},
			wantSteps: []string{"make exists", "read ok", "refuse skipped"},
			wantMake:  map[string]any{"id": float64(1), "name": "a"},
		},
		{
			name:  "arguments changed",
			first: map[string]any{"name": "a"}, second: map[string]any{"name": "b"},
			wantCalls: []string{"test.create", "test.get"},
			wantSteps: []string{"make ok", "read ok", "refuse skipped"},
			wantMake:  map[string]any{"id": float64(3), "name": "b"},
		},
		{
			name:  "failed before",
			first: map[string]any{"name": "a", "fail": true}, second: map[string]any{"name": "a", "fail": true},
			wantCalls: []string{"test.get", "test.fail"},
			wantSteps: []string{"make exists", "read ok", "refuse failed"},
			wantMake:  map[string]any{"id": float64(1), "name": "a"},
		},
		{
			name:     "intent without result",
			dangling: true, second: map[string]any{"name": "a"},
			wantCalls: []string{"test.create (resumed)", "test.get"},
			wantSteps: []string{"make ok", "read ok", "refuse skipped"},
			wantMake:  map[string]any{"id": float64(1), "name": "a"},
		},
		{
			name:      "first run",
			second:    map[string]any{"name": "a"},
			wantCalls: []string{"test.create", "test.get"},
			wantSteps: []string{"make ok", "read ok", "refuse skipped"},
			wantMake:  map[string]any{"id": float64(1), "name": "a"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := &fakeAPI{}
			prog := compile(t, api)
			j := testJournal(t)
			if tc.first != nil {
				runOrder(t, j, prog, tc.first)
			}
			if tc.dangling {
				dangle(t, j)
			}
			api.took()
			tr := runOrder(t, j, prog, tc.second)
			if got := api.took(); !slices.Equal(got, tc.wantCalls) {
				t.Errorf("calls %v, want %v", got, tc.wantCalls)
			}
			if got := steps(tr); !slices.Equal(got, tc.wantSteps) {
				t.Errorf("steps %v, want %v", got, tc.wantSteps)
			}
			if got := tr.Steps["make"]; fmt.Sprint(got) != fmt.Sprint(tc.wantMake) {
				t.Errorf("steps.make = %v, want %v", got, tc.wantMake)
			}
		})
	}
}

// dangle records the intent of the create of ORD-1 in a run that never
// finishes, as a process killed during the call leaves it.
func dangle(t testing.TB, j *Journal) {
	t.Helper()
	ctx := context.Background()
	run, err := j.StartRun(ctx, RunInfo{Pipeline: "p", Input: "orders.ndjson", Target: "t"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := run.StartOrder(ctx, "ORD-1", "orders.ndjson:1")
	if err != nil {
		t.Fatal(err)
	}
	hash, err := argsHash(map[string]any{"name": "a"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.intent(ctx, engine.CallInfo{Path: "make", Step: "make", Builtin: "test.create"}, hash); err != nil {
		t.Fatal(err)
	}
}

func compile(t testing.TB, api *fakeAPI) *engine.Program {
	t.Helper()
	p, err := engine.Load("p.yaml", []byte(pipeline))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, api.registry(t))
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// The journal lists runs, their orders and the calls each made, with an
// intent that has no result as not done.
func TestList(t *testing.T) {
	api := &fakeAPI{}
	prog := compile(t, api)
	j := testJournal(t)
	dangle(t, j)
	runOrder(t, j, prog, map[string]any{"name": "a", "fail": true})
	ctx := context.Background()
	runs, err := j.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range runs {
		got = append(got, fmt.Sprintf("run %d %s %s %s %q finished=%v", r.ID, r.Pipeline, r.Input, r.Status, r.Summary, r.Finished != ""))
		orders, err := j.Orders(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orders {
			got = append(got, fmt.Sprintf("  order %s %s %s %q", o.OrderID, o.At, o.Status, o.Error))
			calls, err := j.Calls(ctx, r.ID, o.Pipeline, o.OrderID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range calls {
				got = append(got, fmt.Sprintf("    call %s %s %s done=%v %s %q", c.Path, c.Builtin, c.Status, c.Done != "", c.Result, c.Error))
			}
		}
	}
	want := []string{
		`run 1 p orders.ndjson running "" finished=false`,
		`  order ORD-1 orders.ndjson:1 running ""`,
		`    call make test.create  done=false  ""`,
		`run 2 p orders.ndjson done "1 order" finished=true`,
		`  order ORD-1 orders.ndjson:1 failed "p.yaml:8:5: step \"refuse\": refused"`,
		`    call make test.create ok done=true {"id":1,"name":"a"} ""`,
		`    call refuse test.fail failed done=true  "refused"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("listed\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An order that a run has already started is ErrDuplicate, naming where
// the first one was read.
func TestDuplicateOrder(t *testing.T) {
	j := testJournal(t)
	ctx := context.Background()
	run, err := j.StartRun(ctx, RunInfo{Pipeline: "p", Input: "orders.ndjson"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run.StartOrder(ctx, "ORD-1", "orders.ndjson:1"); err != nil {
		t.Fatal(err)
	}
	_, err = run.StartOrder(ctx, "ORD-1", "orders.ndjson:7")
	want := `order "ORD-1" at orders.ndjson:7: the order is already in this run (at orders.ndjson:1)`
	if !errors.Is(err, ErrDuplicate) || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// The database is in WAL mode with synchronous=FULL, so that a commit is
// on disk before the call it guards goes out.
func TestDurability(t *testing.T) {
	j := testJournal(t)
	for _, tc := range []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"synchronous", "2"},
		{"busy_timeout", "10000"},
	} {
		var got string
		if err := j.db.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
		}
	}
}

// One batch at a time writes to a journal: a second writer is refused
// with ErrInUse while the first has it open, a reader is not, and the
// journal is free again once the first closes it.
func TestOneWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	first, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.StartRun(context.Background(), RunInfo{Pipeline: "p"}); err != nil {
		t.Fatal(err)
	}
	if j, err := Open(path); !errors.Is(err, ErrInUse) {
		if j != nil {
			_ = j.Close()
		}
		t.Fatalf("second writer: %v, want ErrInUse", err)
	}
	reader, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("reader beside the writer: %v", err)
	}
	if runs, err := reader.Runs(context.Background()); err != nil || len(runs) != 1 {
		t.Errorf("reader: %d runs, %v; want the writer's 1", len(runs), err)
	}
	if err := reader.Close(); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path)
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	if err := again.Close(); err != nil {
		t.Fatal(err)
	}
}
