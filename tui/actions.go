package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sevenflow/sevenflow/engine"
)

// move moves the focused pane's cursor by d rows.
func (m *Model) move(d int) {
	if m.focus == paneTree {
		rows := buildTree(m.cfg.Pipeline, m.snap())
		vis := visibleRows(rows, m.collapsed)
		if len(vis) == 0 {
			return
		}
		m.syncTree(rows, false)
		l := m.lists[paneTree]
		l.cursor = max(0, min(len(vis)-1, l.cursor+d))
		m.sel = rows[vis[l.cursor]].key
		return
	}
	lines := m.paneLines(m.focus)
	l := m.lists[m.focus]
	if l.cursor < 0 {
		l.cursor = 0
	}
	l.cursor = max(0, min(len(lines)-1, l.cursor+d))
}

// toggle opens or closes the row under the cursor: a tree row with rows
// under it, or a map or list of the Scope tab.
func (m *Model) toggle() {
	switch m.focus {
	case paneTree:
		rows := buildTree(m.cfg.Pipeline, m.snap())
		for _, r := range rows {
			if r.key == m.sel && r.kids {
				m.collapsed[r.key] = !m.collapsed[r.key]
			}
		}
	case paneScope:
		lines := m.paneLines(paneScope)
		if c := m.lists[paneScope].cursor; c >= 0 && c < len(lines) && lines[c].key != "" {
			m.open[lines[c].key] = !lines[c].open
		}
	}
}

// toggleBreak clears the breakpoints on the selected step, or sets one
// there (in every iteration) if it had none.
func (m *Model) toggleBreak() {
	r, ok := m.selectedStep()
	if !ok {
		m.setError(fmt.Errorf("breakpoint: select a step in the tree first"))
		return
	}
	bp := m.cfg.Breakpoints
	cleared := false
	for _, b := range bp.Breakpoints() {
		if matches(b, r.step.ID, r.path) {
			bp.ClearBreakpoint(b.At)
			cleared = true
		}
	}
	if cleared {
		m.setMessage("cleared the breakpoint at " + r.path)
		return
	}
	at := engine.AnyIteration(r.path)
	if err := bp.SetBreakpoint(engine.Breakpoint{At: at}); err != nil {
		m.setError(err)
		return
	}
	m.setMessage("breakpoint at " + at)
}

// ask opens the prompt for kind.
func (m *Model) ask(kind promptKind, prompt string) tea.Cmd {
	m.prompt = kind
	m.input.Prompt = prompt
	m.input.Reset()
	m.msg = ""
	return m.input.Focus()
}

// promptKey handles a key while the prompt is open: enter submits, esc
// cancels, anything else edits the line.
func (m *Model) promptKey(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.closePrompt()
		return nil
	case "enter":
		kind, text := m.prompt, m.input.Value()
		m.closePrompt()
		m.submit(kind, text)
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	return cmd
}

func (m *Model) closePrompt() {
	m.prompt = promptNone
	m.input.Blur()
}

// submit does what a prompt's line asks.
func (m *Model) submit(kind promptKind, text string) {
	switch kind {
	case promptEval:
		if text == "" {
			return
		}
		s := m.snap()
		if s.pause == nil {
			m.setError(fmt.Errorf("eval: the run has ended; go back (←) to a pause to evaluate there"))
			return
		}
		v, err := s.pause.Eval(text)
		if err != nil {
			m.setError(caret(text, err))
			return
		}
		m.setMessage(text + " = " + compact(v))
	case promptWatch:
		if text == "" || slices.Contains(m.watches, text) {
			return
		}
		m.watches = append(m.watches, text)
		m.setMessage("watching " + text)
		m.setFocus(paneScope)
		m.lists[paneScope].cursor = 0
	case promptBreak:
		b := engine.Breakpoint{At: m.breakAt, When: text}
		if err := m.cfg.Breakpoints.SetBreakpoint(b); err != nil {
			m.setError(caret(text, err))
			return
		}
		m.setMessage("breakpoint at " + b.String())
	case promptSearch:
		if text == "" {
			text = m.lastFind
		}
		if text == "" {
			return
		}
		m.lastFind = text
		m.find(text)
	}
}

// find moves the focused pane's cursor to the next row holding q.
func (m *Model) find(q string) {
	if m.focus == paneTree {
		rows := buildTree(m.cfg.Pipeline, m.snap())
		lines := m.treeLines(rows, visibleRows(rows, m.collapsed))
		m.syncTree(rows, false)
		if i := search(lines, m.lists[paneTree].cursor, q); i >= 0 {
			m.sel = rows[visibleRows(rows, m.collapsed)[i]].key
			m.syncTree(rows, false)
			m.setMessage("found " + q)
			return
		}
	} else {
		lines := m.paneLines(m.focus)
		if i := search(lines, max(m.lists[m.focus].cursor, 0), q); i >= 0 {
			m.lists[m.focus].cursor = i
			m.setMessage("found " + q)
			return
		}
	}
	m.setError(fmt.Errorf("search %s: no %q", m.focus, q))
}

// caret adds to an error in the expression src the line it points at and
// a caret under its column, as lint shows an error in a file.
func caret(src string, err error) error {
	es := engine.Errors(err)
	if len(es) == 0 || es[0].Pos.File != "eval" || es[0].Pos.Line < 1 {
		return err
	}
	lines := strings.Split(src, "\n")
	if es[0].Pos.Line > len(lines) {
		return err
	}
	l := lines[es[0].Pos.Line-1]
	return fmt.Errorf("%w\n  %s\n  %s^", err, l, strings.Repeat(" ", max(0, es[0].Pos.Col-1)))
}
