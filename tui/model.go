package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sevenflow/sevenflow/engine"
)

// state is where the run the model drives is.
type state int

// The states of the run.
const (
	stateStarting state = iota // Start was called; no pause yet
	stateRunning               // resumed; no pause yet
	statePaused                // paused before a step
	stateEnded                 // ended, or could not start
)

// String returns the state's name.
func (s state) String() string {
	return [...]string{"starting", "running", "paused", "ended"}[s]
}

// pane is a part of the screen the keys act on: the tree, or a tab.
type pane int

// The panes, in the order tab visits them.
const (
	paneTree pane = iota
	paneScope
	paneStep
	paneCall
	paneLog
	panes
)

// String returns the pane's title.
func (p pane) String() string {
	return [...]string{"steps", "Scope", "Step", "Call", "Log"}[p]
}

// promptKind is what the line being typed is for.
type promptKind int

// The prompts.
const (
	promptNone   promptKind = iota
	promptEval              // an expression to evaluate (:)
	promptWatch             // a watch to add (w)
	promptBreak             // the condition of a breakpoint (B)
	promptSearch            // a text to find in the focused pane (/)
)

// Messages of the model: each carries the generation of the run it is
// about, so that those of a run before a restart are dropped.
type (
	startedMsg struct {
		gen int
		run Run
		err error
	}
	pauseMsg struct {
		gen   int
		pause engine.Pause
	}
	doneMsg struct {
		gen   int
		trace *engine.Trace
		err   error
	}
)

// Model is the debugger: a tea.Model that starts a run with Config.Start,
// shows each pause, and resumes as the keys say. Keys typed while the run
// goes on are kept and applied, in order, once it pauses again, so that
// what a key does never depends on how fast the run is.
type Model struct {
	cfg    Config
	styles Styles
	keys   keyMap
	width  int
	height int

	state  state
	gen    int
	run    Run
	events []engine.Event
	hist   []*snapshot // a snapshot per pause, then one of the end
	at     int         // the snapshot shown
	queue  []tea.KeyMsg

	focus     pane
	tab       pane            // the tab shown on the right
	lists     [panes]*list    // the scroll state of each pane
	sel       string          // the key of the selected tree row
	collapsed map[string]bool // tree rows closed, by key
	open      map[string]bool // scope rows opened or closed, by key
	sources   map[string][]string

	prompt   promptKind
	input    textinput.Model
	breakAt  string // the step a conditional breakpoint is for
	help     bool
	msg      string
	msgErr   bool
	watches  []string
	lastFind string
	quitting bool
}

// New returns the debugger for cfg. Run it with tea.NewProgram; Init
// starts the first run.
func New(cfg Config) *Model {
	st := cfg.Styles
	if st == nil {
		s := DefaultStyles(lipgloss.DefaultRenderer())
		st = &s
	}
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	in.PromptStyle, in.TextStyle, in.Cursor.Style, in.Cursor.TextStyle = st.Title, st.Message, st.Cursor, st.Message
	m := &Model{
		cfg: cfg, styles: *st, keys: defaultKeys(), width: 100, height: 30,
		tab: paneScope, collapsed: map[string]bool{}, open: map[string]bool{}, sources: map[string][]string{},
		input: in, watches: append([]string(nil), cfg.Watches...),
	}
	for i := range m.lists {
		m.lists[i] = &list{}
	}
	return m
}

// Init starts the run.
func (m *Model) Init() tea.Cmd { return m.start() }

// start calls Config.Start off the event loop.
func (m *Model) start() tea.Cmd {
	gen, start := m.gen, m.cfg.Start
	return func() tea.Msg {
		r, err := start()
		return startedMsg{gen: gen, run: r, err: err}
	}
}

// wait waits for the run's next pause, or its end.
func (m *Model) wait() tea.Cmd {
	gen, r := m.gen, m.run
	return func() tea.Msg {
		if p, ok := <-r.Pauses(); ok {
			return pauseMsg{gen: gen, pause: p}
		}
		<-r.Done()
		t, err := r.Result()
		return doneMsg{gen: gen, trace: t, err: err}
	}
}

