package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sevenflow/sevenflow/engine"
)

// nestedSrc has a foreach around a switch around a use, so that one step
// id runs at several paths.
const nestedSrc = `pipeline: nested
steps:
  - id: start
    set: { n: 0 }
  - id: parcels
    foreach: input.parcels
    as: parcel
    steps:
      - id: route
        switch:
          - when: parcel.heavy
            steps:
              - id: dispatch
                use: inner
                with: { weight: parcel.weight }
          - default:
              - id: light
                set: { last: parcel.weight }
  - id: after
    call: test.echo
    with: { n: len(steps.parcels) }
`

const innerSrc = `pipeline: inner
steps:
  - id: check
    assert: input.weight > 0
  - id: label
    call: test.echo
    with: { w: input.weight }
`

var nestedInput = map[string]any{"parcels": []any{
	map[string]any{"heavy": false, "weight": 1.0},
	map[string]any{"heavy": true, "weight": 20.0},
	map[string]any{"heavy": true, "weight": 30.0},
}}

func compileNested(t *testing.T) *engine.Program {
	t.Helper()
	p, err := engine.Load("nested.yaml", []byte(nestedSrc), engine.WithFS(".", fstest.MapFS{"inner.yaml": &fstest.MapFile{Data: []byte(innerSrc)}}))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// drive resumes s with how at every pause and returns the pauses.
func drive(t *testing.T, s *engine.Session, how ...engine.Resume) []engine.Pause {
	t.Helper()
	var got []engine.Pause
	for p := range s.Pauses() {
		got = append(got, p)
		next := engine.StepInto
		if len(how) > 0 {
			next, how = how[0], how[1:]
		}
		s.Resume(next)
	}
	<-s.Done()
	return got
}

func paths(ps []engine.Pause) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return strings.Join(out, " ")
}

// Every step of a run has a path that tells its iterations and
// sub-pipeline runs apart.
func TestStepPaths(t *testing.T) {
	trace, err := compileNested(t).Run(context.Background(), nestedInput)
	if err != nil {
		t.Fatal(err)
	}
	var starts []string
	for _, e := range trace.Events {
		if s, ok := e.(engine.StepStart); ok {
			starts = append(starts, s.Path)
		}
		if c, ok := e.(engine.Call); ok && c.Builtin == "test.echo" && c.Path == "" {
			t.Errorf("call without a path: %+v", c)
		}
	}
	want := "start parcels parcels[0]/route parcels[0]/light parcels[1]/route parcels[1]/dispatch parcels[1]/dispatch/check parcels[1]/dispatch/label " +
		"parcels[2]/route parcels[2]/dispatch parcels[2]/dispatch/check parcels[2]/dispatch/label after"
	if got := strings.Join(starts, " "); got != want {
		t.Errorf("paths:\n got %s\nwant %s", got, want)
	}
}

func TestStepping(t *testing.T) {
	tests := []struct {
		name string
		how  []engine.Resume
		want string
	}{
		{"into", nil, "start parcels parcels[0]/route parcels[0]/light parcels[1]/route parcels[1]/dispatch parcels[1]/dispatch/check parcels[1]/dispatch/label " +
			"parcels[2]/route parcels[2]/dispatch parcels[2]/dispatch/check parcels[2]/dispatch/label after"},
		// Over the foreach: it runs as one step.
		{"over a foreach", []engine.Resume{engine.StepInto, engine.StepOver}, "start parcels after"},
		// Into the loop, then over the switch of the second iteration,
		// then into the third.
		{"over a switch", []engine.Resume{engine.StepInto, engine.StepInto, engine.StepInto, engine.StepInto, engine.StepOver, engine.StepInto},
			"start parcels parcels[0]/route parcels[0]/light parcels[1]/route parcels[2]/route parcels[2]/dispatch parcels[2]/dispatch/check parcels[2]/dispatch/label after"},
		// Out of the sub-pipeline at its first step: to the next step
		// outside it.
		{"out of a use", []engine.Resume{engine.StepInto, engine.StepInto, engine.StepInto, engine.StepInto, engine.StepInto, engine.StepInto, engine.StepOut},
			"start parcels parcels[0]/route parcels[0]/light parcels[1]/route parcels[1]/dispatch parcels[1]/dispatch/check parcels[2]/route parcels[2]/dispatch parcels[2]/dispatch/check parcels[2]/dispatch/label after"},
		{"continue", []engine.Resume{engine.Continue}, "start"},
	}
	prog := compileNested(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := engine.NewDebugger(prog)
			s := d.Start(context.Background(), nestedInput)
			if got := paths(drive(t, s, tt.how...)); got != tt.want {
				t.Errorf("paused at:\n got %s\nwant %s", got, tt.want)
			}
			if tr, err := s.Result(); err != nil || tr.Status != engine.StatusOK {
				t.Errorf("result = %v, %v", tr, err)
			}
		})
	}
}

