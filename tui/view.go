package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// The smallest screen the layout is made for; a smaller one is drawn as
// if it were this big, cut.
const (
	minWidth  = 40
	minHeight = 10
)

// View draws the screen: a title row, the tree and the tab side by side,
// the status bar, and the message or prompt line.
func (m *Model) View() string {
	w, h := max(m.width, minWidth), max(m.height, minHeight)
	msg := m.messageLines(w)
	bodyH := h - 2 - len(msg)
	var out []string
	lw := m.treeWidth(w)
	rw := w - lw - 1
	rule := m.styles.Rule.Render("│")
	if m.help {
		out = append(out, fit(m.styles.Focused.Render("Keys"), w))
		out = append(out, m.helpLines(w, bodyH)...)
	} else {
		out = append(out, m.titleLeft(lw)+rule+m.tabs(rw))
		left := m.treeView(lw, bodyH)
		right := m.tabView(rw, bodyH)
		for i := range bodyH {
			out = append(out, left[i]+rule+right[i])
		}
	}
	out = append(out, m.statusLine(w))
	out = append(out, msg...)
	return strings.Join(out, "\n")
}

// bodyHeight is the number of rows the panes have.
func (m *Model) bodyHeight() int {
	return max(m.height, minHeight) - 2 - len(m.messageLines(max(m.width, minWidth)))
}

// treeWidth is the width of the tree: two fifths of the screen, within
// bounds.
func (m *Model) treeWidth(w int) int {
	return max(min(w*2/5, 48), min(24, w/2))
}

func (m *Model) titleLeft(w int) string {
	title := "steps of " + m.cfg.Pipeline.Name
	if m.focus == paneTree {
		return fit(m.styles.Focused.Render("» "+title), w)
	}
	return fit(m.styles.Title.Render("  "+title), w)
}

// tabs draws the tab names, the shown one in brackets (and » when it has
// the focus).
func (m *Model) tabs(w int) string {
	var b strings.Builder
	for p := paneScope; p < panes; p++ {
		name := fmt.Sprintf(" %d %s ", p, p)
		switch {
		case p == m.tab && m.focus == p:
			b.WriteString(m.styles.Focused.Render(fmt.Sprintf("»[%d %s]", p, p)))
		case p == m.tab:
			b.WriteString(m.styles.Title.Render(fmt.Sprintf(" [%d %s]", p, p)))
		default:
			b.WriteString(m.styles.Tab.Render(name))
		}
	}
	return fit(b.String(), w)
}

// treeLines draws the visible rows of the tree: a cursor mark for the
// selected row, the status mark, the breakpoint mark, then the step.
func (m *Model) treeLines(rows []treeRow, vis []int) []line {
	s := m.snap()
	bps := m.cfg.Breakpoints.Breakpoints()
	out := make([]line, 0, len(vis))
	for _, i := range vis {
		r := rows[i]
		st := rowStatus(rows, i, s)
		mark, mstyle := m.mark(st)
		bp := " "
		if r.step != nil {
			for _, b := range bps {
				if matches(b, r.step.ID, r.path) {
					if b.When != "" {
						bp = markCond
					} else if bp == " " {
						bp = markBreak
					}
				}
			}
		}
		sel := " "
		if r.key == m.sel {
			sel = ">"
		}
		exp := " "
		if r.kids {
			exp = markOpen
			if m.collapsed[r.key] {
				exp = markClosed
			}
		}
		ind := strings.Repeat("  ", r.depth)
		kind := ""
		if r.step != nil {
			kind = " " + string(r.step.Kind)
		}
		plain := sel + mark + bp + " " + ind + exp + " " + r.label + kind
		label := r.label
		if st == statusCurrent {
			label = m.styles.Current.Render(label)
		}
		styled := sel + mstyle.Render(mark) + m.styles.Break.Render(bp) + " " + ind + exp + " " + label + m.styles.Dim.Render(kind)
		out = append(out, line{plain: plain, styled: styled, key: r.key})
	}
	return out
}

// mark returns the mark of a status and its style.
func (m *Model) mark(s status) (string, lipgloss.Style) {
	switch s {
	case statusCurrent:
		return markCurrent, m.styles.Current
	case statusRunning:
		return markRunning, m.styles.Current
	case statusOK:
		return markOK, m.styles.OK
	case statusSkipped:
		return markSkipped, m.styles.Skipped
	case statusFailed:
		return markFailed, m.styles.Failed
	case statusNotRun:
		return markNotRun, m.styles.Skipped
	}
	return markPending, m.styles.Pending
}

func (m *Model) treeView(w, h int) []string {
	rows := buildTree(m.cfg.Pipeline, m.snap())
	vis := visibleRows(rows, m.collapsed)
	m.syncTree(rows, false)
	var cur *lipgloss.Style
	if m.focus == paneTree {
		cur = &m.styles.Cursor
	}
	return m.lists[paneTree].render(m.treeLines(rows, vis), w, h, cur)
}

