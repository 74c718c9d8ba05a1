package tui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sevenflow/sevenflow/engine"
)

// fakeRun is a Run the test steps by hand: it records how it was resumed
// and whether it was stopped.
type fakeRun struct {
	pauses  chan engine.Pause
	done    chan struct{}
	resumed []engine.Resume
	stopped bool
	trace   *engine.Trace
	err     error
}

func newFakeRun() *fakeRun {
	return &fakeRun{pauses: make(chan engine.Pause), done: make(chan struct{})}
}

func (f *fakeRun) Pauses() <-chan engine.Pause    { return f.pauses }
func (f *fakeRun) Resume(how engine.Resume)       { f.resumed = append(f.resumed, how) }
func (f *fakeRun) Done() <-chan struct{}          { return f.done }
func (f *fakeRun) Result() (*engine.Trace, error) { return f.trace, f.err }
func (f *fakeRun) Stop()                          { f.stopped = true }

// fakeModel returns a model of the parcels pipeline whose runs are made by
// start.
func fakeModel(t *testing.T, start func() (Run, error)) *Model {
	t.Helper()
	prog := program(t, "testdata/parcels.yaml")
	m := New(Config{Pipeline: prog.Pipeline(), Breakpoints: engine.NewDebugger(prog), Start: start, Target: "fake", Styles: asciiStyles()})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m
}

// Keys typed while the run goes on are applied in order once it pauses,
// each step key waiting for the pause before it.
func TestKeysWaitForThePause(t *testing.T) {
	f := newFakeRun()
	m := fakeModel(t, nil)
	m.Update(startedMsg{run: f})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("sn")}) // two keys read at once
	m.Update(tea.KeyMsg{Type: tea.KeyRight})
	if len(m.queue) != 3 || len(f.resumed) != 0 {
		t.Fatalf("queue %v, resumed %v before the first pause", m.queue, f.resumed)
	}
	m.Update(pauseMsg{pause: engine.Pause{Path: "start", Step: "start", Reason: engine.ReasonStart}})
	if !slices.Equal(f.resumed, []engine.Resume{engine.StepInto}) || len(m.queue) != 2 || m.state != stateRunning {
		t.Fatalf("after the first pause: resumed %v, queue %v, %s", f.resumed, m.queue, m.state)
	}
	m.Update(pauseMsg{pause: engine.Pause{Path: "route", Step: "route", Reason: engine.ReasonStep}})
	if !slices.Equal(f.resumed, []engine.Resume{engine.StepInto, engine.StepOver}) || len(m.queue) != 1 {
		t.Fatalf("after the second pause: resumed %v, queue %v", f.resumed, m.queue)
	}
	m.Update(pauseMsg{pause: engine.Pause{Path: "parcels", Step: "parcels", Reason: engine.ReasonStep}})
	if len(m.queue) != 0 || m.at != 2 || m.state != statePaused {
		t.Errorf("queue %v, at %d, %s", m.queue, m.at, m.state)
	}
}

// A run that cannot start says why, and the keys still work.
func TestStartFails(t *testing.T) {
	m := fakeModel(t, func() (Run, error) { return nil, errors.New("no simulator") })
	cmd := m.Init()
	m.Update(cmd())
	if m.state != stateEnded || m.msg != "start: no simulator" || !m.msgErr {
		t.Fatalf("%s, message %q", m.state, m.msg)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}})
	if m.msg != "the run has ended: r restarts it" {
		t.Errorf("s after a failed start: %q", m.msg)
	}
	if !strings.Contains(m.View(), "steps of parcels") {
		t.Errorf("no tree:\n%s", m.View())
	}
}

// Messages of a run before a restart are dropped, and that run is
// stopped.
func TestRestartDropsTheOldRun(t *testing.T) {
	old, next := newFakeRun(), newFakeRun()
	m := fakeModel(t, func() (Run, error) { return next, nil })
	m.Update(startedMsg{run: old})
	m.Update(pauseMsg{pause: engine.Pause{Path: "start", Step: "start"}})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'r'}})
	if !old.stopped || m.state != stateStarting || len(m.hist) != 0 {
		t.Fatalf("stopped %t, %s, %d pauses", old.stopped, m.state, len(m.hist))
	}
	m.Update(pauseMsg{gen: 0, pause: engine.Pause{Path: "route", Step: "route"}})
	m.Update(doneMsg{gen: 0})
	if len(m.hist) != 0 || m.state != stateStarting {
		t.Errorf("a message of the old run was taken: %d pauses, %s", len(m.hist), m.state)
	}
	m.Update(startedMsg{gen: 1, run: next})
	m.Update(pauseMsg{gen: 1, pause: engine.Pause{Path: "start", Step: "start"}})
	if len(m.hist) != 1 || m.run != Run(next) {
		t.Errorf("%d pauses", len(m.hist))
	}
}

// A run that fails before its first step (its input fails its schema)
// ends with every step not run and the error in the status bar.
func TestRunFailsBeforeItsFirstStep(t *testing.T) {
	f := newFakeRun()
	err := &engine.Error{Code: engine.CodeInput, Err: errors.New("input order: /order_id: missing")}
	f.trace = &engine.Trace{Pipeline: "parcels", Status: engine.StatusFailed, Err: err,
		Events: []engine.Event{engine.RunStart{Pipeline: "parcels"}, engine.RunEnd{Status: engine.StatusFailed, Err: err}}}
	f.err = err
	m := fakeModel(t, nil)
	m.Update(startedMsg{run: f})
	m.Update(doneMsg{trace: f.trace, err: f.err})
	view := m.View()
	if !strings.Contains(view, "run failed │ error: input order: /order_id: mi…") {
		t.Errorf("status bar:\n%s", view)
	}
	rows := buildTree(m.cfg.Pipeline, m.snap())
	for i, r := range rows {
		if st := rowStatus(rows, i, m.snap()); st != statusNotRun {
			t.Errorf("%s is %s", r.key, st)
		}
	}
}

// The Step tab shows each condition the run evaluated with its kind and
// value, and, from a run with WithExplain, the names it read.
func TestStepTabShowsConditions(t *testing.T) {
	f := newFakeRun()
	m := fakeModel(t, nil)
	m.Update(startedMsg{run: f})
	m.Update(pauseMsg{pause: engine.Pause{Path: "parcels", Step: "parcels", Events: []engine.Event{
		engine.StepStart{Step: "route", Path: "route", Kind: engine.KindSwitch},
		engine.Condition{Step: "route", Path: "route", Kind: engine.CaseCondition, Expr: `settings.label == "own"`, Value: false,
			Names: []engine.NameValue{{Name: "settings.label", Value: "sevensenders"}}},
		engine.StepEnd{Step: "route", Path: "route", Kind: engine.KindSwitch, Status: engine.StatusOK},
	}}})
	for _, k := range keys("/", "=route switch", "enter", "2") {
		m.Update(k)
	}
	if m.sel != "route" {
		t.Fatalf("selected %q", m.sel)
	}
	lines := m.paneLines(paneStep)
	wantLine(t, lines, `  when settings.label == "own" -> false`)
	wantLine(t, lines, `      settings.label = "sevensenders"`)
}