func TestBreakpoints(t *testing.T) {
	tests := []struct {
		name  string
		bps   []engine.Breakpoint
		calls bool
		want  string
	}{
		{"by id, every iteration", []engine.Breakpoint{{At: "route"}}, false, "start parcels[0]/route parcels[1]/route parcels[2]/route"},
		{"by path", []engine.Breakpoint{{At: "parcels[2]/dispatch/label"}}, false, "start parcels[2]/dispatch/label"},
		{"by trailing path", []engine.Breakpoint{{At: "dispatch/label"}}, false, "start parcels[1]/dispatch/label parcels[2]/dispatch/label"},
		{"conditional inside a foreach", []engine.Breakpoint{{At: "route", When: "index == 1"}}, false, "start parcels[1]/route"},
		{"conditional on a sub-pipeline's input", []engine.Breakpoint{{At: "label", When: "input.weight > 25"}}, false, "start parcels[2]/dispatch/label"},
		// An expression alone breaks where it becomes true.
		{"expression", []engine.Breakpoint{{When: "index == 1"}}, false, "start parcels[1]/route"},
		{"every iteration by path", []engine.Breakpoint{{At: "parcels[]/dispatch"}}, false, "start parcels[1]/dispatch parcels[2]/dispatch"},
		{"before calls", nil, true, "start parcels[1]/dispatch/label parcels[2]/dispatch/label after"},
	}
	prog := compileNested(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := engine.NewDebugger(prog)
			for _, b := range tt.bps {
				if err := d.SetBreakpoint(b); err != nil {
					t.Fatal(err)
				}
			}
			d.BreakOnCalls(tt.calls)
			s := d.Start(context.Background(), nestedInput)
			got := drive(t, s, engine.Continue, engine.Continue, engine.Continue, engine.Continue, engine.Continue)
			if paths(got) != tt.want {
				t.Errorf("paused at:\n got %s\nwant %s", paths(got), tt.want)
			}
			if len(got) > 1 {
				want := engine.ReasonBreakpoint
				if tt.calls {
					want = engine.ReasonCall
				}
				if got[0].Reason != engine.ReasonStart || got[1].Reason != want {
					t.Errorf("reasons = %s, %s", got[0].Reason, got[1].Reason)
				}
			}
		})
	}
}

func TestBreakpointErrors(t *testing.T) {
	d := engine.NewDebugger(compileNested(t))
	tests := []struct {
		bp   engine.Breakpoint
		want string
	}{
		{engine.Breakpoint{At: "rout"}, "breakpoint rout: no step \"rout\", did you mean `route`?"},
		{engine.Breakpoint{At: "route", When: "parcle.heavy"}, "unknown name `parcle`, did you mean `parcel`?"},
		{engine.Breakpoint{At: "start", When: "parcel.heavy"}, "unknown name `parcel`"},
		{engine.Breakpoint{At: "route", When: "index +"}, "eval:1:"},
	}
	for _, tt := range tests {
		err := d.SetBreakpoint(tt.bp)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("SetBreakpoint(%v) = %v, want %q", tt.bp, err, tt.want)
		}
	}
	if len(d.Breakpoints()) != 0 {
		t.Errorf("a bad breakpoint was kept: %v", d.Breakpoints())
	}
	if err := d.SetBreakpoint(engine.Breakpoint{At: "route"}); err != nil {
		t.Fatal(err)
	}
	d.ClearBreakpoint("route")
	if len(d.Breakpoints()) != 0 {
		t.Errorf("ClearBreakpoint left %v", d.Breakpoints())
	}
}

