package engine

import "context"

// Status is how a run or a step ended.
type Status string

// The statuses of runs and steps.
const (
	StatusOK      Status = "ok"
	StatusSkipped Status = "skipped" // a step whose `when` was false
	StatusFailed  Status = "failed"
	// StatusExists is a call step whose builtin found its resource already
	// there, as this run would have made it, and changed nothing.
	StatusExists Status = "exists"
	// StatusUpdated is a call step whose builtin found its resource already
	// there and brought it up to date.
	StatusUpdated Status = "updated"
)

// Event is one thing that happened in a run. It is one of RunStart, RunEnd,
// StepStart, StepEnd, Condition, Iteration, Enter, Hook, Call, Exchanged,
// Log or Defaulted. Path is the address of the step it belongs to (see
// Pause.Path), Depth how deeply nested that step is (0 for top-level
// steps). MarshalEvent and UnmarshalEvent give each its JSON form.
type Event interface {
	isEvent()
}

// RunStart begins every run.
type RunStart struct {
	Pipeline string
	Input    any
	Settings map[string]any // the run's settings, merged from its layers
}

// RunEnd ends every run; Err is the run's error, if it failed.
type RunEnd struct {
	Status Status
	Err    error
}

// StepStart is sent before a step does anything (after any pause).
type StepStart struct {
	Step  string
	Path  string // the step's address in the run (see Pause.Path)
	Kind  StepKind
	Pos   Pos
	Depth int
}

// StepEnd is sent when a step ends. Output is what the step stored under
// steps.<id> (for a set step, the values it set).
type StepEnd struct {
	Step   string
	Path   string // the step's address in the run (see Pause.Path)
	Kind   StepKind
	Status Status
	Output any
	Err    error
	Depth  int
}

// Condition is one evaluated `when` of a step or switch case, or the
// condition of an assert.
type Condition struct {
	Step  string
	Path  string        // the step's address in the run (see Pause.Path)
	Kind  ConditionKind // which condition of the step it is
	Expr  string
	Pos   Pos
	Value bool
	Depth int
	// Names are the names the expression reads (input.order_state,
	// settings.label, steps.prepare.out.customs, a foreach's element) and
	// their values when it was evaluated, in the order they first appear
	// in it. Only a run with WithExplain fills them.
	Names []NameValue
}

// ConditionKind says which condition of a step a Condition is.
type ConditionKind string

// The kinds of conditions.
const (
	WhenCondition   ConditionKind = "when"   // the step's `when`
	CaseCondition   ConditionKind = "case"   // the `when` of a case of a switch step
	AssertCondition ConditionKind = "assert" // the condition of an assert step
)

// Iteration begins one element of a foreach.
type Iteration struct {
	As    string // the name the element is bound to
	Step  string
	Path  string // the step's address in the run (see Pause.Path)
	Index int
	Item  any
	Depth int
}

// Enter is sent when a use step starts its sub-pipeline, with the
// sub-pipeline's input (its `with`, or the caller's input).
type Enter struct {
	Step  string
	Path  string
	Input any
	Depth int
}

// Call is a builtin call of a call step: the evaluated arguments and the
// result (or error).
type Call struct {
	Step    string
	Path    string // the step's address in the run (see Pause.Path)
	Builtin string
	Args    map[string]any
	Result  any
	Err     error
	Depth   int
}

// Hook is one run of a step's hook (`script`): the position of its source
// and the value it returned, or its error.
type Hook struct {
	Step   string
	Path   string // the step's address in the run (see Pause.Path)
	Pos    Pos
	Result any
	Err    error
	Depth  int
}

// Exchanged is one request and response a builtin reported with
// RecordExchange during a call step.
type Exchanged struct {
	Step     string
	Path     string // the step's address in the run (see Pause.Path)
	Exchange Exchange
	Depth    int
}

// DefaultedValue is a value a run took from its settings because the order
// had none: Field is the JSON pointer in the input where the order would
// have had it, From the settings it came from ("settings.default_email").
type DefaultedValue struct {
	Field string `json:"field"`
	From  string `json:"from"`
}

// Defaulted is sent, once per field and source in a run, when a step
// takes a value from settings because the order has none: the second
// operand of `input.x ?? settings.y` (at any depth of ??).
type Defaulted struct {
	Step string
	Path string // the step's address in the run (see Pause.Path)
	DefaultedValue
	Depth int
}

// Log is a line a builtin wrote with Logf during a call step, or a hook
// wrote with console.log (console.warn and console.error lines start with
// "warn: " and "error: ").
type Log struct {
	Step    string
	Path    string // the step's address in the run (see Pause.Path)
	Message string
	Depth   int
}

func (RunStart) isEvent()  {}
func (RunEnd) isEvent()    {}
func (StepStart) isEvent() {}
func (StepEnd) isEvent()   {}
func (Condition) isEvent() {}
func (Iteration) isEvent() {}
func (Call) isEvent()      {}
func (Enter) isEvent()     {}
func (Hook) isEvent()      {}
func (Exchanged) isEvent() {}
func (Log) isEvent()       {}
func (Defaulted) isEvent() {}

// Trace is the record of one run: every event in order, and the outcome.
type Trace struct {
	Pipeline string
	Input    any
	Events   []Event
	Status   Status
	Err      error          // the run's error (an *Error), if it failed
	Steps    map[string]any // the outputs of the top-level run, by step id
	Vars     map[string]any // the vars at the end of the run
	// Defaulted lists the values the run took from settings because the
	// order had none, in the order the run took them.
	Defaulted []DefaultedValue
}

type logKey struct{}

type statusKey struct{}

// ReportStatus tells the run that ctx belongs to how the current call step
// ended when that is not simply ok: StatusExists when the resource was
// already there as the call would have made it, StatusUpdated when it was
// there and the call brought it up to date. The last report of a call
// wins. Outside a run it does nothing.
func ReportStatus(ctx context.Context, s Status) {
	if c, ok := ctx.Value(statusKey{}).(*callContext); ok {
		c.reportStatus(s)
	}
}

// Logf writes a line to the trace of the run that ctx belongs to, as a Log
// event of the current call step. Outside a run it does nothing.
func Logf(ctx context.Context, format string, args ...any) {
	if c, ok := ctx.Value(logKey{}).(*callContext); ok {
		c.logf(format, args...)
	}
}
