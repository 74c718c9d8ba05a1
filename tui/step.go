package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sevenflow/sevenflow/engine"
)

// stepLines draws the Step tab: the step of row r at s, its source with
// its first line marked, its conditions with their values, its `with`
// evaluated, and how it ended. It returns the index of the marked line.
func (m *Model) stepLines(s *snapshot, r treeRow) ([]line, int) {
	st, path := r.step, r.path
	var out []line
	head := fmt.Sprintf("%s  %s  %s", path, st.Kind, s.status(path))
	if st.Kind == engine.KindCall {
		head = fmt.Sprintf("%s  call %s  %s", path, st.Call, s.status(path))
	}
	out = append(out, styledLine(head, m.styles.Title))
	end, ended := s.ended[path]
	errLine := 0
	var e *engine.Error
	if ended && errors.As(end.Err, &e) {
		switch {
		case e.Via.File == st.Pos.File:
			errLine = e.Via.Line
		case e.Pos.File == st.Pos.File:
			errLine = e.Pos.Line
		}
	}
	out = append(out, styledLine(st.Pos.String(), m.styles.Dim))
	if ended && end.Err != nil {
		out = append(out, styledLine("failed:", m.styles.Failed))
		out = append(out, m.errorLines(end.Err)...)
		out = append(out, plainLine(""))
	}
	marked := len(out)
	for _, sl := range m.sourceSpan(st) {
		mark, style := " ", m.styles.Dim
		text := fmt.Sprintf("%4d │ %s", sl.n, sl.text)
		switch {
		case sl.n == errLine:
			mark, style = markFailed, m.styles.Failed
		case sl.n == st.Pos.Line:
			mark, style = markCurrent, m.styles.Current
			marked = len(out)
		}
		out = append(out, line{plain: mark + text, styled: style.Render(mark) + text})
	}

	if conds := m.conditionLines(s, r); len(conds) > 0 {
		out = append(out, plainLine(""), styledLine("conditions", m.styles.Title))
		out = append(out, conds...)
	}
	if with, what := m.withValue(s, r); what != "" {
		out = append(out, plainLine(""), styledLine(what, m.styles.Title))
		for _, l := range pretty(with) {
			out = append(out, plainLine("  "+l))
		}
	}
	if ended {
		out = append(out, plainLine(""))
		switch {
		case end.Err != nil:
			out = append(out, styledLine("failed (see above)", m.styles.Failed))
		case end.Output != nil:
			out = append(out, styledLine(string(end.Status)+": output", m.styles.Title))
			for _, l := range pretty(end.Output) {
				out = append(out, plainLine("  "+l))
			}
		default:
			out = append(out, styledLine(string(end.Status), m.styles.Title))
		}
	}
	return out, marked
}

// conditionLines are the step's conditions: as the run evaluated them, or,
// at the pause before the step, as they evaluate now.
func (m *Model) conditionLines(s *snapshot, r treeRow) []line {
	var out []line
	if conds := s.conds[r.path]; len(conds) > 0 {
		for _, c := range conds {
			st := m.styles.Skipped
			if c.Value {
				st = m.styles.OK
			}
			kind := string(c.Kind)
			if kind == "" || c.Kind == engine.CaseCondition {
				kind = "when"
			}
			out = append(out, styledLine(fmt.Sprintf("  %s %s -> %t", kind, oneLine(c.Expr), c.Value), st))
			for _, n := range c.Names { // a run with WithExplain (run --explain --trace)
				out = append(out, styledLine(fmt.Sprintf("      %s = %s", n.Name, compact(n.Value)), m.styles.Dim))
			}
		}
		return out
	}
	if s.pause == nil || s.pause.Path != r.path {
		return nil
	}
	type cond struct {
		kind string
		x    *engine.Expr
	}
	var conds []cond
	if r.step.When != nil {
		conds = append(conds, cond{"when", r.step.When})
	}
	if r.step.Assert != nil {
		conds = append(conds, cond{"assert", r.step.Assert})
	}
	for _, c := range r.step.Cases {
		if c.When != nil {
			conds = append(conds, cond{"when", c.When})
		}
	}
	for _, c := range conds {
		v, err := s.pause.Eval(c.x.Src)
		if err != nil {
			out = append(out, styledLine(fmt.Sprintf("  %s %s ! %s", c.kind, oneLine(c.x.Src), firstLine(err.Error())), m.styles.Failed))
			continue
		}
		out = append(out, plainLine(fmt.Sprintf("  %s %s = %s (now)", c.kind, oneLine(c.x.Src), compact(v))))
	}
	return out
}