// A pause shows the step's scope, and Eval evaluates in it with the
// errors lint gives.
func TestPauseScopeAndEval(t *testing.T) {
	d := engine.NewDebugger(compileNested(t))
	if err := d.SetBreakpoint(engine.Breakpoint{At: "parcels[2]/dispatch/label"}); err != nil {
		t.Fatal(err)
	}
	s := d.Start(context.Background(), nestedInput)
	<-s.Pauses()
	s.Resume(engine.Continue)
	p := <-s.Pauses()
	if p.Path != "parcels[2]/dispatch/label" || p.Depth != 3 {
		t.Fatalf("paused at %s depth %d", p.Path, p.Depth)
	}
	if !reflect.DeepEqual(p.Input, map[string]any{"weight": 30.0}) {
		t.Errorf("input = %v, want the use's with", p.Input)
	}
	if len(p.Locals) != 0 || p.Steps["check"] != nil || len(p.Vars) != 0 {
		t.Errorf("a sub-pipeline sees only its own: locals %v steps %v vars %v", p.Locals, p.Steps, p.Vars)
	}
	if v, err := p.Eval("input.weight * 2"); err != nil || v != 60.0 {
		t.Errorf("Eval = %v, %v", v, err)
	}
	_, err := p.Eval("parcel.weight")
	var e *engine.Error
	if !errors.As(err, &e) || e.Code != engine.CodeUnknownName || !strings.HasPrefix(err.Error(), "eval:1:1: ") {
		t.Errorf("Eval of a name out of scope = %v", err)
	}
	s.Stop()
	for range s.Pauses() {
	}
	if _, err := s.Result(); !errors.Is(err, context.Canceled) {
		t.Errorf("stopped run: %v", err)
	}

	// Inside the loop, the element and its index.
	d = engine.NewDebugger(compileNested(t))
	if err := d.SetBreakpoint(engine.Breakpoint{At: "light"}); err != nil {
		t.Fatal(err)
	}
	s = d.Start(context.Background(), nestedInput)
	<-s.Pauses()
	s.Resume(engine.Continue)
	p = <-s.Pauses()
	if p.Locals["index"] != 0 || p.Locals["parcel"] == nil || p.Vars["n"] != 0 {
		t.Errorf("locals %v vars %v", p.Locals, p.Vars)
	}
	if v, err := p.Eval("parcel.heavy || index > 0"); err != nil || v != false {
		t.Errorf("Eval = %v, %v", v, err)
	}
	// An error points at its column of the expression, as lint's would
	// in a file.
	for src, want := range map[string]string{
		"index + parcle.weight": "eval:1:9: step \"light\": unknown name `parcle`, did you mean `parcel`?",
		"index +":               "eval:1:7: step \"light\": unexpected token EOF",
		"1 +\n  nope":           "eval:2:3: step \"light\": unknown name `nope`",
	} {
		if _, err := p.Eval(src); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Eval(%q) = %v, want %q", src, err, want)
		}
	}
	s.Resume(engine.Continue)
	drive(t, s)
}

// Stepping belongs to the session: two runs under one Debugger do not
// share it.
func TestSessionsAreIndependent(t *testing.T) {
	d := engine.NewDebugger(compileNested(t))
	a := d.Start(context.Background(), nestedInput)
	b := d.Start(context.Background(), nestedInput)
	<-a.Pauses()
	a.Resume(engine.Continue)
	<-a.Done()
	if got := paths(drive(t, b)); !strings.HasSuffix(got, "parcels[2]/dispatch/label after") {
		t.Errorf("b paused at %s", got)
	}
}

