package engine

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"github.com/sevenflow/sevenflow/schemas"
)

// inputError is a run's input that fails its schema: each violation is a
// detail of the run's error.
type inputError struct {
	name string
	err  error
}

// Error prints "input NAME: " and the violations.
func (e inputError) Error() string {
	var ve *schemas.ValidationError
	if errors.As(e.err, &ve) {
		parts := make([]string, len(ve.Violations))
		for i, v := range ve.Violations {
			parts[i] = v.String()
		}
		return fmt.Sprintf("input %s: %s", e.name, strings.Join(parts, "; "))
	}
	return fmt.Sprintf("input %s: %s", e.name, e.err)
}

// Unwrap returns the schemas error.
func (e inputError) Unwrap() error { return e.err }

// Details returns one Detail per violation.
func (e inputError) Details() []Detail {
	var ve *schemas.ValidationError
	if !errors.As(e.err, &ve) {
		return nil
	}
	ds := make([]Detail, len(ve.Violations))
	for i, v := range ve.Violations {
		ds[i] = Detail{Pointer: v.Pointer, Message: v.Message}
	}
	return ds
}

// RunOption configures one run.
type RunOption func(*runConfig)

type runConfig struct {
	observers []func(Event)
	layers    []*Settings
	session   *Session // the debugger's, when the run is under one
	calls     []CallInterceptor
	inputPos  func(pointer string) (Pos, bool)
	explain   bool // look up the names of each condition (WithExplain)
	mask      *Mask
	summary   bool // keep only what Trace.Summary reads (WithSummaryTrace)
}

// WithSummaryTrace keeps in the run's trace only what Trace.Summary reads,
// for a caller that writes nothing else: the run's input and error, each
// step's start and end without its output, each exchange without its
// bodies, logs and Defaulted. Conditions, iterations, calls, hooks and
// entered sub-pipelines are not kept, nor the final steps and vars.
// Observers see the same events. A batch of many orders then spends
// nothing on copying and masking values that no one writes out.
func WithSummaryTrace() RunOption {
	return func(c *runConfig) { c.summary = true }
}

// WithObserver sends every event of the run to fn as it happens, on the
// run's goroutine.
func WithObserver(fn func(Event)) RunOption {
	return func(c *runConfig) { c.observers = append(c.observers, fn) }
}

// WithSettings deep-merges settings over the pipeline's for this run (see
// the `settings` key); later options win. Errors about them have no
// position: give a *Settings with WithSettingsLayer for that.
func WithSettings(settings map[string]any) RunOption {
	return WithSettingsLayer(&Settings{Values: settings, pos: unplaced(settings)})
}

// WithSettingsLayer deep-merges a layer of settings over the pipeline's for
// this run; later layers win. Errors about a setting point where the layer
// says it was written.
func WithSettingsLayer(s *Settings) RunOption {
	return func(c *runConfig) { c.layers = append(c.layers, s) }
}

// CheckSettings checks the pipeline's settings with the layers of opts
// (WithSettings, WithSettingsLayer) over them against the settings schema,
// as Run does before its first step: unknown settings (with the closest
// known name), values of the wrong type or outside their allowed values,
// and missing required settings. Each error points where the setting was
// written: the pipeline file, a settings file or a --set flag. It returns
// the settings a run with opts sees.
func (p *Program) CheckSettings(opts ...RunOption) (map[string]any, error) {
	var cfg runConfig
	for _, o := range opts {
		o(&cfg)
	}
	settings, _, err := p.settingsFor(cfg.layers)
	return settings, err
}

// settingsFor merges the layers over the pipeline's settings and checks
// the result. It also returns where each setting was written. The runs of
// a batch share their layers, and a process that runs the orders of a few
// shops through one program goes round a few sets of them, so the answers
// for the last settingsMemoSize sets are kept and given again for the
// same layers: a Settings does not change once a run has it.
func (p *Program) settingsFor(layers []*Settings) (map[string]any, settingPositions, error) {
	m := &p.settingsMemo
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, a := range m.answers {
		if slices.Equal(a.layers, layers) {
			m.first(i, a)
			return a.settings, a.pos, a.err
		}
	}
	settings, pos, err := p.mergeSettings(layers)
	if len(m.answers) < settingsMemoSize {
		m.answers = append(m.answers, settingsAnswer{})
	}
	m.first(len(m.answers)-1, settingsAnswer{layers: slices.Clone(layers), settings: settings, pos: pos, err: err})
	return settings, pos, err
}