// Update handles a message: a key, the terminal's size, a pause, the end.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.input.Width = max(10, msg.Width-20)
		return m, nil
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return m, m.quit()
		}
		m.queue = append(m.queue, splitRunes(msg)...)
		return m, m.drain()
	case startedMsg:
		if msg.gen != m.gen {
			if msg.run != nil {
				msg.run.Stop()
			}
			return m, nil
		}
		if msg.err != nil {
			m.state = stateEnded
			m.setError(fmt.Errorf("start: %w", msg.err))
			return m, m.drain()
		}
		m.run = msg.run
		return m, m.wait()
	case pauseMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		p := msg.pause
		m.events = append(m.events, p.Events...)
		m.hist = append(m.hist, newSnapshot(&p, m.events[:len(m.events):len(m.events)]))
		m.state = statePaused
		m.show(len(m.hist) - 1)
		return m, m.drain()
	case doneMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		s := endSnapshot(msg.trace, msg.err, m.events)
		m.events = s.events
		m.hist = append(m.hist, s)
		m.state = stateEnded
		m.show(len(m.hist) - 1)
		if s.failed != "" {
			m.tab = paneStep
			if len(s.calls[s.failed]) > 0 {
				m.tab = paneCall
			}
			if m.focus != paneTree {
				m.focus = m.tab
			}
		}
		return m, m.drain()
	}
	return m, nil
}

// drain applies the keys typed while the run went on, until one of them
// lets it go on again.
func (m *Model) drain() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.queue) > 0 && (m.state == statePaused || m.state == stateEnded) {
		k := m.queue[0]
		m.queue = m.queue[1:]
		cmds = append(cmds, m.key(k))
	}
	return tea.Batch(cmds...)
}

// splitRunes splits the keys typed faster than the terminal was read,
// which come as one message of several runes, into a message per key.
func splitRunes(k tea.KeyMsg) []tea.KeyMsg {
	if k.Type != tea.KeyRunes || len(k.Runes) < 2 || k.Paste {
		return []tea.KeyMsg{k}
	}
	out := make([]tea.KeyMsg, len(k.Runes))
	for i, r := range k.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}
	}
	return out
}

// key handles a key while the run is paused or has ended.
func (m *Model) key(k tea.KeyMsg) tea.Cmd {
	if m.prompt != promptNone {
		return m.promptKey(k)
	}
	if m.help {
		switch {
		case key.Matches(k, m.keys.Quit):
			return m.quit()
		case key.Matches(k, m.keys.Help), k.String() == "esc":
			m.help = false
		}
		return nil
	}
	km := m.keys
	switch {
	case key.Matches(k, km.Quit):
		return m.quit()
	case key.Matches(k, km.Help):
		m.help = true
	case key.Matches(k, km.StepInto):
		return m.resume(engine.StepInto)
	case key.Matches(k, km.StepOver):
		return m.resume(engine.StepOver)
	case key.Matches(k, km.StepOut):
		return m.resume(engine.StepOut)
	case key.Matches(k, km.Continue):
		return m.resume(engine.Continue)
	case key.Matches(k, km.Back):
		if m.at > 0 {
			m.show(m.at - 1)
		}
	case key.Matches(k, km.Forward):
		if m.at < len(m.hist)-1 {
			m.show(m.at + 1)
		}
	case key.Matches(k, km.Restart):
		return m.restart()
	case key.Matches(k, km.Pane):
		m.setFocus((m.focus + 1) % panes)
	case key.Matches(k, km.PaneBack):
		m.setFocus((m.focus + panes - 1) % panes)
	case key.Matches(k, km.Tabs):
		m.setFocus(pane(k.String()[0]-'1') + paneScope)
	case key.Matches(k, km.Up):
		m.move(-1)
	case key.Matches(k, km.Down):
		m.move(1)
	case key.Matches(k, km.PageUp):
		m.move(-max(1, m.bodyHeight()-1))
	case key.Matches(k, km.PageDown):
		m.move(max(1, m.bodyHeight()-1))
	case key.Matches(k, km.Toggle):
		m.toggle()
	case key.Matches(k, km.Break):
		m.toggleBreak()
	case key.Matches(k, km.CondBreak):
		r, ok := m.selectedStep()
		if !ok {
			m.setError(fmt.Errorf("breakpoint: select a step in the tree first"))
			return nil
		}
		m.breakAt = engine.AnyIteration(r.path)
		return m.ask(promptBreak, "break at "+m.breakAt+" if: ")
	case key.Matches(k, km.BreakCalls):
		on := !m.cfg.Breakpoints.BreaksOnCalls()
		m.cfg.Breakpoints.BreakOnCalls(on)
		m.setMessage(map[bool]string{true: "breaking before every call", false: "not breaking before calls"}[on])
	case key.Matches(k, km.Eval):
		return m.ask(promptEval, ": ")
	case key.Matches(k, km.Watch):
		return m.ask(promptWatch, "watch: ")
	case key.Matches(k, km.Search):
		return m.ask(promptSearch, "search "+m.focus.String()+": ")
	case k.String() == "esc":
		m.msg = ""
	}
	return nil
}

