package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/expr-lang/expr"
)

// Resume says how far a paused run goes before it pauses again.
type Resume int

// The ways to resume a paused run.
const (
	// StepInto pauses before the next step, nested or not.
	StepInto Resume = iota
	// StepOver pauses before the next step that is not inside the paused
	// one: a switch, foreach or use runs as one step.
	StepOver
	// StepOut pauses before the next step outside the switch case, loop
	// body or sub-pipeline the paused step is in.
	StepOut
	// Continue pauses only at a breakpoint, or before a call when the
	// Debugger breaks on calls.
	Continue
)

// Reason says why a run paused.
type Reason string

// The reasons for a pause.
const (
	ReasonStart      Reason = "start"      // before the first step
	ReasonStep       Reason = "step"       // stepping
	ReasonBreakpoint Reason = "breakpoint" // a breakpoint held
	ReasonCall       Reason = "call"       // before a call, with BreakOnCalls
)

// Pause is where a run stopped: before the step at Path, with the scope
// that step's expressions see (copies). Eval evaluates an expression in
// that scope.
type Pause struct {
	// Path is the step's address in the run: its id, after the ids of the
	// use steps and the foreach iterations it is inside, joined by "/"
	// ("parcels[1]/dispatch/label"). Switch cases add nothing: step ids
	// are unique in a pipeline. Every event of the step carries it too.
	Path   string
	Step   string
	Kind   StepKind
	Pos    Pos
	Depth  int
	Reason Reason
	// Input is what `input` is at the step: the run's input, or a
	// sub-pipeline's `with`.
	Input    any
	Settings map[string]any
	Steps    map[string]any
	Vars     map[string]any
	// Locals are the foreach names around the step: its `as` name and
	// `index`.
	Locals map[string]any
	// Events are the events of the run since the previous pause (since
	// the start, for the first).
	Events []Event

	step *cstep
	prog *Program
}

// Scope returns the names the step's expressions see, with their values.
func (p Pause) Scope() map[string]any {
	f := frame{input: p.Input, settings: p.Settings, steps: p.Steps, vars: p.Vars, locals: p.Locals}
	return f.env()
}

// Eval compiles src as an expression of the paused step, with the checks
// lint makes (a name the step cannot see is an *Error with a suggestion,
// at "eval:LINE:COL"), and evaluates it in the step's scope.
func (p Pause) Eval(src string) (any, error) {
	if p.step == nil || p.prog == nil {
		return nil, errors.New("eval: not paused at a step of a program")
	}
	e, err := p.prog.compileAt(p.step, src)
	if err != nil {
		return nil, err
	}
	prog, err := e.program()
	if err != nil {
		return nil, err
	}
	v, err := expr.Run(prog, p.Scope())
	if err != nil {
		return nil, fmt.Errorf("eval `%s`: %w", src, err)
	}
	return plain(v), nil
}

// compileAt compiles src in the scope of step s, as lint would.
func (p *Program) compileAt(s *cstep, src string) (*cexpr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errors.New("eval: empty expression")
	}
	c := *p.comp
	c.errs = nil
	e := c.expr(evalExpr(src), s.ID, s.scope, false)
	if err := c.errs.sort().err(); err != nil {
		return nil, err
	}
	return e, nil
}

// evalExpr is src as an expression of the file "eval", so that an error
// in it points at its line and column there ("eval:1:5").
func evalExpr(src string) *Expr {
	e := &Expr{Src: src, Pos: Pos{File: evalFile, Line: 1, Col: 1}, file: evalFile}
	for i, l := range strings.Split(src, "\n") {
		e.segs = append(e.segs, segment{line: i + 1, col: 1, n: utf8.RuneCountInString(l)})
	}
	return e
}

// evalFile is the file name of the positions in an evaluated expression.
const evalFile = "eval"

// Breakpoint pauses a run before a step.
type Breakpoint struct {
	// At is a step id (the step in every iteration and sub-pipeline run)
	// or a step path; "" is every step.
	At string
	// When is an expression that must hold too, evaluated in the step's
	// scope; "" always holds. A breakpoint with no At pauses where its
	// When becomes true: at the first step where it holds after one where
	// it did not (or could not be evaluated).
	When string
}

// String returns "AT if WHEN", leaving out the parts that are empty.
func (b Breakpoint) String() string {
	switch {
	case b.When == "":
		return b.At
	case b.At == "":
		return "if " + b.When
	}
	return b.At + " if " + b.When
}

// Debugger holds what outlives one run under it: the breakpoints and
// whether to break before calls. Start runs the program under it, Replay
// plays a recorded run back; each gives a Session that owns its stepping.
// A Debugger is safe for concurrent use.
type Debugger struct {
	prog  *Program
	mu    sync.Mutex
	bps   []Breakpoint
	calls bool
	conds map[condKey]*cexpr // compiled When of breakpoints, by step
}

type condKey struct {
	step *cstep
	src  string
}

