package engine

import "time"

// Pipeline is a loaded pipeline: its steps with their positions, with
// `extends` merged in and every `use` resolved. Load returns it; Compile
// turns it into a Program. Treat it as read-only once loaded.
type Pipeline struct {
	Name        string         // the `pipeline` key
	Description string         // the `description` key
	Input       string         // the `input` key: the name of the input's schema
	Extends     string         // the `extends` key, already merged in
	File        string         // the file the pipeline was loaded from
	Pos         Pos            // the position of the document
	Settings    map[string]any // `settings`, deep-merged over the base's
	// SettingsSchema is `settings_schema`: the JSON Schema of the settings
	// the pipeline reads, merged with the base's (see mergeSchema).
	SettingsSchema map[string]any
	Steps          []*Step // the top-level steps
	// Limits are the limits the `limits` key sets, merged along extends
	// (the merchant's file wins), with those of WithLimits over them; a
	// limit neither sets is 0. Program.Limits has every limit.
	Limits Limits

	extendsPos  Pos
	inputPos    Pos
	schemaPos   Pos
	settingsAt  Pos              // this file's `settings` key, or its start: where a missing setting is reported
	settingsPos settingPositions // where each setting was written, along extends
	limitsPos   map[string]Pos   // where each limit was set, along extends
	shipped     map[string]bool  // the files loaded from a WithFS place (the shipped pipelines), by name
}

// StepKind is what a step does: one of the Kind constants.
type StepKind string

// The step kinds, named after the key that makes a step of that kind.
const (
	KindCall    StepKind = "call"
	KindSwitch  StepKind = "switch"
	KindForeach StepKind = "foreach"
	KindSet     StepKind = "set"
	KindUse     StepKind = "use"
	KindAssert  StepKind = "assert"
	KindFail    StepKind = "fail"
	KindScript  StepKind = "script" // a step with only a hook: its value is the output
)

// Step is one step of a pipeline. Kind says which of the kind-specific
// fields are set.
type Step struct {
	ID   string
	Pos  Pos
	Kind StepKind
	When *Expr // nil: always

	Call string // KindCall: the builtin's name
	With *Value // KindCall and KindUse: the arguments, or nil

	Script  *Script       // KindScript, or KindCall instead of With: the hook
	Timeout time.Duration // KindScript and KindCall with a hook: its time budget, 0 for the default

	Cases []*Case // KindSwitch, in order; a default case has no When

	Foreach *Expr   // KindForeach: the list
	As      string  // KindForeach: the name of the element, "item" by default
	Steps   []*Step // KindForeach: the body

	Set []*Binding // KindSet

	Use    string // KindUse: the sub-pipeline's name
	usePos Pos
	Sub    *Pipeline // KindUse: the loaded sub-pipeline

	Assert  *Expr  // KindAssert: the condition
	Message string // KindAssert and KindFail: the message
	// Pointer is, for KindAssert and KindFail, an expression giving the
	// JSON pointer of the input field the failure is about, such as
	// "/parcels/0/tracking_code"; errors then point there.
	Pointer *Expr

	// KeyPos is the position of each key of the step, by key.
	KeyPos map[string]Pos
}

// Case is one case of a switch: its condition and steps. The default case
// has no condition.
type Case struct {
	Pos   Pos
	When  *Expr
	Steps []*Step
}

// Expr is the source of an expr expression and where it is in the file.
type Expr struct {
	Src  string
	Pos  Pos
	file string
	segs []segment
}

// PosAt returns the file position of the rune at offset in Src.
func (e *Expr) PosAt(offset int) Pos {
	if len(e.segs) == 0 {
		return e.Pos
	}
	return offsetPos(e.file, e.segs, offset)
}

// Script is the JavaScript of a hook: the body of a function whose
// `return` gives the hook's value. It is written inline in the YAML or read
// from a .js file.
type Script struct {
	Src  string // the function body
	File string // the .js file it was read from, as positions print it; "" inline
	Pos  Pos    // where Src starts
	at   *Expr  // maps offsets in Src to positions in the file
	path string // a file hook's name as written in `script`, until it is read
}

// PosAt returns the file position of the rune at offset in Src.
func (s *Script) PosAt(offset int) Pos { return s.at.PosAt(offset) }

// Value is a `with` or `set` value: an expression, or a map or list of
// values.
type Value struct {
	Pos  Pos
	Expr *Expr     // a scalar
	Keys []string  // a map: its keys in order, with Map[i] the value of Keys[i]
	Map  []*Value  // a map's values
	List []*Value  // a list
	kind valueKind // which of the above
}

type valueKind int

const (
	valueExpr valueKind = iota
	valueMap
	valueList
)

// Binding is one name of a `set` step and its value.
type Binding struct {
	Name  string
	Pos   Pos
	Value *Value
}

// walkSteps calls fn for every step of steps in document order, nested
// steps after their parent. It does not enter sub-pipelines.
func walkSteps(steps []*Step, fn func(*Step)) {
	for _, s := range steps {
		fn(s)
		for _, c := range s.Cases {
			walkSteps(c.Steps, fn)
		}
		walkSteps(s.Steps, fn)
	}
}

// Shipped reports whether file, the File of a position in p or in a
// pipeline it extends or uses, was loaded from a WithFS place: one of the
// shipped pipelines, which the merchant does not edit.
func (p *Pipeline) Shipped(file string) bool { return p.shipped[file] }