// settingsMemoSize is how many sets of layers a program keeps the
// checked settings of.
const settingsMemoSize = 16

// settingsMemo is the answers of settingsFor for the sets of layers used
// last.
type settingsMemo struct {
	mu      sync.Mutex
	answers []settingsAnswer // the most recently used first
}

// settingsAnswer is what settingsFor gave for one set of layers.
type settingsAnswer struct {
	layers   []*Settings
	settings map[string]any
	pos      settingPositions
	err      error
}

// first moves the answers before i down one place, over the answer at
// i, and puts a at the front.
func (m *settingsMemo) first(i int, a settingsAnswer) {
	copy(m.answers[1:i+1], m.answers[:i])
	m.answers[0] = a
}

// mergeSettings merges the layers over the pipeline's settings and checks
// the result.
func (p *Program) mergeSettings(layers []*Settings) (map[string]any, settingPositions, error) {
	settings, pos := p.pipeline.Settings, p.pipeline.settingsPos
	// A missing setting is reported in the last file that gives settings:
	// the merchant's, not a shipped workflow's.
	top := p.pipeline.settingsAt
	for _, l := range layers {
		if at := l.pos[""].Key; at.IsValid() {
			top = at
		}
		settings = mergeSettings(settings, l.Values)
		lp := l.pos
		if lp == nil {
			lp = unplaced(l.Values)
		}
		pos = lp.over(pos)
	}
	errs, _ := p.settings.check(settings, pos, top)
	return settings, pos, errs.err()
}

// unplaced returns the positions of settings given without a file: every
// pointer, none with a position.
func unplaced(settings map[string]any) settingPositions {
	lp := settingPositions{}
	for ptr := range flatten(settings, "") {
		lp[ptr] = settingPos{}
	}
	return lp
}

// flatten returns the JSON pointer of every value in m, maps included.
func flatten(m map[string]any, prefix string) map[string]bool {
	out := map[string]bool{}
	for k, v := range m {
		ptr := prefix + "/" + escapeToken(k)
		out[ptr] = true
		if sub, ok := v.(map[string]any); ok {
			for q := range flatten(sub, ptr) {
				out[q] = true
			}
		}
	}
	return out
}

// Run runs the program on input (JSON-like: maps, lists, strings, numbers,
// bools, nil). It stops at the first failed step and returns the trace and
// that step's *Error; the trace is complete either way. Cancelling ctx
// stops the run before its next step.
func (p *Program) Run(ctx context.Context, input any, opts ...RunOption) (*Trace, error) {
	r := &run{prog: p, trace: &Trace{Pipeline: p.pipeline.Name, Input: input, Events: make([]Event, 0, p.events.Load())}, budget: &budget{lim: p.limits}}
	for _, o := range opts {
		o(&r.cfg)
	}
	r.mask = r.cfg.mask.masker()
	if r.cfg.session != nil {
		r.cfg.session.mask = r.mask
	}
	settings, pos, err := p.settingsFor(r.cfg.layers)
	r.settings, r.settingsPos = settings, pos
	f := p.frame(input, &origin{src: &source{}}, settings, r.budget)
	r.emit(RunStart{Pipeline: p.pipeline.Name, Input: input, Settings: settings})
	if err == nil {
		err = p.checkInput(input)
	}
	if err == nil && p.pipeline.Input != "" {
		if verr := schemas.Validate(inputSchema(p.pipeline.Input), input); verr != nil {
			err = &Error{Pos: p.pipeline.inputPos, Code: CodeInput, Err: inputError{name: p.pipeline.Input, err: verr}}
		}
	}
	if err == nil {
		err = r.steps(ctx, f, p.steps)
	}
	r.trace.Steps, r.trace.Vars = f.steps, f.vars
	p.keepFrameSize(f)
	r.trace.Status = StatusOK
	if err != nil {
		r.trace.Status, r.trace.Err = StatusFailed, err
	}
	r.emit(RunEnd{Status: r.trace.Status, Err: err})
	p.events.Store(uint64(len(r.trace.Events)))
	if r.cfg.summary {
		r.trace.Steps, r.trace.Vars = map[string]any{}, map[string]any{}
	}
	if r.mask != nil {
		if start, ok := r.trace.Events[0].(RunStart); ok {
			r.trace.Input = start.Input // masked once, not twice
		}
		r.trace.Steps, r.trace.Vars = r.mask.object(r.trace.Steps), r.mask.object(r.trace.Vars)
		r.trace.Err = r.mask.err(r.trace.Err)
	}
	return r.trace, r.trace.Err
}

