package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// WriteText writes the trace as readable text, one line per event,
// indented by nesting. It has no times, so it is stable for golden files.
// Events with no text of their own (Enter) are left out. It is
// TextOptions{}.WriteTrace.
func (t *Trace) WriteText(w io.Writer) error {
	return TextOptions{}.WriteTrace(w, t)
}

// Text returns the trace as WriteText writes it.
func (t *Trace) Text() string {
	var b strings.Builder
	_ = t.WriteText(&b)
	return b.String()
}

// EventText renders one event as a line of WriteText, indented. It is ""
// for an Enter, whose input the use step's `with` already shows.
func EventText(e Event) string { return TextOptions{}.Event(e) }

// TextOptions says how WriteTrace renders a trace as text. The zero value
// renders what WriteText writes: steps by id, positions as file:line:col
// and every JSON value on one line. Golden files set all three fields, so
// that a trace reads the same wherever it was run and a diff of it shows
// the field that changed.
type TextOptions struct {
	// Pos renders a position: a step's, a hook's, and those of errors
	// (Error.Pos and Error.Via). Nil renders Pos.String.
	Pos func(Pos) string
	// Paths names each step by its address in the run (the events' Path,
	// such as "parcels[1]/dispatch/label") instead of its id.
	Paths bool
	// Pretty writes each JSON value (arguments, results, outputs, foreach
	// elements) indented, one field a line, instead of on one line.
	Pretty bool
}