// NewDebugger returns a Debugger for runs of p, with no breakpoints.
func NewDebugger(p *Program) *Debugger {
	return &Debugger{prog: p, conds: map[condKey]*cexpr{}}
}

// SetBreakpoint adds b, or replaces the breakpoint with the same At. At
// must name a step of the program (by id or path), and When must compile
// in the scope of some step it applies to; the error says why not, as
// lint would.
func (d *Debugger) SetBreakpoint(b Breakpoint) error {
	var steps []*cstep
	d.prog.walk("", func(path string, s *cstep) {
		if b.At == "" || b.At == s.ID || matchPath(AnyIteration(b.At), path) {
			steps = append(steps, s)
		}
	})
	if len(steps) == 0 {
		var ids []string
		d.prog.walk("", func(_ string, s *cstep) { ids = append(ids, s.ID) })
		return fmt.Errorf("breakpoint %s: no step %q%s", b, b.At, didYouMean(b.At, ids))
	}
	if b.When != "" {
		var first error
		ok := false
		for _, s := range steps {
			if _, err := d.prog.compileAt(s, b.When); err != nil {
				first = cmpOr(first, err)
				continue
			}
			ok = true
		}
		if !ok {
			return fmt.Errorf("breakpoint %s: %w", b, first)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.bps = slices.DeleteFunc(d.bps, func(x Breakpoint) bool { return x.At == b.At })
	d.bps = append(d.bps, b)
	return nil
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// ClearBreakpoint removes the breakpoint at (a step id or path, "" for the
// breakpoint on every step), if there is one.
func (d *Debugger) ClearBreakpoint(at string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.bps = slices.DeleteFunc(d.bps, func(x Breakpoint) bool { return x.At == at })
}

// Breakpoints returns the breakpoints in the order they were set.
func (d *Debugger) Breakpoints() []Breakpoint {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.bps)
}

// BreakOnCalls sets whether runs pause before every call step, whatever
// they were told to resume with.
func (d *Debugger) BreakOnCalls(on bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = on
}

// BreaksOnCalls reports whether runs pause before every call step.
func (d *Debugger) BreaksOnCalls() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls
}

// Session is one run under a Debugger, live (Start) or played back from
// its events (Replay). It pauses before its first step; Pauses delivers
// each pause, and Resume lets it go on. When the run ends, Pauses is
// closed, Done is closed and Result has the trace.
type Session struct {
	d      *Debugger
	pauses chan Pause
	resume chan Resume
	done   chan struct{}
	cancel context.CancelFunc

	// Owned by the run's goroutine.
	mode    Resume
	depth   int             // of the last pause
	started bool            // paused once
	held    map[string]bool // breakpoints without At whose When held at the last step
	sent    int             // events delivered with pauses

	trace *Trace
	err   error
	mask  *masker // the run's, for each pause
}

// Start runs input through the program under d on a new goroutine, and
// returns its Session, paused before the first step. opts are those of
// Run (settings, observers, ...).
func (d *Debugger) Start(ctx context.Context, input any, opts ...RunOption) *Session {
	ctx, cancel := context.WithCancel(ctx)
	s := d.session(cancel)
	go func() {
		defer s.finish()
		s.trace, s.err = d.prog.Run(ctx, input, append(slices.Clone(opts), func(c *runConfig) { c.session = s })...)
	}()
	return s
}

func (d *Debugger) session(cancel context.CancelFunc) *Session {
	return &Session{d: d, pauses: make(chan Pause), resume: make(chan Resume, 1), done: make(chan struct{}), cancel: cancel, held: map[string]bool{}}
}

// finish ends the session: Done first, so that a reader of Pauses who
// sees it closed finds the Result there.
func (s *Session) finish() {
	close(s.done)
	close(s.pauses)
}

// Pauses delivers a Pause each time the run stops. It is closed when the
// run ends.
func (s *Session) Pauses() <-chan Pause { return s.pauses }

// Resume lets the paused run go on until it pauses again as how says.
// It does nothing while the run is not paused.
func (s *Session) Resume(how Resume) {
	select {
	case s.resume <- how:
	default:
	}
}

// Done is closed when the run has ended.
func (s *Session) Done() <-chan struct{} { return s.done }

// Result returns the run's trace and error once Done is closed; the trace
// holds every event. Before that it returns nil and nil.
func (s *Session) Result() (*Trace, error) {
	select {
	case <-s.done:
		return s.trace, s.err
	default:
		return nil, nil
	}
}

// Stop ends the run: a live run fails before its next step with
// CodeCanceled.
func (s *Session) Stop() { s.cancel() }

// wait pauses the run at p if it should, until Resume or the end of ctx.
// events are all the run's events so far.
func (s *Session) wait(ctx context.Context, p Pause, events []Event) error {
	reason := s.reason(p)
	if reason == "" {
		return nil
	}
	p = s.mask.pause(p)
	p.Reason = reason
	p.Events = slices.Clone(events[s.sent:])
	s.sent = len(events)
	select {
	case s.pauses <- p:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case how := <-s.resume:
		s.mode, s.depth = how, p.Depth
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reason says why the run pauses at p, or "" if it goes on.
func (s *Session) reason(p Pause) Reason {
	if !s.started {
		s.started = true
		s.held = s.heldAt(p)
		return ReasonStart
	}
	hit := false
	held := s.heldAt(p)
	for _, b := range s.d.Breakpoints() {
		switch {
		case b.At == "" && b.When != "":
			hit = hit || held[b.When] && !s.held[b.When]
		case b.At == "" || b.At == p.Step || matchPath(b.At, p.Path):
			hit = hit || b.When == "" || s.d.holds(p, b.When)
		}
	}
	s.held = held
	switch {
	case hit:
		return ReasonBreakpoint
	case s.d.BreaksOnCalls() && p.Kind == KindCall:
		return ReasonCall
	case s.mode == StepInto,
		s.mode == StepOver && p.Depth <= s.depth,
		s.mode == StepOut && p.Depth < s.depth:
		return ReasonStep
	}
	return ""
}

// heldAt evaluates, at p, the When of each breakpoint without an At.
func (s *Session) heldAt(p Pause) map[string]bool {
	held := map[string]bool{}
	for _, b := range s.d.Breakpoints() {
		if b.At == "" && b.When != "" && s.d.holds(p, b.When) {
			held[b.When] = true
		}
	}
	return held
}

// holds reports whether src is true at p; an expression that does not
// compile or fails there is false.
func (d *Debugger) holds(p Pause, src string) bool {
	d.mu.Lock()
	e, ok := d.conds[condKey{p.step, src}]
	if !ok {
		e, _ = d.prog.compileAt(p.step, src)
		d.conds[condKey{p.step, src}] = e
	}
	d.mu.Unlock()
	if e == nil {
		return false
	}
	prog, err := e.program()
	if err != nil {
		return false
	}
	v, err := expr.Run(prog, p.Scope())
	b, _ := v.(bool)
	return err == nil && b
}

// matchPath reports whether a breakpoint's At names the step at path:
// the path itself, or its trailing segments ("dispatch/label" names
// "parcels[1]/dispatch/label"). "[]" in At stands for every iteration
// ("parcels[]/dispatch/label"), as in the paths walk gives.
func matchPath(at, path string) bool {
	if strings.Contains(at, "[]") {
		path = AnyIteration(path)
	}
	return at == path || strings.HasSuffix(path, "/"+at)
}

// AnyIteration replaces the index of every foreach iteration in a step
// path with "[]" ("parcels[1]/dispatch" becomes "parcels[]/dispatch"): a
// breakpoint at the result holds in every iteration.
func AnyIteration(path string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(path, '[')
		j := strings.IndexByte(path, ']')
		if i < 0 || j < i {
			b.WriteString(path)
			return b.String()
		}
		b.WriteString(path[:i+1])
		path = path[j:]
	}
}

// walk calls fn with the path and step of every step of the program and
// its sub-pipelines, in order; a foreach adds "[]" to its body's paths.
func (p *Program) walk(prefix string, fn func(path string, s *cstep)) {
	var visit func(prefix string, steps []*cstep)
	visit = func(prefix string, steps []*cstep) {
		for _, s := range steps {
			path := joinPath(prefix, s.ID)
			fn(path, s)
			for _, c := range s.cases {
				visit(prefix, c.steps)
			}
			if s.Kind == KindForeach {
				visit(path+"[]", s.body)
			}
			if s.sub != nil {
				s.sub.walk(path, fn)
			}
		}
	}
	visit(prefix, p.steps)
}

func joinPath(prefix, id string) string {
	if prefix == "" {
		return id
	}
	return prefix + "/" + id
}

// stepAt returns the step at a run's path ("parcels[1]/dispatch/label"),
// and the program it belongs to.
func (p *Program) stepAt(path string) (*cstep, *Program) {
	prog, steps := p, p.steps
	parts := strings.Split(path, "/")
	for i, part := range parts {
		id, _, loop := strings.Cut(part, "[")
		s := findStep(steps, id)
		if s == nil {
			return nil, nil
		}
		if i == len(parts)-1 {
			return s, prog
		}
		switch {
		case loop:
			steps = s.body
		case s.sub != nil:
			prog, steps = s.sub, s.sub.steps
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// findStep finds the step id among steps and inside their switch cases.
func findStep(steps []*cstep, id string) *cstep {
	for _, s := range steps {
		if s.ID == id {
			return s
		}
		for _, c := range s.cases {
			if f := findStep(c.steps, id); f != nil {
				return f
			}
		}
	}
	return nil
}

// pause builds the Pause before s in f.
func (r *run) pause(f *frame, s *cstep) Pause {
	return Pause{
		Path: f.at(s.ID), Step: s.ID, Kind: s.Kind, Pos: s.Pos, Depth: f.depth,
		Input: f.input, Settings: f.settings, Steps: maps.Clone(f.steps), Vars: maps.Clone(f.vars), Locals: maps.Clone(f.locals),
		step: s, prog: r.prog,
	}
}
