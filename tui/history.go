package tui

import (
	"errors"

	"github.com/sevenflow/sevenflow/engine"
)

// status is what the tree shows of a step at one point of a run.
type status int

// The statuses of a step.
const (
	statusPending status = iota // not reached yet
	statusCurrent               // the run is paused before it
	statusRunning               // started, not ended: a use, switch or foreach around the current step
	statusOK                    // ended ok (or exists, or updated)
	statusSkipped               // its `when` was false
	statusFailed                // it failed
	statusNotRun                // the run ended without reaching it
)

// String returns the status's name.
func (s status) String() string {
	return [...]string{"pending", "current", "running", "ok", "skipped", "failed", "not run"}[s]
}

// snapshot is the run as it was at one pause, or at its end: what the
// screen shows when the user goes back to it.
type snapshot struct {
	pause  *engine.Pause  // nil at the end
	events []engine.Event // every event up to here
	trace  *engine.Trace  // at the end: the run's trace
	err    error          // at the end: the run's error

	ended   map[string]engine.StepEnd     // the last end of each step, by path
	started map[string]bool               // the steps started, by path
	iters   map[string][]engine.Iteration // the iterations of each foreach, by path
	calls   map[string][]engine.Call      // the calls of each step, by path
	xs      map[string][]engine.Exchanged // the exchanges of each step, by path
	conds   map[string][]engine.Condition // the conditions of each step, by path
	enters  map[string]engine.Enter       // the sub-pipeline inputs, by path
	failed  string                        // the path of the innermost failed step
	watched map[string]watchValue         // the watches evaluated here, by expression
	steps   int                           // the steps started so far
	lastErr error                         // the last error of a step so far
}

// watchValue is a watch's value at a snapshot, or why it has none.
type watchValue struct {
	v   any
	err error
}

// newSnapshot indexes events, the run's events up to p (nil: the end).
func newSnapshot(p *engine.Pause, events []engine.Event) *snapshot {
	s := &snapshot{
		pause: p, events: events,
		ended: map[string]engine.StepEnd{}, started: map[string]bool{},
		iters: map[string][]engine.Iteration{}, calls: map[string][]engine.Call{},
		xs: map[string][]engine.Exchanged{}, conds: map[string][]engine.Condition{},
		enters: map[string]engine.Enter{}, watched: map[string]watchValue{},
	}
	for _, e := range events {
		switch e := e.(type) {
		case engine.StepStart:
			s.started[e.Path] = true
			s.steps++
		case engine.StepEnd:
			s.ended[e.Path] = e
			if e.Status == engine.StatusFailed {
				if s.failed == "" {
					s.failed = e.Path
				}
				s.lastErr = e.Err
			}
		case engine.Iteration:
			s.iters[e.Path] = append(s.iters[e.Path], e)
		case engine.Call:
			s.calls[e.Path] = append(s.calls[e.Path], e)
		case engine.Exchanged:
			s.xs[e.Path] = append(s.xs[e.Path], e)
		case engine.Condition:
			s.conds[e.Path] = append(s.conds[e.Path], e)
		case engine.Enter:
			s.enters[e.Path] = e
		case engine.RunEnd:
			if e.Err != nil {
				s.lastErr = e.Err
			}
		}
	}
	return s
}

// end returns the snapshot of the end of a run with the trace and error
// Result gave.
func endSnapshot(t *engine.Trace, err error, events []engine.Event) *snapshot {
	if t != nil && len(t.Events) >= len(events) {
		events = t.Events
	}
	s := newSnapshot(nil, events)
	s.trace, s.err = t, err
	if err != nil && s.lastErr == nil {
		s.lastErr = err
	}
	return s
}

// status returns the status of the step at path.
func (s *snapshot) status(path string) status {
	if s.pause != nil && s.pause.Path == path {
		return statusCurrent
	}
	if e, ok := s.ended[path]; ok {
		switch e.Status {
		case engine.StatusSkipped:
			return statusSkipped
		case engine.StatusFailed:
			return statusFailed
		}
		return statusOK
	}
	if s.started[path] {
		return statusRunning
	}
	if s.pause == nil {
		return statusNotRun
	}
	return statusPending
}

// here is the path the snapshot is at: the paused step, or the failed
// one at the end.
func (s *snapshot) here() string {
	if s.pause != nil {
		return s.pause.Path
	}
	return s.failed
}

// watch evaluates src at the snapshot's pause, once.
func (s *snapshot) watch(src string) watchValue {
	if w, ok := s.watched[src]; ok {
		return w
	}
	var w watchValue
	if s.pause == nil {
		w.err = errors.New("the run has ended")
	} else {
		w.v, w.err = s.pause.Eval(src)
	}
	s.watched[src] = w
	return w
}
