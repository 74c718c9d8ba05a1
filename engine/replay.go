package engine

import (
	"context"
	"fmt"
	"maps"
	"strings"
)

// Replay plays back under d a run of d's program recorded as its events
// (a Trace's, or each line of a `--trace` file read with UnmarshalEvent).
// It calls nothing: it pauses where the live run would have, with the
// Pause rebuilt from the events (the input, settings, step outputs, vars
// and foreach locals each step saw), and obeys Resume and the
// breakpoints as a live Session does. It fails if the events do not
// begin with a RunStart or name a step the program does not have (the
// pipeline changed since the run was recorded).
func (d *Debugger) Replay(events []Event) (*Session, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("replay: no events")
	}
	if _, ok := events[0].(RunStart); !ok {
		return nil, fmt.Errorf("replay: the events begin with %T, not a run start", events[0])
	}
	for _, e := range events {
		if st, ok := e.(StepStart); ok {
			if s, _ := d.prog.stepAt(st.Path); s == nil || s.ID != st.Step {
				return nil, fmt.Errorf("replay: pipeline %s has no step at %s: was it changed since the run was recorded?", d.prog.pipeline.Name, st.Path)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := d.session(cancel)
	go func() {
		defer s.finish()
		s.trace, s.err = s.replay(ctx, events)
	}()
	return s, nil
}

// rframe is a frame of a replayed run: what its steps saw.
type rframe struct {
	input    any
	settings map[string]any
	steps    map[string]any
	vars     map[string]any
	locals   map[string]any
}

// replay walks the events, rebuilding each step's frame, and pauses before
// each step start as wait decides.
func (s *Session) replay(ctx context.Context, events []Event) (*Trace, error) {
	start := events[0].(RunStart)
	t := &Trace{Pipeline: start.Pipeline, Input: start.Input, Status: StatusFailed}
	root := &rframe{input: start.Input, settings: start.Settings, steps: map[string]any{}, vars: map[string]any{}}
	frames := map[string]*rframe{"": root}
	for i, e := range events {
		switch e := e.(type) {
		case StepStart:
			f := frames[parentPath(e.Path)]
			step, _ := s.d.prog.stepAt(e.Path)
			p := Pause{
				Path: e.Path, Step: e.Step, Kind: e.Kind, Pos: e.Pos, Depth: e.Depth,
				Input: f.input, Settings: f.settings, Steps: maps.Clone(f.steps), Vars: maps.Clone(f.vars), Locals: maps.Clone(f.locals),
				step: step, prog: s.d.prog,
			}
			if err := s.wait(ctx, p, events[:i]); err != nil {
				t.Events = events[:i]
				return t, &Error{Pos: e.Pos, Step: e.Step, Code: CodeCanceled, Err: err}
			}
		case Iteration:
			f := frames[parentPath(e.Path)]
			locals := maps.Clone(f.locals)
			if locals == nil {
				locals = map[string]any{}
			}
			locals[e.As], locals[localIndex] = e.Item, e.Index
			frames[fmt.Sprintf("%s[%d]", e.Path, e.Index)] = &rframe{input: f.input, settings: f.settings, steps: maps.Clone(f.steps), vars: f.vars, locals: locals}
		case Enter:
			f := frames[parentPath(e.Path)]
			frames[e.Path] = &rframe{input: e.Input, settings: f.settings, steps: map[string]any{}, vars: map[string]any{}}
		case StepEnd:
			f := frames[parentPath(e.Path)]
			if f == nil || e.Status == StatusSkipped || e.Status == StatusFailed {
				break
			}
			switch e.Kind {
			case KindSet:
				set, _ := e.Output.(map[string]any)
				maps.Copy(f.vars, set)
				f.steps[e.Step] = e.Output
			case KindCall, KindForeach, KindUse, KindScript:
				f.steps[e.Step] = e.Output
			}
		case Defaulted:
			t.Defaulted = append(t.Defaulted, e.DefaultedValue)
		case RunEnd:
			t.Status = e.Status
			t.Err = e.Err
		}
	}
	t.Events, t.Steps, t.Vars = events, root.steps, root.vars
	return t, t.Err
}

// parentPath is the path of the frame a step at path runs in.
func parentPath(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[:i]
	}
	return ""
}
