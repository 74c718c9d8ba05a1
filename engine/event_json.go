package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// eventJSON is the JSON form of every event: "event" names its type and
// the other fields are those the type has.
type eventJSON struct {
	Event    string         `json:"event"`
	Pipeline string         `json:"pipeline,omitempty"`
	Path     string         `json:"path,omitempty"`
	Step     string         `json:"step,omitempty"`
	Kind     StepKind       `json:"kind,omitempty"` // a step's; a condition's ConditionKind
	Names    []NameValue    `json:"names,omitempty"`
	Pos      string         `json:"pos,omitempty"`
	Depth    int            `json:"depth,omitempty"`
	Status   Status         `json:"status,omitempty"`
	Input    any            `json:"input,omitempty"`
	Settings map[string]any `json:"settings,omitempty"`
	Output   any            `json:"output,omitempty"`
	Expr     string         `json:"expr,omitempty"`
	Value    *bool          `json:"value,omitempty"`
	As       string         `json:"as,omitempty"`
	Index    *int           `json:"index,omitempty"`
	Item     any            `json:"item,omitempty"`
	Builtin  string         `json:"builtin,omitempty"`
	Args     map[string]any `json:"args,omitempty"`
	Result   any            `json:"result,omitempty"`
	Exchange *Exchange      `json:"exchange,omitempty"`
	Message  string         `json:"message,omitempty"`
	Field    string         `json:"field,omitempty"`
	From     string         `json:"from,omitempty"`
	Error    *errorJSON     `json:"error,omitempty"`
}

// errorJSON is an error of an event: its text, and the parts of an *Error.
type errorJSON struct {
	Message string   `json:"message"`
	Code    string   `json:"code,omitempty"`
	Pos     string   `json:"pos,omitempty"`
	Step    string   `json:"step,omitempty"`
	Pointer string   `json:"pointer,omitempty"`
	Cause   string   `json:"cause,omitempty"`
	Via     string   `json:"via,omitempty"`
	Details []Detail `json:"details,omitempty"`
}

// Event names in JSON.
const (
	jsonRunStart  = "run_start"
	jsonRunEnd    = "run_end"
	jsonStepStart = "step_start"
	jsonStepEnd   = "step_end"
	jsonCondition = "condition"
	jsonIteration = "iteration"
	jsonEnter     = "enter"
	jsonCall      = "call"
	jsonHook      = "hook"
	jsonExchanged = "exchange"
	jsonLog       = "log"
	jsonDefaulted = "defaulted"
)

// MarshalEvent returns the JSON form of e, one line with no newline:
// an object whose "event" names the type (run_start, run_end, step_start,
// step_end, condition, iteration, enter, call, hook, exchange, log,
// defaulted) and whose other fields are the event's, in snake case, with
// positions as "file:line:col" and errors as {"message", "code", "pos",
// "step", "pointer", "cause", "via", "details"}. UnmarshalEvent reads it
// back. A `sevenflow run --trace` file is one such line per event.
func MarshalEvent(e Event) ([]byte, error) {
	var j eventJSON
	switch e := e.(type) {
	case RunStart:
		j = eventJSON{Event: jsonRunStart, Pipeline: e.Pipeline, Input: e.Input, Settings: e.Settings}
	case RunEnd:
		j = eventJSON{Event: jsonRunEnd, Status: e.Status, Error: errorToJSON(e.Err)}
	case StepStart:
		j = eventJSON{Event: jsonStepStart, Path: e.Path, Step: e.Step, Kind: e.Kind, Pos: posText(e.Pos), Depth: e.Depth}
	case StepEnd:
		j = eventJSON{Event: jsonStepEnd, Path: e.Path, Step: e.Step, Kind: e.Kind, Status: e.Status, Output: e.Output, Error: errorToJSON(e.Err), Depth: e.Depth}
	case Condition:
		j = eventJSON{Event: jsonCondition, Path: e.Path, Step: e.Step, Kind: StepKind(e.Kind), Expr: e.Expr, Pos: posText(e.Pos), Value: &e.Value, Depth: e.Depth, Names: e.Names}
	case Iteration:
		j = eventJSON{Event: jsonIteration, Path: e.Path, Step: e.Step, As: e.As, Index: &e.Index, Item: e.Item, Depth: e.Depth}
	case Enter:
		j = eventJSON{Event: jsonEnter, Path: e.Path, Step: e.Step, Input: e.Input, Depth: e.Depth}
	case Call:
		j = eventJSON{Event: jsonCall, Path: e.Path, Step: e.Step, Builtin: e.Builtin, Args: e.Args, Result: e.Result, Error: errorToJSON(e.Err), Depth: e.Depth}
	case Hook:
		j = eventJSON{Event: jsonHook, Path: e.Path, Step: e.Step, Pos: posText(e.Pos), Result: e.Result, Error: errorToJSON(e.Err), Depth: e.Depth}
	case Exchanged:
		x := e.Exchange
		j = eventJSON{Event: jsonExchanged, Path: e.Path, Step: e.Step, Exchange: &x, Depth: e.Depth}
	case Log:
		j = eventJSON{Event: jsonLog, Path: e.Path, Step: e.Step, Message: e.Message, Depth: e.Depth}
	case Defaulted:
		j = eventJSON{Event: jsonDefaulted, Path: e.Path, Step: e.Step, Field: e.Field, From: e.From, Depth: e.Depth}
	default:
		return nil, fmt.Errorf("marshal event: unknown event %T", e)
	}
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("marshal %s event: %w", j.Event, err)
	}
	return b, nil
}

