package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// The sections of the Scope tab, and whether each starts open.
var scopeSections = []struct {
	name string
	open bool
}{
	{"input", true}, {"settings", false}, {"steps", true}, {"vars", true}, {"locals", true},
}

// scopeLines draws the Scope tab at s: the watches, then the scope the
// paused step sees (at the end: the run's) as a JSON tree, each map and
// list open or closed as the user left it (Model.open), else as its
// section starts.
func (m *Model) scopeLines(s *snapshot) []line {
	var out []line
	if len(m.watches) > 0 {
		out = append(out, styledLine("watches", m.styles.Title))
		for _, w := range m.watches {
			v := s.watch(w)
			if v.err != nil {
				out = append(out, styledLine("  "+w+" ! "+firstLine(v.err.Error()), m.styles.Failed))
				continue
			}
			out = append(out, plainLine("  "+w+" = "+compact(v.v)))
		}
	}
	values := map[string]any{}
	switch {
	case s.pause != nil:
		p := s.pause
		values["input"], values["settings"], values["steps"], values["vars"] = p.Input, p.Settings, p.Steps, p.Vars
		if len(p.Locals) > 0 {
			values["locals"] = p.Locals
		}
	case s.trace != nil:
		values["input"], values["steps"], values["vars"] = s.trace.Input, s.trace.Steps, s.trace.Vars
		values["settings"] = settingsOf(s)
	}
	for _, sec := range scopeSections {
		v, ok := values[sec.name]
		if !ok {
			continue
		}
		m.jsonLines(&out, sec.name, sec.name, v, 0, sec.open)
	}
	return out
}

// jsonLines appends the rows of v, named name, as a tree: a map or list
// is one row with its size that enter opens or closes.
func (m *Model) jsonLines(out *[]line, key, name string, v any, depth int, open bool) {
	ind := strings.Repeat("  ", depth)
	if o, ok := m.open[key]; ok {
		open = o
	}
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			*out = append(*out, plainLine(fmt.Sprintf("%s  %s: {}", ind, name)))
			return
		}
		if !open {
			*out = append(*out, line{plain: fmt.Sprintf("%s%s %s %s", ind, markClosed, name, compact(v)), key: key})
			return
		}
		*out = append(*out, line{plain: fmt.Sprintf("%s%s %s {%d}", ind, markOpen, name, len(v)), key: key, open: true})
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m.jsonLines(out, key+"/"+k, k, v[k], depth+1, false)
		}
	case []any:
		if len(v) == 0 {
			*out = append(*out, plainLine(fmt.Sprintf("%s  %s: []", ind, name)))
			return
		}
		if !open {
			*out = append(*out, line{plain: fmt.Sprintf("%s%s %s %s", ind, markClosed, name, compact(v)), key: key})
			return
		}
		*out = append(*out, line{plain: fmt.Sprintf("%s%s %s [%d]", ind, markOpen, name, len(v)), key: key, open: true})
		for i, x := range v {
			m.jsonLines(out, fmt.Sprintf("%s/%d", key, i), fmt.Sprintf("[%d]", i), x, depth+1, false)
		}
	default:
		*out = append(*out, plainLine(fmt.Sprintf("%s  %s: %s", ind, name, compact(v))))
	}
}

// settingsOf returns the run's settings from its run start.
func settingsOf(s *snapshot) map[string]any {
	if len(s.events) > 0 {
		if st, ok := s.events[0].(engine.RunStart); ok {
			return st.Settings
		}
	}
	return nil
}

// firstLine is the first line of s.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
