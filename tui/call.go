package tui

import (
	"fmt"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// callLines draws the Call tab: the call of the step of row r at s, or,
// when that step made none, the last call before s. It shows the builtin
// and the request body, whether the payload passed its schema (each
// finding with its JSON pointer), and each request with the response's
// status and body.
func (m *Model) callLines(s *snapshot, r treeRow) []line {
	path := r.path
	calls := s.calls[path]
	title := ""
	if len(calls) == 0 {
		path = lastCall(s)
		if path == "" {
			if r.step != nil && r.step.Kind == engine.KindCall {
				return []line{plainLine(fmt.Sprintf("%s calls %s: not called yet", r.path, r.step.Call))}
			}
			return []line{plainLine("no call yet")}
		}
		calls = s.calls[path]
		title = "last call, "
	}
	c := calls[len(calls)-1]
	out := []line{styledLine(fmt.Sprintf("%s%s  %s", title, path, c.Builtin), m.styles.Title)}
	xs := s.xs[path]
	for _, x := range xs {
		out = append(out, m.exchangeLine(x))
	}
	out = append(out, plainLine(""))
	switch ds := details(c.Err); {
	case len(ds) > 0:
		if d := details(s.ended[path].Err); len(d) > 0 {
			ds = d
		}
		out = append(out, styledLine(fmt.Sprintf("schema: rejected (%d); nothing was sent", len(ds)), m.styles.Failed))
		for _, d := range ds {
			out = append(out, m.detailLines(d)...)
		}
	case c.Err != nil:
		out = append(out, styledLine("schema: valid", m.styles.OK))
		out = append(out, m.errorLines(c.Err)...)
	default:
		out = append(out, styledLine("schema: valid", m.styles.OK))
	}
	body := any(c.Args)
	for _, x := range xs {
		if x.Exchange.Request != nil {
			body = x.Exchange.Request
		}
	}
	out = append(out, plainLine(""), styledLine("request body", m.styles.Title))
	for _, l := range pretty(body) {
		out = append(out, plainLine("  "+l))
	}
	for _, x := range xs {
		if x.Exchange.Response == nil {
			continue
		}
		out = append(out, plainLine(""), m.exchangeLine(x))
		for _, l := range pretty(x.Exchange.Response) {
			out = append(out, plainLine("  "+l))
		}
	}
	return out
}

// exchangeLine is a request's method and path and the response's status.
func (m *Model) exchangeLine(x engine.Exchanged) line {
	st := m.styles.OK
	if x.Exchange.Status >= 400 {
		st = m.styles.Failed
	}
	return styledLine(fmt.Sprintf("%s %s -> %d", x.Exchange.Method, x.Exchange.Path, x.Exchange.Status), st)
}

// lastCall is the path of the last call at s, or "".
func lastCall(s *snapshot) string {
	for i := len(s.events) - 1; i >= 0; i-- {
		if c, ok := s.events[i].(engine.Call); ok {
			return c.Path
		}
	}
	return ""
}

// logLines draws the Log tab: every event up to s as the text trace
// writes it, hook and builtin console lines among them.
func (m *Model) logLines(s *snapshot) []line {
	var out []line
	for _, e := range s.events {
		text := engine.EventText(e)
		if text == "" {
			continue
		}
		switch e := e.(type) {
		case engine.StepEnd:
			if e.Status == engine.StatusFailed {
				out = append(out, styledLine(text, m.styles.Failed))
				continue
			}
		case engine.Log:
			if strings.Contains(e.Message, "error: ") || strings.HasPrefix(e.Message, "warn: ") {
				out = append(out, styledLine(text, m.styles.Current))
				continue
			}
		}
		out = append(out, plainLine(text))
	}
	return out
}
