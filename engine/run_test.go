package engine_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sevenflow/sevenflow/engine"
)

const stepsSrc = `pipeline: steps
settings: { limit: 2, nested: { a: 1, b: 2 } }
steps:
  - id: one
    set: { n: 1 }
  - id: two
    set: { n: vars.n + 1 }
  - id: three
    assert: vars.n <= settings.limit
  - id: four
    set: { sum: settings.nested.a + settings.nested.b }
`

// compile loads and compiles src against the test registry.
func compile(tb testing.TB, src string) *engine.Program {
	tb.Helper()
	p, err := engine.Load("test.yaml", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return prog
}

func TestObserverAndSettings(t *testing.T) {
	prog := compile(t, stepsSrc)
	var kinds []string
	trace, err := prog.Run(context.Background(), nil,
		engine.WithSettings(map[string]any{"limit": 1}),
		engine.WithSettings(map[string]any{"nested": map[string]any{"b": 5}}),
		engine.WithObserver(func(e engine.Event) { kinds = append(kinds, strings.TrimPrefix(typeName(e), "engine.")) }))
	if err == nil || !strings.Contains(err.Error(), `test.yaml:9:13: step "three": assertion failed: vars.n <= settings.limit`) {
		t.Fatalf("err = %v", err)
	}
	if len(kinds) != len(trace.Events) || kinds[0] != "RunStart" || kinds[len(kinds)-1] != "RunEnd" {
		t.Errorf("observed %v", kinds)
	}
	trace, err = compile(t, stepsSrc).Run(context.Background(), nil, engine.WithSettings(map[string]any{"nested": map[string]any{"b": 5}}))
	if err != nil || trace.Vars["sum"] != 6 || trace.Status != engine.StatusOK {
		t.Fatalf("vars = %v, err = %v", trace.Vars, err)
	}
	if !strings.HasSuffix(trace.Text(), "run ok\n") {
		t.Errorf("text:\n%s", trace.Text())
	}
	var b strings.Builder
	if err := trace.WriteJSON(&b); err != nil || !strings.HasPrefix(b.String(), `{"pipeline":"steps","order_id":null,"status":"ok"`) {
		t.Errorf("json %s, %v", b.String(), err)
	}
}

func typeName(e engine.Event) string {
	switch e.(type) {
	case engine.RunStart:
		return "RunStart"
	case engine.RunEnd:
		return "RunEnd"
	}
	return "other"
}

// TestInputSchema checks that a run validates its input against the
// schema the pipeline's `input` names before the first step, and lists
// each violation as a detail.
func TestInputSchema(t *testing.T) {
	src := "pipeline: v\ninput: order\nsteps:\n  - set: { x: input.order_id }\n"
	prog := compile(t, src)
	if prog.Pipeline().Input != "order" {
		t.Errorf("Input = %q", prog.Pipeline().Input)
	}
	trace, err := prog.Run(context.Background(), map[string]any{"order_id": "ORD-1"})
	want := "test.yaml:2:8: input order: /order_date: required; /order_items: required; /recipient: required"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if d := trace.Summary().Error.Details; len(d) != 3 || d[0].Pointer != "/order_date" {
		t.Errorf("details = %v", d)
	}
}

func TestForeachValues(t *testing.T) {
	src := `pipeline: f
steps:
  - id: each
    foreach: input.list
    steps:
      - id: echo
        call: test.echo
        with: { v: item }
`
	prog := compile(t, src)
	trace, err := prog.Run(context.Background(), map[string]any{"list": []string{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(trace.Steps["each"].([]any)); got != 2 {
		t.Errorf("each = %v", trace.Steps["each"])
	}
	if _, err := prog.Run(context.Background(), map[string]any{"list": nil}); err != nil {
		t.Errorf("nil list: %v", err)
	}
	_, err = prog.Run(context.Background(), map[string]any{"list": 3})
	if err == nil || err.Error() != `test.yaml:4:14: step "each": foreach `+"`input.list`"+`: want a list, not int` {
		t.Errorf("err = %v", err)
	}
}

func TestRuntimeErrorInWhen(t *testing.T) {
	src := "pipeline: w\nsteps:\n  - when: input.a.b == 1\n    fail: x\n  - switch:\n      - when: input.c.d\n        steps: []\n"
	prog := compile(t, src)
	_, err := prog.Run(context.Background(), map[string]any{"a": map[string]any{}, "c": map[string]any{"d": 3}})
	if want := "test.yaml:6:15: step \"switch\": eval `input.c.d`: want a boolean, not int"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	for _, input := range []map[string]any{{}, {"a": map[string]any{}}} {
		_, err := prog.Run(context.Background(), input)
		if err == nil || !strings.Contains(err.Error(), "test.yaml:") {
			t.Errorf("err = %v", err)
		}
	}
}

func TestResolvers(t *testing.T) {
	shipped := fstest.MapFS{
		"standard.yaml": {Data: []byte("pipeline: standard\nsettings: { a: 1 }\nsteps:\n  - use: customs\n")},
		"customs.yaml":  {Data: []byte("pipeline: customs\nsteps:\n  - set: { c: settings.a }\n")},
	}
	p, err := engine.Load("shop.yaml", []byte("pipeline: shop\nextends: standard\nsettings: { a: 2 }\n"), engine.WithFS("pipelines", shipped))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Steps[0].Sub.File; got != "pipelines/customs.yaml" {
		t.Errorf("sub file = %q", got)
	}
	trace, err := compile(t, "pipeline: x\nsteps: []\n").Run(context.Background(), nil)
	if err != nil || trace.Status != engine.StatusOK {
		t.Fatal(err)
	}

	calls := 0
	r := func(from, name string) (string, []byte, error) {
		calls++
		if name == "broken" {
			return "", nil, errors.New("disk on fire")
		}
		if name == "mine" {
			return "mine.yaml", []byte("pipeline: mine\nsteps: []\n"), nil
		}
		return "", nil, fs.ErrNotExist
	}
	if _, err := engine.Load("a.yaml", []byte("pipeline: a\nextends: mine\n"), engine.WithResolver(r)); err != nil {
		t.Fatal(err)
	}
	_, err = engine.Load("a.yaml", []byte("pipeline: a\nextends: broken\n"), engine.WithResolver(r))
	if err == nil || err.Error() != `a.yaml:2:10: resolve "broken": disk on fire` {
		t.Errorf("err = %v", err)
	}
	if calls != 2 {
		t.Errorf("resolver called %d times", calls)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("shop.yaml", "pipeline: shop\nextends: base.yaml\nsteps:\n  - id: b\n    fail: replaced\n")
	write("base.yml", "pipeline: base\ndescription: d\nsteps:\n  - id: sw\n    switch:\n      - default:\n          - id: b\n            set: { x: 1 }\n  - foreach: '[1]'\n    steps:\n      - id: inner\n        set: { y: 1 }\n")
	write("base.yaml", "pipeline: base2\nextends: base\nsteps:\n  - id: inner\n    set: { y: 2 }\n")
	p, err := engine.LoadFile(filepath.Join(dir, "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Description != "d" || p.Steps[0].Cases[0].Steps[0].Message != "replaced" {
		t.Errorf("merged: %+v", p)
	}
	if _, err := engine.LoadFile(filepath.Join(dir, "none.yaml")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("err = %v", err)
	}
}

func TestErrorList(t *testing.T) {
	src := "pipeline: e\nsteps:\n  - when: a\n    fail: x\n  - when: b\n    fail: y\n  - when: c\n    fail: z\n"
	p, _ := engine.Load("e.yaml", []byte(src))
	_, err := engine.Compile(p, nil)
	want := "e.yaml:3:11: step \"fail\": unknown name `a` (and 2 more errors)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if n := len(errors.Unwrap(err.(interface{ Unwrap() []error }).Unwrap()[0]).Error()); n == 0 {
		t.Error("no cause")
	}
	_, err = engine.Compile(&engine.Pipeline{Steps: p.Steps[:2]}, nil)
	if !strings.HasSuffix(err.Error(), "(and 1 more error)") {
		t.Errorf("err = %v", err)
	}
	if engine.Errors(errors.New("plain")) != nil || len(engine.Errors(&engine.Error{})) != 1 {
		t.Error("Errors")
	}
	if got := (engine.ErrorList{}).Error(); got != "no errors" {
		t.Error(got)
	}
	if got := (engine.Pos{File: "f"}).String() + (engine.Pos{File: "f", Line: 2}).String(); got != "ff:2" {
		t.Error(got)
	}
}

func TestConcurrentRuns(t *testing.T) {
	prog := compile(t, stepsSrc)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := prog.Run(context.Background(), nil)
			errs <- err
		}()
	}
	timeout := time.After(10 * time.Second)
	for range 8 {
		select {
		case err := <-errs:
			if err != nil {
				t.Error(err)
			}
		case <-timeout:
			t.Fatal("timeout")
		}
	}
}

func TestRegistry(t *testing.T) {
	reg := testRegistry(t)
	if err := reg.AddCall("test.echo", nil); err == nil {
		t.Error("duplicate call")
	}
	if err := reg.AddFunc(engine.Function{Name: "eu_member", Func: func(...any) (any, error) { return nil, nil }}); err == nil {
		t.Error("duplicate func")
	}
	if err := reg.AddFunc(engine.Function{Name: "nofunc"}); err == nil {
		t.Error("no func")
	}
	engine.RecordExchange(context.Background(), engine.Exchange{})
	engine.Logf(context.Background(), "nothing")
}

// TestReportStatus checks that a builtin's ReportStatus becomes the status
// of its call step, and only of that step.
func TestReportStatus(t *testing.T) {
	prog := compile(t, `pipeline: status
steps:
  - id: found
    call: test.exists
    with: { exists: "true" }
  - id: made
    call: test.exists
    with: { exists: "false" }
`)
	trace, err := prog.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range trace.Summary().Steps {
		got = append(got, s.ID+"="+string(s.Status))
	}
	if want := "found=exists,made=ok"; strings.Join(got, ",") != want {
		t.Errorf("steps %s, want %s", strings.Join(got, ","), want)
	}
}

// TestNestedForeachDefaultName compiles a foreach inside a foreach, both
// with the default name: the error points at the inner foreach.
func TestNestedForeachDefaultName(t *testing.T) {
	p, err := engine.Load("pipeline.yaml", []byte("pipeline: p\nsteps:\n  - foreach: 1..2\n    steps:\n      - foreach: 1..2\n        steps: []\n"))
	if err == nil {
		_, err = engine.Compile(p, testRegistry(t))
	}
	if got, want := errText(err), `pipeline.yaml:5:9: step "foreach_2": as "item" hides the name "item" [bad_value]`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