// WriteTrace writes t as text, one event a line (more with Pretty),
// indented by nesting. Events with no text of their own (Enter) are left
// out.
func (o TextOptions) WriteTrace(w io.Writer, t *Trace) error {
	var b strings.Builder
	for _, e := range t.Events {
		if text := o.Event(e); text != "" {
			b.WriteString(text)
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Event renders one event, indented by its depth. It is "" for an Enter,
// whose input the use step's `with` already shows. With Pretty it may
// span several lines (with no final newline).
func (o TextOptions) Event(e Event) string {
	ind := func(depth int) string { return strings.Repeat("  ", depth+1) }
	step := func(id, path string) string {
		if o.Paths && path != "" {
			return path
		}
		return id
	}
	switch e := e.(type) {
	case RunStart:
		return fmt.Sprintf("run %s", e.Pipeline)
	case RunEnd:
		if e.Err != nil {
			return fmt.Sprintf("run %s: %s", e.Status, o.Error(e.Err))
		}
		return fmt.Sprintf("run %s", e.Status)
	case StepStart:
		return fmt.Sprintf("%sstep %s (%s) %s", ind(e.Depth), step(e.Step, e.Path), e.Kind, o.pos(e.Pos))
	case StepEnd:
		in := ind(e.Depth)
		switch {
		case e.Err != nil:
			return fmt.Sprintf("%s%s %s: %s", in, e.Status, step(e.Step, e.Path), o.Error(e.Err))
		case e.Output != nil && e.Kind != KindUse && e.Kind != KindForeach && e.Kind != KindCall && e.Kind != KindScript:
			return fmt.Sprintf("%s%s %s %s", in, e.Status, step(e.Step, e.Path), o.json(in, e.Output))
		}
		return fmt.Sprintf("%s%s %s", in, e.Status, step(e.Step, e.Path))
	case Condition:
		return fmt.Sprintf("%s  when %s -> %t", ind(e.Depth), strings.Join(strings.Fields(e.Expr), " "), e.Value)
	case Iteration:
		in := ind(e.Depth)
		return fmt.Sprintf("%s[%d] %s", in, e.Index, o.json(in, e.Item))
	case Call:
		in := ind(e.Depth)
		if e.Err != nil {
			return fmt.Sprintf("%scall %s %s -> error: %s", in, e.Builtin, o.json(in, e.Args), o.Error(e.Err))
		}
		return fmt.Sprintf("%scall %s %s -> %s", in, e.Builtin, o.json(in, e.Args), o.json(in, e.Result))
	case Hook:
		in := ind(e.Depth)
		if e.Err != nil {
			err := e.Err
			if ee, ok := err.(*Error); ok && ee.Err != nil {
				err = ee.Err
			}
			return fmt.Sprintf("%shook %s -> error: %s", in, o.pos(e.Pos), o.Error(err))
		}
		return fmt.Sprintf("%shook %s -> %s", in, o.pos(e.Pos), o.json(in, e.Result))
	case Exchanged:
		line := fmt.Sprintf("%s%s %s -> %d", ind(e.Depth), e.Exchange.Method, e.Exchange.Path, e.Exchange.Status)
		if e.Exchange.Retry > 0 {
			line += fmt.Sprintf(" (retry %d)", e.Exchange.Retry)
		}
		return line
	case Log:
		return fmt.Sprintf("%slog: %s", ind(e.Depth), e.Message)
	case Enter:
		return ""
	case Defaulted:
		return fmt.Sprintf("%s  defaulted %s <- %s", ind(e.Depth), e.Field, e.From)
	}
	return fmt.Sprintf("%T", e)
}

// Error renders err as its Error method does, but with o's positions when
// err is an *Error or an ErrorList. Other errors (a wrapped *Error
// included) print as they are.
func (o TextOptions) Error(err error) string {
	switch e := err.(type) {
	case *Error:
		return e.text(o.pos)
	case ErrorList:
		if len(e) > 0 {
			return e.text(o.pos)
		}
	}
	return err.Error()
}

// pos renders p with o.Pos.
func (o TextOptions) pos(p Pos) string {
	if o.Pos == nil {
		return p.String()
	}
	return o.Pos(p)
}

// json renders v for a line indented by indent: on that line, or with
// Pretty on the lines after it, one field a line, its closing bracket
// under the line's first character.
func (o TextOptions) json(indent string, v any) string {
	if !o.Pretty {
		return compact(v)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indent, "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("%v", v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// compact is v as one line of JSON.
func compact(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("%v", v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Summary is the JSON object `sevenflow run --format json` prints per run.
type Summary struct {
	Pipeline string        `json:"pipeline"`
	OrderID  any           `json:"order_id"`
	Status   Status        `json:"status"`
	Steps    []StepSummary `json:"steps"`
	Calls    []CallSummary `json:"calls"`
	// Defaulted lists the values taken from settings because the order had
	// none, so that a reviewer sees what was not in the order.
	Defaulted []DefaultedValue `json:"defaulted"`
	Error     *ErrorSummary    `json:"error"`
}

// StepSummary is one step of a Summary.
type StepSummary struct {
	ID     string `json:"id"`
	Status Status `json:"status"`
}

// CallSummary is one API exchange of a Summary. Retry counts the tries
// of the same request before it (0, and left out, for the first).
type CallSummary struct {
	Step   string `json:"step"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Retry  int    `json:"retry,omitempty"`
}

// ErrorSummary is the error of a failed run in a Summary.
type ErrorSummary struct {
	Message string   `json:"message"`
	Code    string   `json:"code,omitempty"`
	Step    string   `json:"step,omitempty"`
	File    string   `json:"file,omitempty"`
	Line    int      `json:"line,omitempty"`
	Details []Detail `json:"details"`
}

// WriteJSON writes the trace's Summary as one line of JSON.
func (t *Trace) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(t.Summary())
}

// Summary returns the trace's summary: the steps in the order they ended,
// the API exchanges, and the error.
func (t *Trace) Summary() Summary {
	s := Summary{Pipeline: t.Pipeline, Status: t.Status, Steps: []StepSummary{}, Calls: []CallSummary{}, Defaulted: []DefaultedValue{}}
	s.Defaulted = append(s.Defaulted, t.Defaulted...)
	if in, ok := t.Input.(map[string]any); ok {
		s.OrderID = in["order_id"]
	}
	for _, e := range t.Events {
		switch e := e.(type) {
		case StepEnd:
			s.Steps = append(s.Steps, StepSummary{ID: e.Step, Status: e.Status})
		case Exchanged:
			s.Calls = append(s.Calls, CallSummary{Step: e.Step, Method: e.Exchange.Method, Path: e.Exchange.Path, Status: e.Exchange.Status, Retry: e.Exchange.Retry})
		}
	}
	if t.Err != nil {
		es := &ErrorSummary{Message: t.Err.Error(), Details: []Detail{}}
		var ee *Error
		if errors.As(t.Err, &ee) {
			es.Code, es.Step, es.File, es.Line = ee.Code, ee.Step, ee.Pos.File, ee.Pos.Line
			if ee.Err != nil {
				es.Message = ee.Err.Error()
			}
			if d := ee.Details(); d != nil {
				es.Details = d
			}
		}
		s.Error = es
	}
	return s
}
