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
// Events with no text of their own (Enter) are left out.
func (t *Trace) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, e := range t.Events {
		if line := EventText(e); line != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Text returns the trace as WriteText writes it.
func (t *Trace) Text() string {
	var b strings.Builder
	_ = t.WriteText(&b)
	return b.String()
}

// EventText renders one event as a line of WriteText, indented. It is ""
// for an Enter, whose input the use step's `with` already shows.
func EventText(e Event) string {
	ind := func(depth int) string { return strings.Repeat("  ", depth+1) }
	switch e := e.(type) {
	case RunStart:
		return fmt.Sprintf("run %s", e.Pipeline)
	case RunEnd:
		if e.Err != nil {
			return fmt.Sprintf("run %s: %s", e.Status, e.Err)
		}
		return fmt.Sprintf("run %s", e.Status)
	case StepStart:
		return fmt.Sprintf("%sstep %s (%s) %s", ind(e.Depth), e.Step, e.Kind, e.Pos)
	case StepEnd:
		switch {
		case e.Err != nil:
			return fmt.Sprintf("%s%s %s: %s", ind(e.Depth), e.Status, e.Step, e.Err)
		case e.Output != nil && e.Kind != KindUse && e.Kind != KindForeach && e.Kind != KindCall && e.Kind != KindScript:
			return fmt.Sprintf("%s%s %s %s", ind(e.Depth), e.Status, e.Step, compact(e.Output))
		}
		return fmt.Sprintf("%s%s %s", ind(e.Depth), e.Status, e.Step)
	case Condition:
		return fmt.Sprintf("%s  when %s -> %t", ind(e.Depth), strings.Join(strings.Fields(e.Expr), " "), e.Value)
	case Iteration:
		return fmt.Sprintf("%s[%d] %s", ind(e.Depth), e.Index, compact(e.Item))
	case Call:
		if e.Err != nil {
			return fmt.Sprintf("%scall %s %s -> error: %s", ind(e.Depth), e.Builtin, compact(e.Args), e.Err)
		}
		return fmt.Sprintf("%scall %s %s -> %s", ind(e.Depth), e.Builtin, compact(e.Args), compact(e.Result))
	case Hook:
		if e.Err != nil {
			err := e.Err
			if ee, ok := err.(*Error); ok && ee.Err != nil {
				err = ee.Err
			}
			return fmt.Sprintf("%shook %s -> error: %s", ind(e.Depth), e.Pos, err)
		}
		return fmt.Sprintf("%shook %s -> %s", ind(e.Depth), e.Pos, compact(e.Result))
	case Exchanged:
		return fmt.Sprintf("%s%s %s -> %d", ind(e.Depth), e.Exchange.Method, e.Exchange.Path, e.Exchange.Status)
	case Log:
		return fmt.Sprintf("%slog: %s", ind(e.Depth), e.Message)
	case Enter:
		return ""
	case Defaulted:
		return fmt.Sprintf("%s  defaulted %s <- %s", ind(e.Depth), e.Field, e.From)
	}
	return fmt.Sprintf("%T", e)
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

// CallSummary is one API exchange of a Summary.
type CallSummary struct {
	Step   string `json:"step"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
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
			s.Calls = append(s.Calls, CallSummary{Step: e.Step, Method: e.Exchange.Method, Path: e.Exchange.Path, Status: e.Exchange.Status})
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