// resume lets the run go on from its last pause; from an earlier one,
// it first comes back to the last.
func (m *Model) resume(how engine.Resume) tea.Cmd {
	if m.state != statePaused {
		m.setError(fmt.Errorf("the run has ended: r restarts it"))
		return nil
	}
	m.at = len(m.hist) - 1
	m.msg = ""
	m.run.Resume(how)
	m.state = stateRunning
	return m.wait()
}

// restart stops the run and starts a new one, keeping the breakpoints,
// the watches and what the user opened and closed.
func (m *Model) restart() tea.Cmd {
	if m.run != nil {
		m.run.Stop()
	}
	m.gen++
	m.run, m.events, m.hist, m.at = nil, nil, nil, 0
	m.state = stateStarting
	m.setMessage("restarted")
	return m.start()
}

// quit stops the run and ends the program.
func (m *Model) quit() tea.Cmd {
	if m.run != nil {
		m.run.Stop()
	}
	m.quitting = true
	return tea.Quit
}

// setFocus focuses p; a tab is shown too.
func (m *Model) setFocus(p pane) {
	m.focus = p
	if p != paneTree {
		m.tab = p
	}
}

// setMessage shows text on the message line.
func (m *Model) setMessage(text string) { m.msg, m.msgErr = text, false }

// setError shows an error on the message line.
func (m *Model) setError(err error) { m.msg, m.msgErr = err.Error(), true }

// snap returns the snapshot shown, or one of a run not paused yet.
func (m *Model) snap() *snapshot {
	if len(m.hist) == 0 {
		return newSnapshot(&engine.Pause{}, nil)
	}
	return m.hist[m.at]
}

// show shows snapshot i: the tree selects its step, opened, and the tabs
// go to their start (Step to the step's line, Log to its end).
func (m *Model) show(i int) {
	m.at = i
	s := m.hist[i]
	rows := buildTree(m.cfg.Pipeline, s)
	m.sel = s.here()
	idx := -1
	for j, r := range rows {
		if r.key == m.sel {
			idx = j
		}
	}
	if idx < 0 && len(rows) > 0 {
		m.sel = rows[0].key
	} else if idx >= 0 {
		for p := rows[idx].parent; p >= 0; p = rows[p].parent {
			delete(m.collapsed, rows[p].key)
		}
	}
	m.syncTree(rows, true)
	m.lists[paneCall].cursor, m.lists[paneCall].offset = 0, 0
	m.lists[paneStep].cursor = -1 // View puts it on the step's line
	m.lists[paneLog].cursor = len(m.logLines(s)) - 1
}

// syncTree puts the tree's cursor on the selected row, centred if
// center is set.
func (m *Model) syncTree(rows []treeRow, center bool) {
	vis := visibleRows(rows, m.collapsed)
	l := m.lists[paneTree]
	for i, j := range vis {
		if rows[j].key == m.sel {
			l.cursor = i
		}
	}
	if center {
		l.center(len(vis), m.bodyHeight())
	}
}

// selectedStep returns the tree row of the selected step: the selected
// row, or the step a selected case or iteration is in.
func (m *Model) selectedStep() (treeRow, bool) {
	rows := buildTree(m.cfg.Pipeline, m.snap())
	for _, r := range rows {
		if r.key != m.sel {
			continue
		}
		for r.step == nil && r.parent >= 0 {
			r = rows[r.parent]
		}
		return r, r.step != nil
	}
	return treeRow{}, false
}
