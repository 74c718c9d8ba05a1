package tui

import (
	"github.com/sevenflow/sevenflow/engine"
)

// Run is one run under the debugger, as the model drives it. Its
// lifecycle: once started it pauses before its first step and delivers
// the Pause on Pauses; the model lets it go on with Resume, once per
// pause, until the next pause. When the run ends, Pauses and Done are
// closed and Result returns the trace (every event) and the run's error.
// Stop ends the run early. *engine.Session is a Run, live or replayed.
type Run interface {
	Pauses() <-chan engine.Pause
	Resume(engine.Resume)
	Done() <-chan struct{}
	Result() (*engine.Trace, error)
	Stop()
}

// Breakpoints is where the model keeps the breakpoints. They outlive a
// run: a restarted run keeps them. *engine.Debugger is one.
type Breakpoints interface {
	// SetBreakpoint adds or replaces a breakpoint, or says, as lint
	// would, why it cannot hold.
	SetBreakpoint(engine.Breakpoint) error
	ClearBreakpoint(at string)
	Breakpoints() []engine.Breakpoint
	BreakOnCalls(bool)
	BreaksOnCalls() bool
}

// Config is what New needs to debug runs of one pipeline.
type Config struct {
	// Pipeline is the loaded pipeline the runs are of: the tree on the
	// left, and the steps' sources.
	Pipeline *engine.Pipeline
	// Breakpoints holds the breakpoints of every run.
	Breakpoints Breakpoints
	// Start starts a run, paused before its first step. The model calls
	// it once at the start and again on restart, after stopping the run
	// before.
	Start func() (Run, error)
	// Target names where the calls go, for the status bar: "sim", "uat",
	// "replay t.ndjson".
	Target string
	// Source returns the text of a pipeline file by the name positions
	// give it ("pipelines/customs.yaml"); nil shows no source.
	Source func(file string) ([]byte, error)
	// Styles are the colours and marks; nil is DefaultStyles of the
	// default renderer.
	Styles *Styles
	// Watches are expressions to show at every pause, pinned on top of
	// the Scope tab.
	Watches []string
}

var (
	_ Run         = (*engine.Session)(nil)
	_ Breakpoints = (*engine.Debugger)(nil)
)