// summaryEvent is what WithSummaryTrace keeps of e: nil for nothing.
func summaryEvent(e Event) Event {
	switch e := e.(type) {
	case RunStart:
		e.Settings = nil
		return e
	case StepEnd:
		e.Output = nil
		return e
	case Exchanged:
		e.Exchange.Request, e.Exchange.Response = nil, nil
		return e
	case RunEnd, StepStart, Log, Defaulted:
		return e
	}
	return nil
}

// run is the state of one run.
type run struct {
	cfg         runConfig
	prog        *Program
	settings    map[string]any   // the run's settings
	settingsPos settingPositions // where each setting of the run was written
	trace       *Trace
	status      Status          // what the current call step reported with ReportStatus
	defaulted   map[string]bool // the Defaulted events sent, by field and source
	args        any             // the `with` of the current call step; blame finds its origins
	budget      *budget         // what the run has taken of its limits
	vm          vm.VM           // runs every expression of the run, one at a time
	mask        *masker         // nil: nothing masked (WithMask)
}

// frame is what the expressions of one pipeline (or foreach body) see.
type frame struct {
	input    any
	settings map[string]any
	steps    map[string]any
	vars     map[string]any
	locals   map[string]any
	orig     *origins // where the values above came from
	budget   *budget  // the run's, which the guarded functions charge (exprRun)
	depth    int
	path     string         // the address of the frame: "" at the top, "parcels[1]", "parcels[1]/dispatch"
	scope    map[string]any // what env returns, built on first use; nil after locals or steps change

	// The last address at made, which the events of one step ask for
	// several times.
	atID, atPath string
}

// frame returns a new frame for the program's steps, its maps made at the
// size its last frame needed.
func (p *Program) frame(input any, inOrig *origin, settings map[string]any, b *budget) *frame {
	size := p.frameSize.Load()
	steps, vars := int(size>>32), int(uint32(size))
	return &frame{
		input:    input,
		settings: settings,
		budget:   b,
		steps:    make(map[string]any, steps),
		vars:     make(map[string]any, vars),
		orig:     &origins{input: inOrig, steps: make(map[string]*origin, steps), vars: make(map[string]*origin, vars)},
	}
}

// keepFrameSize notes the size f's maps needed, for the program's next
// frame.
func (p *Program) keepFrameSize(f *frame) {
	p.frameSize.Store(uint64(len(f.steps))<<32 | uint64(uint32(len(f.vars))))
}

// at returns the address of the step id in f.
func (f *frame) at(id string) string {
	switch {
	case f.path == "":
		return id
	case f.atID != id:
		f.atID, f.atPath = id, f.path+"/"+id
	}
	return f.atPath
}

// nested returns the frame for steps nested in a switch case: the same
// scope, one level deeper.
func (f *frame) nested() *frame {
	cp := *f
	cp.depth++
	cp.atID, cp.atPath = "", "" // a caller may give it another path
	return &cp
}

// env returns the names the frame's expressions see, with their values.
// It is built once per frame: steps and vars are the frame's own maps,
// which later steps fill in place, so it stays current until a foreach
// gives an iteration its own steps and locals (and clears scope). Callers
// must not change it.
func (f *frame) env() map[string]any {
	if f.scope != nil {
		return f.scope
	}
	env := make(map[string]any, 5+len(f.locals))
	env[scopeInput], env[scopeSettings], env[scopeSteps], env[scopeVars] = f.input, f.settings, f.steps, f.vars
	env[exprRun] = f.budget
	for k, v := range f.locals {
		env[k] = v
	}
	f.scope = env
	return env
}

func (r *run) emit(e Event) {
	if r.cfg.summary {
		if e = summaryEvent(e); e == nil {
			return
		}
	}
	e = r.mask.event(e)
	r.trace.Events = append(r.trace.Events, e)
	for _, o := range r.cfg.observers {
		o(e)
	}
}

