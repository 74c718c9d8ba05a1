package engine

import (
	"context"
	"sort"
	"sync"
)

// Pause is where a run stopped: before the step Step, with the outputs and
// vars it can see (copies).
type Pause struct {
	Step  string
	Kind  StepKind
	Pos   Pos
	Depth int
	Steps map[string]any
	Vars  map[string]any
}

// Debugger drives a run step by step. Pass it to Run with WithDebugger and
// run the program on its own goroutine; the run sends a Pause on Pauses
// before every step while stepping, and before every breakpoint's step,
// then waits for Step or Continue. A new Debugger is stepping, so the run
// pauses before its first step. Cancel the run's context to stop it.
type Debugger struct {
	mu       sync.Mutex
	stepping bool
	breaks   map[string]bool
	pauses   chan Pause
	resume   chan bool
}

// NewDebugger returns a Debugger that pauses before the first step.
func NewDebugger() *Debugger {
	return &Debugger{stepping: true, breaks: map[string]bool{}, pauses: make(chan Pause), resume: make(chan bool, 1)}
}

// Pauses delivers a Pause each time the run stops.
func (d *Debugger) Pauses() <-chan Pause { return d.pauses }

// Step runs the paused step and pauses before the next one.
func (d *Debugger) Step() { d.release(true) }

// Continue runs until the next breakpoint or the end.
func (d *Debugger) Continue() { d.release(false) }

func (d *Debugger) release(stepping bool) {
	select {
	case d.resume <- stepping:
	default:
	}
}

// SetBreakpoint sets (on) or clears the breakpoint before the step id.
func (d *Debugger) SetBreakpoint(id string, on bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if on {
		d.breaks[id] = true
	} else {
		delete(d.breaks, id)
	}
}

// Breakpoints returns the step ids with a breakpoint, sorted.
func (d *Debugger) Breakpoints() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	ids := make([]string, 0, len(d.breaks))
	for id := range d.breaks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// wait pauses the run at p if stepping or at a breakpoint, until Step,
// Continue or the end of ctx.
func (d *Debugger) wait(ctx context.Context, p Pause) error {
	d.mu.Lock()
	stop := d.stepping || d.breaks[p.Step]
	d.mu.Unlock()
	if !stop {
		return nil
	}
	select {
	case d.pauses <- p:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case stepping := <-d.resume:
		d.mu.Lock()
		d.stepping = stepping
		d.mu.Unlock()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