// UnmarshalEvent reads an event in the form MarshalEvent writes. Numbers
// come back as float64, as from any JSON; errors come back with the same
// text, code, position and details.
func UnmarshalEvent(data []byte) (Event, error) {
	var j eventJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("unmarshal event: %w", err)
	}
	pos, err := parsePos(j.Pos)
	if err != nil {
		return nil, fmt.Errorf("unmarshal %s event: %w", j.Event, err)
	}
	e, err := j.error()
	if err != nil {
		return nil, fmt.Errorf("unmarshal %s event: %w", j.Event, err)
	}
	switch j.Event {
	case jsonRunStart:
		return RunStart{Pipeline: j.Pipeline, Input: j.Input, Settings: j.Settings}, nil
	case jsonRunEnd:
		return RunEnd{Status: j.Status, Err: e}, nil
	case jsonStepStart:
		return StepStart{Path: j.Path, Step: j.Step, Kind: j.Kind, Pos: pos, Depth: j.Depth}, nil
	case jsonStepEnd:
		return StepEnd{Path: j.Path, Step: j.Step, Kind: j.Kind, Status: j.Status, Output: j.Output, Err: e, Depth: j.Depth}, nil
	case jsonCondition:
		if j.Value == nil {
			return nil, errors.New("unmarshal condition event: no value")
		}
		return Condition{Path: j.Path, Step: j.Step, Kind: ConditionKind(j.Kind), Expr: j.Expr, Pos: pos, Value: *j.Value, Depth: j.Depth, Names: j.Names}, nil
	case jsonIteration:
		if j.Index == nil {
			return nil, errors.New("unmarshal iteration event: no index")
		}
		return Iteration{Path: j.Path, Step: j.Step, As: j.As, Index: *j.Index, Item: j.Item, Depth: j.Depth}, nil
	case jsonEnter:
		return Enter{Path: j.Path, Step: j.Step, Input: j.Input, Depth: j.Depth}, nil
	case jsonCall:
		return Call{Path: j.Path, Step: j.Step, Builtin: j.Builtin, Args: j.Args, Result: j.Result, Err: e, Depth: j.Depth}, nil
	case jsonHook:
		return Hook{Path: j.Path, Step: j.Step, Pos: pos, Result: j.Result, Err: e, Depth: j.Depth}, nil
	case jsonExchanged:
		if j.Exchange == nil {
			return nil, errors.New("unmarshal exchange event: no exchange")
		}
		return Exchanged{Path: j.Path, Step: j.Step, Exchange: *j.Exchange, Depth: j.Depth}, nil
	case jsonLog:
		return Log{Path: j.Path, Step: j.Step, Message: j.Message, Depth: j.Depth}, nil
	case jsonDefaulted:
		return Defaulted{Path: j.Path, Step: j.Step, DefaultedValue: DefaultedValue{Field: j.Field, From: j.From}, Depth: j.Depth}, nil
	}
	return nil, fmt.Errorf("unmarshal event: unknown event %q", j.Event)
}

func errorToJSON(err error) *errorJSON {
	if err == nil {
		return nil
	}
	j := &errorJSON{Message: err.Error()}
	var d DetailedError
	if errors.As(err, &d) {
		j.Details = d.Details()
	}
	var e *Error
	if errors.As(err, &e) && e.Error() == err.Error() {
		j.Code, j.Pos, j.Step, j.Pointer, j.Via = e.Code, posText(e.Pos), e.Step, e.Pointer, posText(e.Via)
		j.Details = e.Details()
		if e.Err != nil {
			j.Cause = e.Err.Error()
		}
	}
	return j
}

// error rebuilds the event's error: an *Error when it was one.
func (j *eventJSON) error() (error, error) {
	x := j.Error
	if x == nil {
		return nil, nil
	}
	if x.Code == "" {
		return &recordedError{msg: x.Message, details: x.Details}, nil
	}
	pos, err := parsePos(x.Pos)
	if err != nil {
		return nil, err
	}
	via, err := parsePos(x.Via)
	if err != nil {
		return nil, err
	}
	e := &Error{Pos: pos, Step: x.Step, Pointer: x.Pointer, Code: x.Code, Via: via, details: x.Details}
	if x.Cause != "" {
		e.Err = &recordedError{msg: x.Cause, details: x.Details}
	}
	return e, nil
}

// recordedError is an error read back from an event's JSON.
type recordedError struct {
	msg     string
	details []Detail
}

func (e *recordedError) Error() string { return e.msg }

// Details returns the findings the error had when it was recorded.
func (e *recordedError) Details() []Detail { return e.details }

// posText is p as "file:line:col", or "" for no position.
func posText(p Pos) string {
	if p == (Pos{}) {
		return ""
	}
	return p.String()
}

// parsePos reads what posText writes.
func parsePos(s string) (Pos, error) {
	if s == "" {
		return Pos{}, nil
	}
	var p Pos
	rest := s
	var nums []int
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums, rest = append([]int{n}, nums...), rest[:i]
	}
	p.File = rest
	switch len(nums) {
	case 2:
		p.Line, p.Col = nums[0], nums[1]
	case 1:
		p.Line = nums[0]
	}
	if p.String() != s {
		return Pos{}, fmt.Errorf("bad position %q", s)
	}
	return p, nil
}