func (r *run) steps(ctx context.Context, f *frame, steps []*cstep) error {
	for _, s := range steps {
		if err := r.step(ctx, f, s); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) step(ctx context.Context, f *frame, s *cstep) error {
	if err := ctx.Err(); err != nil {
		return &Error{Pos: s.Pos, Step: s.ID, Code: CodeCanceled, Err: err}
	}
	if ss := r.cfg.session; ss != nil {
		if err := ss.wait(ctx, r.pause(f, s), r.trace.Events); err != nil {
			return &Error{Pos: s.Pos, Step: s.ID, Code: CodeCanceled, Err: err}
		}
	}
	if r.budget.steps++; r.budget.steps > r.budget.lim.Steps {
		return &Error{Pos: s.Pos, Step: s.ID, Code: CodeLimit,
			Err: overLimit("steps", r.budget.lim.Steps, "the run started more than %d steps", r.budget.lim.Steps)}
	}
	path := f.at(s.ID)
	r.emit(StepStart{Step: s.ID, Path: path, Kind: s.Kind, Pos: s.Pos, Depth: f.depth})
	end := StepEnd{Step: s.ID, Path: path, Kind: s.Kind, Status: StatusOK, Depth: f.depth}
	out, store, err := r.execute(ctx, f, s, &end)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Step == s.ID {
			r.blame(f, s, e)
		}
		end.Status, end.Err = StatusFailed, err
		r.emit(end)
		return err
	}
	if store {
		f.steps[s.ID] = out
	}
	if end.Status != StatusSkipped {
		end.Output = out
	}
	r.emit(end)
	return nil
}

// execute evaluates the step's `when` and, if it holds, does the step. A
// skipped step sets end's status.
func (r *run) execute(ctx context.Context, f *frame, s *cstep, end *StepEnd) (any, bool, error) {
	if s.when != nil {
		ok, err := r.cond(f, s, s.when, WhenCondition)
		if err != nil || !ok {
			end.Status = StatusSkipped
			return nil, false, err
		}
	}
	r.status = ""
	out, store, err := r.do(ctx, f, s)
	if s.Kind == KindCall && r.status != "" && err == nil {
		end.Status = r.status
	}
	return out, store, err
}

// cond evaluates a boolean expression and reports it as a Condition of
// kind k, with the values of its names when the run explains.
func (r *run) cond(f *frame, s *cstep, e *cexpr, k ConditionKind) (bool, error) {
	v, err := r.eval(f, s, e)
	if err != nil {
		return false, err
	}
	b, _ := v.(bool)
	c := Condition{Step: s.ID, Path: f.at(s.ID), Kind: k, Expr: e.Src, Pos: e.Pos, Value: b, Depth: f.depth}
	if r.cfg.explain {
		c.Names = nameValues(f, e.nameRefs())
	}
	r.emit(c)
	return b, nil
}

func (r *run) eval(f *frame, s *cstep, e *cexpr) (any, error) {
	env := f.env()
	if fe := e.fastEval(); fe != nil {
		if v, st := fe(env); st == fastOK {
			return v, nil
		}
	}
	prog, err := e.program()
	var v any
	if err == nil {
		v, err = r.vm.Run(prog, env)
	}
	if err != nil {
		at, msg := e.Pos, err.Error()
		var fe *file.Error
		if errors.As(err, &fe) {
			msg = fe.Message
			if fe.Line > 0 {
				at = e.PosAt(lineColOffset(e.Src, fe.Line, fe.Column))
			}
		}
		if t, ok := strings.CutPrefix(msg, "invalid operation: bool("); ok {
			msg = "want a boolean, not " + strings.TrimSuffix(t, ")")
		}
		if le := (*LimitError)(nil); errors.As(err, &le) {
			return nil, &Error{Pos: at, Step: s.ID, Code: CodeLimit, Err: fmt.Errorf("eval `%s`: %w", clip(e.Src, maxEcho), le), expr: e}
		}
		return nil, &Error{Pos: at, Step: s.ID, Code: CodeRuntime, Err: fmt.Errorf("eval `%s`: %s", clip(e.Src, maxEcho), msg), expr: e}
	}
	return v, nil
}

