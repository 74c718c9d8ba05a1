package tui

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// line is one row of a pane: its plain text (what search looks at) and
// how it is drawn.
type line struct {
	plain  string
	styled string // "" draws plain
	key    string // what enter toggles on the row, if anything
	open   bool   // whether the row with key is open
}

// plainLine is a line drawn as its text.
func plainLine(s string) line { return line{plain: s} }

// styledLine is a line drawn in style st.
func styledLine(s string, st lipgloss.Style) line { return line{plain: s, styled: st.Render(s)} }

// list is the scroll state of a pane: the selected row and the first row
// shown. It is kept by pointer, so that View can keep the cursor in sight.
type list struct {
	cursor int
	offset int
}

// clamp keeps the cursor among n rows and in sight in a window of h rows.
func (l *list) clamp(n, h int) {
	l.cursor = max(0, min(l.cursor, n-1))
	if h <= 0 {
		return
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	l.offset = max(0, min(l.offset, n-h))
}

// center puts the cursor in the upper third of a window of h rows.
func (l *list) center(n, h int) {
	l.offset = l.cursor - h/3
	l.clamp(n, h)
}

// render draws lines in a w x h window from the list's offset, the
// cursor's row in cur when cur is not nil.
func (l *list) render(lines []line, w, h int, cur *lipgloss.Style) []string {
	l.clamp(len(lines), h)
	out := make([]string, 0, h)
	for i := l.offset; i < len(lines) && len(out) < h; i++ {
		ln := lines[i]
		var s string
		if cur != nil && i == l.cursor {
			s = cur.Render(fit(ln.plain, w))
		} else if ln.styled != "" {
			s = fit(ln.styled, w)
		} else {
			s = fit(ln.plain, w)
		}
		out = append(out, s)
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return out
}

// fit cuts s (which may be styled) to w cells, with "…" where it was cut,
// and pads it with spaces to w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = strings.ReplaceAll(s, "\t", "  ")
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// search returns the index of the first line after from (wrapping) whose
// text holds q, ignoring case, or -1.
func search(lines []line, from int, q string) int {
	q = strings.ToLower(q)
	for k := 1; k <= len(lines); k++ {
		i := (from + k) % len(lines)
		if strings.Contains(strings.ToLower(lines[i].plain), q) {
			return i
		}
	}
	return -1
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

// pretty is v as indented JSON, a string per line.
func pretty(v any) []string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return []string{fmt.Sprintf("%v", v)}
	}
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}