// withValue is the step's `with` as the run evaluated it (the call's
// arguments, the sub-pipeline's input) or, at the pause before the step,
// as it evaluates now; and a title for it ("" when there is none).
func (m *Model) withValue(s *snapshot, r treeRow) (any, string) {
	if calls := s.calls[r.path]; len(calls) > 0 {
		return calls[len(calls)-1].Args, "with (the call's arguments)"
	}
	if e, ok := s.enters[r.path]; ok {
		return e.Input, "with (the sub-pipeline's input)"
	}
	if s.pause == nil || s.pause.Path != r.path || r.step.With == nil {
		return nil, ""
	}
	return evalValue(s.pause, r.step.With), "with (as it evaluates now)"
}

// evalValue evaluates every expression of v at p; an expression that
// fails is its error's text.
func evalValue(p *engine.Pause, v *engine.Value) any {
	switch {
	case v.Expr != nil:
		x, err := p.Eval(v.Expr.Src)
		if err != nil {
			return "! " + firstLine(err.Error())
		}
		return x
	case v.List != nil:
		out := make([]any, len(v.List))
		for i, x := range v.List {
			out[i] = evalValue(p, x)
		}
		return out
	}
	out := map[string]any{}
	for i, k := range v.Keys {
		out[k] = evalValue(p, v.Map[i])
	}
	return out
}

// errorLines are an error's text and its findings (JSON pointer, what is
// wrong there, and what the value was built from).
func (m *Model) errorLines(err error) []line {
	var out []line
	for _, l := range strings.Split(err.Error(), "\n") {
		out = append(out, m.wrapped(l, m.styles.Failed)...)
	}
	for _, d := range details(err) {
		out = append(out, m.detailLines(d)...)
	}
	return out
}

// detailLines are a finding: its JSON pointer, what is wrong there, and
// what the value was built from.
func (m *Model) detailLines(d engine.Detail) []line {
	text := d.Pointer + ": " + d.Message
	if d.Source != "" {
		text += " <- " + d.Source
	}
	return m.wrapped(text, m.styles.Failed)
}

// wrapped is text in style st, indented by two, cut into lines as wide as
// the tabs, so that an error is read whole.
func (m *Model) wrapped(text string, st lipgloss.Style) []line {
	w := max(max(m.width, minWidth)-m.treeWidth(max(m.width, minWidth))-1-4, 10)
	var out []line
	for i, l := range strings.Split(ansi.Wrap(text, w, " /"), "\n") {
		prefix := "  "
		if i > 0 {
			prefix = "    "
		}
		out = append(out, styledLine(prefix+l, st))
	}
	return out
}

// details returns the findings of err: those of an *engine.Error (with
// their sources), else those of a builtin's error.
func details(err error) []engine.Detail {
	var e *engine.Error
	if errors.As(err, &e) {
		if d := e.Details(); d != nil {
			return d
		}
	}
	var d engine.DetailedError
	if errors.As(err, &d) {
		return d.Details()
	}
	return nil
}

// sourceLine is a line of a pipeline file and its number.
type sourceLine struct {
	n    int
	text string
}

// sourceSpan returns the lines of the step in its file: from its first
// key to the last line indented under it, without trailing blank lines
// and comments.
func (m *Model) sourceSpan(st *engine.Step) []sourceLine {
	lines := m.sourceLines(st.Pos.File)
	if st.Pos.Line < 1 || st.Pos.Line > len(lines) {
		return nil
	}
	indent := st.Pos.Col - 1
	out := []sourceLine{{st.Pos.Line, lines[st.Pos.Line-1]}}
	for n := st.Pos.Line + 1; n <= len(lines) && len(out) < 400; n++ {
		text := lines[n-1]
		trimmed := strings.TrimSpace(text)
		if trimmed != "" && len(text)-len(strings.TrimLeft(text, " ")) < indent {
			break
		}
		out = append(out, sourceLine{n, text})
	}
	for len(out) > 1 {
		t := strings.TrimSpace(out[len(out)-1].text)
		if t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		out = out[:len(out)-1]
	}
	return out
}

// sourceLines returns the lines of a pipeline file, read once.
func (m *Model) sourceLines(file string) []string {
	if lines, ok := m.sources[file]; ok {
		return lines
	}
	var lines []string
	if m.cfg.Source != nil {
		if src, err := m.cfg.Source(file); err == nil {
			lines = strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
		}
	}
	m.sources[file] = lines
	return lines
}