// A run recorded as JSON events replays with the same pauses, the same
// scope at each, and the same trace, and calls nothing.
func TestReplayMatchesLive(t *testing.T) {
	type run struct {
		name  string
		prog  *engine.Program
		input any
	}
	runs := []run{{"nested", compileNested(t), nestedInput}}
	dirs, _ := filepath.Glob("../testdata/engine/*")
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "trace.golden")); err != nil {
			continue
		}
		display := "testdata/engine/" + filepath.Base(dir)
		src, _ := os.ReadFile(filepath.Join(dir, "pipeline.yaml"))
		p, err := engine.Load(display+"/pipeline.yaml", src, engine.WithFS(display, os.DirFS(dir)))
		if err != nil {
			t.Fatal(err)
		}
		prog, err := engine.Compile(p, testRegistry(t))
		if err != nil {
			t.Fatal(err)
		}
		var input any
		if in, err := os.ReadFile(filepath.Join(dir, "input.json")); err == nil {
			json.Unmarshal(in, &input)
		}
		runs = append(runs, run{filepath.Base(dir), prog, input})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			d := engine.NewDebugger(r.prog)
			live := d.Start(context.Background(), r.input)
			livePauses := drive(t, live)
			trace, _ := live.Result()

			var rec bytes.Buffer
			for _, e := range trace.Events {
				b, err := engine.MarshalEvent(e)
				if err != nil {
					t.Fatal(err)
				}
				rec.Write(append(b, '\n'))
			}
			var events []engine.Event
			for _, line := range strings.Split(strings.TrimSpace(rec.String()), "\n") {
				e, err := engine.UnmarshalEvent([]byte(line))
				if err != nil {
					t.Fatal(err)
				}
				again, _ := engine.MarshalEvent(e)
				if string(again) != line {
					t.Fatalf("round trip:\n got %s\nwant %s", again, line)
				}
				events = append(events, e)
			}
			rs, err := d.Replay(events)
			if err != nil {
				t.Fatal(err)
			}
			replayed := drive(t, rs)
			rt, rerr := rs.Result()
			if len(replayed) != len(livePauses) {
				t.Fatalf("replay paused %d times, live %d", len(replayed), len(livePauses))
			}
			for i := range livePauses {
				if a, b := pauseJSON(t, livePauses[i]), pauseJSON(t, replayed[i]); a != b {
					t.Errorf("pause %d:\n live %s\nreplay %s", i, a, b)
				}
			}
			if rt.Text() != trace.Text() || (rerr == nil) != (trace.Err == nil) {
				t.Errorf("replayed trace differs:\n%s\nlive:\n%s", rt.Text(), trace.Text())
			}
			if trace.Err != nil && rerr.Error() != trace.Err.Error() {
				t.Errorf("replayed error %q, live %q", rerr, trace.Err)
			}
		})
	}
}

// pauseJSON is what a screen shows of a pause, as JSON.
func pauseJSON(t *testing.T, p engine.Pause) string {
	t.Helper()
	var events []string
	for _, e := range p.Events {
		b, _ := engine.MarshalEvent(e)
		events = append(events, string(b))
	}
	b, err := json.Marshal(map[string]any{"path": p.Path, "step": p.Step, "kind": p.Kind, "pos": p.Pos, "depth": p.Depth,
		"reason": p.Reason, "scope": p.Scope(), "locals": p.Locals, "events": events})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReplayRejectsAnotherPipeline(t *testing.T) {
	trace, _ := compileNested(t).Run(context.Background(), nestedInput)
	d := engine.NewDebugger(compile(t, stepsSrc))
	if _, err := d.Replay(trace.Events); err == nil || !strings.Contains(err.Error(), "has no step at start") {
		t.Errorf("err = %v", err)
	}
	if _, err := d.Replay(nil); err == nil {
		t.Error("no events: no error")
	}
}

func TestUnmarshalEventErrors(t *testing.T) {
	for _, in := range []string{`{`, `{"event":"nope"}`, `{"event":"condition"}`, `{"event":"step_start","pos":"a:0:5"}`} {
		if _, err := engine.UnmarshalEvent([]byte(in)); err == nil {
			t.Errorf("UnmarshalEvent(%s): no error", in)
		}
	}
}

// Every call passes through the interceptors, outermost first, with its
// path; an interceptor may answer for the call.
func TestCallInterceptor(t *testing.T) {
	prog := compileNested(t)
	var log []string
	outer := func(ctx context.Context, c engine.CallInfo, next func(context.Context) (any, error)) (any, error) {
		log = append(log, "outer "+c.Path+" "+c.Builtin)
		return next(ctx)
	}
	inner := func(ctx context.Context, c engine.CallInfo, next func(context.Context) (any, error)) (any, error) {
		log = append(log, "inner "+c.Path)
		if c.Path == "parcels[2]/dispatch/label" {
			return map[string]any{"journal": true}, nil
		}
		return next(ctx)
	}
	trace, err := prog.Run(context.Background(), nestedInput, engine.WithCallInterceptor(outer), engine.WithCallInterceptor(inner))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"outer parcels[1]/dispatch/label test.echo", "inner parcels[1]/dispatch/label",
		"outer parcels[2]/dispatch/label test.echo", "inner parcels[2]/dispatch/label",
		"outer after test.echo", "inner after",
	}
	if !slices.Equal(log, want) {
		t.Errorf("calls:\n%s", strings.Join(log, "\n"))
	}
	for _, e := range trace.Events {
		if c, ok := e.(engine.Call); ok && c.Path == "parcels[2]/dispatch/label" && !reflect.DeepEqual(c.Result, map[string]any{"journal": true}) {
			t.Errorf("the interceptor's answer is not the result: %v", c.Result)
		}
	}
}