// paneLines returns the lines of tab p at the snapshot shown.
func (m *Model) paneLines(p pane) []line {
	s := m.snap()
	switch p {
	case paneScope:
		return m.scopeLines(s)
	case paneStep:
		r, ok := m.selectedStep()
		if !ok {
			return []line{plainLine("no step selected")}
		}
		lines, _ := m.stepLines(s, r)
		return lines
	case paneCall:
		r, _ := m.selectedStep()
		return m.callLines(s, r)
	case paneLog:
		return m.logLines(s)
	}
	return nil
}

func (m *Model) tabView(w, h int) []string {
	l := m.lists[m.tab]
	var lines []line
	if m.tab == paneStep {
		if r, ok := m.selectedStep(); ok {
			var marked int
			lines, marked = m.stepLines(m.snap(), r)
			if l.cursor < 0 {
				l.cursor = marked
				l.offset = max(0, marked-2)
			}
		} else {
			lines = []line{plainLine("no step selected")}
		}
	} else {
		lines = m.paneLines(m.tab)
	}
	if m.state == stateStarting && len(m.hist) == 0 {
		lines = []line{plainLine("starting…")}
	}
	var cur *lipgloss.Style
	if m.focus == m.tab {
		cur = &m.styles.Cursor
	}
	return l.render(lines, w, h, cur)
}

// statusLine draws the status bar: the pipeline, the target, the steps
// run, where the run is, the breakpoints, and the last error.
func (m *Model) statusLine(w int) string {
	s := m.snap()
	parts := []string{m.cfg.Pipeline.Name, m.cfg.Target, fmt.Sprintf("steps run: %d", s.steps)}
	switch {
	case m.state == stateStarting:
		parts = append(parts, "starting…")
	case m.state == stateRunning:
		parts = append(parts, "running…")
	case m.at < len(m.hist)-1:
		parts = append(parts, fmt.Sprintf("back at %s (%d/%d)", s.here(), m.at+1, len(m.hist)))
	case s.pause != nil:
		parts = append(parts, fmt.Sprintf("paused at %s (%s)", s.pause.Path, s.pause.Reason))
	case s.err != nil || s.failed != "":
		parts = append(parts, "run failed")
	case len(m.hist) > 0:
		parts = append(parts, "run ok")
	}
	if n := len(m.cfg.Breakpoints.Breakpoints()); n > 0 {
		parts = append(parts, fmt.Sprintf("%s %d", markBreak, n))
	}
	if m.cfg.Breakpoints.BreaksOnCalls() {
		parts = append(parts, "break on calls")
	}
	if s.lastErr != nil {
		parts = append(parts, "error: "+firstLine(s.lastErr.Error()))
	}
	text := " " + strings.Join(parts, " │ ")
	const hint = " ? help "
	if ansi.StringWidth(text)+len(hint) <= w {
		text += strings.Repeat(" ", w-ansi.StringWidth(text)-len(hint)) + hint
	}
	return m.styles.Status.Render(fit(text, w))
}

// messageLines draws the prompt, or the last message (at most three
// rows), or the main keys.
func (m *Model) messageLines(w int) []string {
	if m.prompt != promptNone {
		return []string{fit(m.input.View(), w)}
	}
	if m.msg == "" {
		var parts []string
		for _, b := range m.keys.ShortHelp() {
			k, _, _ := strings.Cut(b.Help().Key, ",")
			parts = append(parts, m.styles.Key.Render(k)+" "+shortHelp[b.Help().Key])
		}
		return []string{fit(strings.Join(parts, " · "), w)}
	}
	st := m.styles.Message
	if m.msgErr {
		st = m.styles.ErrorMsg
	}
	var out []string
	for _, l := range strings.Split(m.msg, "\n") {
		for len(out) < 3 {
			if ansi.StringWidth(l) <= w || len(out) == 2 {
				out = append(out, st.Render(fit(l, w)))
				break
			}
			cut := ansi.Truncate(l, w, "")
			out = append(out, st.Render(cut))
			l = strings.TrimPrefix(l, cut)
		}
	}
	return out
}

// helpLines draws every key, in columns when they fit, and the marks.
func (m *Model) helpLines(w, h int) []string {
	var cols [][]string
	for _, group := range m.keys.FullHelp() {
		var col []string
		for _, b := range group {
			col = append(col, m.helpRow(b))
		}
		cols = append(cols, col)
	}
	legend := []string{
		"marks in the tree",
		markPending + " pending   " + markCurrent + " current   " + markRunning + " running",
		markOK + " ok        " + markSkipped + " skipped   " + markFailed + " failed",
		markNotRun + " not run   " + markBreak + " breakpoint",
		markCond + " conditional breakpoint",
	}
	left := append(append(cols[0], ""), cols[1]...)
	right := append(append(cols[2], ""), legend...)
	var out []string
	cw := w / 2
	for i := range max(len(left), len(right)) {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out = append(out, fit(" "+l, cw)+fit(" "+r, w-cw))
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return out[:h]
}

// helpRow is one key and what it does.
func (m *Model) helpRow(b key.Binding) string {
	return m.styles.Key.Render(fmt.Sprintf("%-10s", b.Help().Key)) + " " + b.Help().Desc
}
