package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/sevenflow/sevenflow/engine"
)

// explainedStep is why one step of a run ran or was skipped: `run
// --explain` prints it after the trace, and `run --format json --explain`
// lists it under "explain".
type explainedStep struct {
	Step string `json:"step"`
	// Path is the step's address in the run, as the engine's events give
	// it: parcels[0]/dispatch/label.
	Path       string               `json:"path"`
	Kind       engine.StepKind      `json:"kind"`
	Status     engine.Status        `json:"status"`
	At         string               `json:"at"` // the step's file:line:col
	Conditions []explainedCondition `json:"conditions"`

	depth     int  // as the trace's
	iteration int  // a foreach's current iteration, -1 before the first
	headed    int  // a foreach's last iteration that has a step, -1 before
	starts    int  // the iteration of the parent foreach this step is the first of, or -1
	nested    bool // steps ran inside it
}

// explainedCondition is one condition a step evaluated, with the values
// of the names it read.
type explainedCondition struct {
	Kind  engine.ConditionKind `json:"kind"`
	Expr  string               `json:"expr"`
	Value bool                 `json:"value"`
	At    string               `json:"at"`
	Names []engine.NameValue   `json:"names"`
}

// explain lists, from the events of a run made with engine.WithExplain,
// every step that started, in the order they started, with the
// conditions it evaluated.
func explain(t *engine.Trace) []explainedStep {
	out := []explainedStep{}
	var open []int // the steps that have not ended, as indexes into out
	for _, ev := range t.Events {
		switch e := ev.(type) {
		case engine.StepStart:
			s := explainedStep{Step: e.Step, Path: e.Path, Kind: e.Kind, At: e.Pos.String(),
				Conditions: []explainedCondition{}, depth: e.Depth, iteration: -1, headed: -1, starts: -1}
			if len(open) > 0 {
				parent := &out[open[len(open)-1]]
				parent.nested = true
				if i := parent.iteration; i >= 0 && parent.headed != i {
					parent.headed, s.starts = i, i
				}
			}
			out = append(out, s)
			open = append(open, len(out)-1)
		case engine.Condition:
			if len(open) == 0 {
				continue
			}
			s := &out[open[len(open)-1]]
			names := e.Names
			if names == nil {
				names = []engine.NameValue{}
			}
			s.Conditions = append(s.Conditions, explainedCondition{Kind: e.Kind, Expr: oneLine(e.Expr), Value: e.Value, At: e.Pos.String(), Names: names})
		case engine.Iteration:
			if len(open) > 0 {
				out[open[len(open)-1]].iteration = e.Index
			}
		case engine.StepEnd:
			if len(open) > 0 {
				out[open[len(open)-1]].Status = e.Status
				open = open[:len(open)-1]
			}
		}
	}
	return out
}

// writeExplain writes why each step ran or was skipped, indented by
// nesting as the trace is: the step's `when` and the values of its names,
// a switch's cases as far as it tested them, an assert's condition, and
// where each is in the YAML.
func writeExplain(w io.Writer, steps []explainedStep) error {
	var b strings.Builder
	b.WriteString("explain:\n")
	for _, s := range steps {
		ind := strings.Repeat("  ", s.depth+1)
		if s.starts >= 0 {
			fmt.Fprintf(&b, "%s[%d]\n", ind, s.starts)
		}
		status := "ran"
		switch s.Status {
		case engine.StatusSkipped, engine.StatusFailed:
			status = string(s.Status)
		case engine.StatusExists, engine.StatusUpdated:
			status = fmt.Sprintf("ran (%s)", s.Status)
		}
		conds := s.Conditions
		if len(conds) > 0 && conds[0].Kind == engine.WhenCondition {
			c := conds[0]
			conds = conds[1:]
			fmt.Fprintf(&b, "%s%s: %s because `%s` was %t (%s)\n", ind, s.Step, status, c.Expr, c.Value, c.At)
			writeNames(&b, ind+"    ", c.Names)
		} else {
			fmt.Fprintf(&b, "%s%s: %s, no condition (%s)\n", ind, s.Step, status, s.At)
		}
		held := false
		for _, c := range conds {
			fmt.Fprintf(&b, "%s  %s `%s` was %t (%s)\n", ind, c.Kind, c.Expr, c.Value, c.At)
			writeNames(&b, ind+"    ", c.Names)
			held = held || c.Value
		}
		if s.Kind == engine.KindSwitch && s.Status != engine.StatusSkipped && !held {
			if s.nested {
				fmt.Fprintf(&b, "%s  no case held: the default case ran\n", ind)
			} else {
				fmt.Fprintf(&b, "%s  no case held\n", ind)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeNames writes each name and its value on a line.
func writeNames(b *strings.Builder, ind string, names []engine.NameValue) {
	for _, n := range names {
		fmt.Fprintf(b, "%s%s = %s\n", ind, n.Name, shortValue(n.Value))
	}
}

// maxValue is how many runes of a value --explain prints.
const maxValue = 80

// shortValue shows a value as JSON on one line (nil as nil, as
// expressions write it), cut at maxValue runes.
func shortValue(v any) string {
	if v == nil {
		return "nil"
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSuffix(b.String(), "\n")
	if utf8.RuneCountInString(s) > maxValue {
		s = string([]rune(s)[:maxValue-1]) + "…"
	}
	return s
}

// oneLine joins the words of s with single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