// value evaluates a `with` or `set` value, and finds where it came from.
func (r *run) value(f *frame, s *cstep, v *cvalue) (any, *origin, error) {
	x, err := r.evalValue(f, s, v)
	if err != nil {
		return nil, nil, err
	}
	return x, r.valueOrigin(f, s, v, x, true), nil
}

// evalValue evaluates a `with` or `set` value.
func (r *run) evalValue(f *frame, s *cstep, v *cvalue) (any, error) {
	switch {
	case v == nil:
		return nil, nil
	case v.kind == valueMap:
		m := make(map[string]any, len(v.keys))
		for i, k := range v.keys {
			x, err := r.evalValue(f, s, v.vals[i])
			if err != nil {
				return nil, err
			}
			m[k] = x
		}
		return m, nil
	case v.kind == valueList:
		l := make([]any, 0, len(v.vals))
		for _, e := range v.vals {
			x, err := r.evalValue(f, s, e)
			if err != nil {
				return nil, err
			}
			l = append(l, x)
		}
		return l, nil
	case v.expr == nil:
		return nil, nil
	}
	x, err := r.eval(f, s, v.expr)
	if err != nil {
		return nil, err
	}
	x, size := plainSized(x, r.budget.lim.MemoryBytes+1)
	if err := r.budget.charge(size); err != nil {
		return nil, &Error{Pos: v.expr.Pos, Step: s.ID, Code: CodeLimit, Err: err}
	}
	return x, nil
}

// valueOrigin finds where x, the value of v in frame f, came from, and
// with report tells of the values it took from settings (Defaulted).
func (r *run) valueOrigin(f *frame, s *cstep, v *cvalue, x any, report bool) *origin {
	switch {
	case v == nil:
		return nil
	case v.kind == valueMap:
		m, _ := x.(map[string]any)
		o := &origin{kids: make(map[string]*origin, len(v.keys))}
		for i, k := range v.keys {
			o.kids[k] = r.valueOrigin(f, s, v.vals[i], m[k], report)
		}
		return o
	case v.kind == valueList:
		l, _ := x.([]any)
		o := &origin{items: make([]*origin, len(v.vals))}
		for i, e := range v.vals {
			o.items[i] = r.valueOrigin(f, s, e, itemAt(l, i), report)
		}
		return o
	case v.expr == nil:
		return nil
	}
	var onDefault func(field, from string)
	if report {
		onDefault = func(field, from string) { r.defaultedFrom(f, s, field, from) }
	}
	return r.originOf(v.expr.originPlan(), f, elem{}, x, onDefault)
}

// reportDefaults tells of the values in x, the value of v in frame f,
// that were taken from settings (Defaulted), without keeping where the
// others came from: the origins of a call's arguments are found only if
// the call fails (blame).
func (r *run) reportDefaults(f *frame, s *cstep, v *cvalue, x any) {
	switch {
	case v == nil:
	case v.kind == valueMap:
		m, _ := x.(map[string]any)
		for i, k := range v.keys {
			r.reportDefaults(f, s, v.vals[i], m[k])
		}
	case v.kind == valueList:
		l, _ := x.([]any)
		for i, e := range v.vals {
			r.reportDefaults(f, s, e, itemAt(l, i))
		}
	case v.expr != nil && v.expr.reportsDefault():
		r.originOf(v.expr.originPlan(), f, elem{}, x, func(field, from string) { r.defaultedFrom(f, s, field, from) })
	}
}

// defaultedFrom reports, once per run, a value the run took from settings
// because the order had none at field.
func (r *run) defaultedFrom(f *frame, s *cstep, field, from string) {
	key := field + "\x00" + from
	if r.defaulted[key] {
		return
	}
	if r.defaulted == nil {
		r.defaulted = map[string]bool{}
	}
	r.defaulted[key] = true
	d := DefaultedValue{Field: field, From: from}
	r.trace.Defaulted = append(r.trace.Defaulted, d)
	r.emit(Defaulted{Step: s.ID, Path: f.at(s.ID), DefaultedValue: d, Depth: f.depth})
}

// list converts a foreach value to a list.
func list(v any) ([]any, bool) {
	if l, ok := v.([]any); ok {
		return l, true
	}
	rv := reflect.ValueOf(v)
	if v == nil || (rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array) {
		return nil, v == nil
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}
