package tui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/tui/tuitest"
)

// keys is the messages of key names, as tuitest.Key reads them; "=TEXT"
// types TEXT.
func keys(names ...string) []tea.Msg {
	var out []tea.Msg
	for _, n := range names {
		if text, ok := strings.CutPrefix(n, "="); ok {
			out = append(out, tuitest.Type(text)...)
			continue
		}
		out = append(out, tuitest.Key(n))
	}
	return out
}

// at is the path the model shows the run paused at, or "end".
func at(m *Model) string {
	if s := m.snap(); s.pause != nil {
		return s.pause.Path
	}
	return "end"
}

// TestKeys tests Update for every key: the model's state after the keys
// before, then the key.
func TestKeys(t *testing.T) {
	tests := []struct {
		name   string
		before []string
		key    []string
		check  func(t *testing.T, m *Model)
	}{
		{"s steps into", nil, []string{"s"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "route")
		}},
		{"space steps into", []string{"s"}, []string{"space"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "seven")
		}},
		{"n steps over a switch", []string{"s"}, []string{"n"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "parcels")
		}},
		{"n steps over a foreach", []string{"s", "s", "s"}, []string{"n"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "note")
		}},
		{"o steps out of a loop", []string{"s", "s", "s", "s"}, []string{"o"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "note")
		}},
		{"c continues to the end", nil, []string{"c"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "end")
			if m.state != stateEnded || m.snap().err != nil {
				t.Errorf("state %s, err %v", m.state, m.snap().err)
			}
		}},
		{"s at the end says so", []string{"c"}, []string{"s"}, func(t *testing.T, m *Model) {
			wantMsg(t, m, "the run has ended: r restarts it", true)
		}},
		{"b sets a breakpoint on the selected step", []string{"down"}, []string{"b"}, func(t *testing.T, m *Model) {
			wantBreaks(t, m, "route")
			wantMsg(t, m, "breakpoint at route", false)
		}},
		{"b again clears it", []string{"down", "b"}, []string{"b"}, func(t *testing.T, m *Model) {
			wantBreaks(t, m)
			wantMsg(t, m, "cleared the breakpoint at route", false)
		}},
		{"b in a loop holds in every iteration", []string{"s", "s", "s", "s"}, []string{"b", "c"}, func(t *testing.T, m *Model) {
			wantBreaks(t, m, "parcels[]/weigh")
			wantAt(t, m, "parcels[1]/weigh")
		}},
		{"B sets a conditional breakpoint", []string{"s", "s", "s", "s", "down"}, []string{"B", "=index == 2", "enter", "c"}, func(t *testing.T, m *Model) {
			wantBreaks(t, m, "parcels[]/check if index == 2")
			wantAt(t, m, "parcels[2]/check")
		}},
		{"B with a bad condition says why", []string{"down"}, []string{"B", "=parcel.kg > 1", "enter"}, func(t *testing.T, m *Model) {
			wantBreaks(t, m)
			wantMsg(t, m, "breakpoint route if parcel.kg > 1: eval:1:1: step \"route\": unknown name `parcel`\n  parcel.kg > 1\n  ^", true)
		}},
		{"C breaks before calls", nil, []string{"C", "c"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "order")
			if r := m.snap().pause.Reason; r != engine.ReasonCall {
				t.Errorf("reason %s", r)
			}
		}},
		{": evaluates in the step's scope", []string{"s"}, []string{":", "=vars.count * 2", "enter"}, func(t *testing.T, m *Model) {
			wantMsg(t, m, "vars.count * 2 = 6", false)
			if m.prompt != promptNone {
				t.Error("the prompt is still open")
			}
		}},
		{": says what is wrong, as lint would", []string{"s"}, []string{":", "=1 + parcle", "enter"}, func(t *testing.T, m *Model) {
			wantMsg(t, m, "eval:1:5: step \"route\": unknown name `parcle`\n  1 + parcle\n      ^", true)
		}},
		{": at the end says where to go", []string{"c"}, []string{":", "=1", "enter"}, func(t *testing.T, m *Model) {
			wantMsg(t, m, "eval: the run has ended; go back (←) to a pause to evaluate there", true)
		}},
		{"w adds a watch", []string{"s"}, []string{"w", "=vars.count", "enter"}, func(t *testing.T, m *Model) {
			if !slices.Equal(m.watches, []string{"vars.count"}) || m.focus != paneScope {
				t.Errorf("watches %v, focus %s", m.watches, m.focus)
			}
			wantLine(t, m.paneLines(paneScope), "  vars.count = 3")
		}},
		{"left goes back", []string{"s", "s"}, []string{"left"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "route")
			if m.at != 1 || len(m.hist) != 3 {
				t.Errorf("at %d of %d", m.at, len(m.hist))
			}
		}},
		{"left at the start stays", nil, []string{"left"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "start")
		}},
		{"right goes forward", []string{"s", "s", "left", "left"}, []string{"right"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "route")
		}},
		{"s from an earlier pause steps from the last", []string{"s", "s", "left", "left"}, []string{"s"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "parcels")
		}},
		{"r restarts", []string{"s", "s"}, []string{"r"}, func(t *testing.T, m *Model) {
			wantAt(t, m, "start")
			if len(m.hist) != 1 || m.state != statePaused {
				t.Errorf("%d pauses, %s", len(m.hist), m.state)
			}
		}},
		{"/ finds in the tree", nil, []string{"/", "=note", "enter"}, func(t *testing.T, m *Model) {
			if m.sel != "note" {
				t.Errorf("selected %q", m.sel)
			}
		}},
		{"/ says when nothing matches", []string{"4"}, []string{"/", "=nothing like it", "enter"}, func(t *testing.T, m *Model) {
			wantMsg(t, m, `search Log: no "nothing like it"`, true)
		}},
		{"tab goes to the next pane", nil, []string{"tab"}, func(t *testing.T, m *Model) {
			if m.focus != paneScope || m.tab != paneScope {
				t.Errorf("focus %s tab %s", m.focus, m.tab)
			}
		}},
		{"shift+tab goes back", nil, []string{"shift+tab"}, func(t *testing.T, m *Model) {
			if m.focus != paneLog || m.tab != paneLog {
				t.Errorf("focus %s tab %s", m.focus, m.tab)
			}
		}},
		{"3 shows the Call tab", nil, []string{"3"}, func(t *testing.T, m *Model) {
			if m.focus != paneCall || m.tab != paneCall {
				t.Errorf("focus %s tab %s", m.focus, m.tab)
			}
		}},
		{"down selects the next step", nil, []string{"down"}, func(t *testing.T, m *Model) {
			if m.sel != "route" {
				t.Errorf("selected %q", m.sel)
			}
		}},
		{"j is down, k is up", nil, []string{"j", "j", "k"}, func(t *testing.T, m *Model) {
			if m.sel != "route" {
				t.Errorf("selected %q", m.sel)
			}
		}},
		{"up at the top stays", nil, []string{"up"}, func(t *testing.T, m *Model) {
			if m.sel != "start" {
				t.Errorf("selected %q", m.sel)
			}
		}},
		{"pgdown goes to the last row", nil, []string{"pgdown"}, func(t *testing.T, m *Model) {
			if m.sel != "order" {
				t.Errorf("selected %q", m.sel)
			}
		}},
		{"pgup goes back to the first", []string{"pgdown"}, []string{"pgup"}, func(t *testing.T, m *Model) {
			if m.sel != "start" {
				t.Errorf("selected %q", m.sel)
			}
		}},
		{"enter closes a switch", []string{"down"}, []string{"enter"}, func(t *testing.T, m *Model) {
			if !m.collapsed["route"] {
				t.Error("route is open")
			}
			rows := buildTree(m.cfg.Pipeline, m.snap())
			if n := len(visibleRows(rows, m.collapsed)); n != len(rows)-4 {
				t.Errorf("%d of %d rows visible", n, len(rows))
			}
		}},
		{"enter opens a map in Scope", []string{"tab", "down", "down", "down", "down"}, []string{"enter"}, func(t *testing.T, m *Model) {
			if !m.open["input/parcels"] {
				t.Errorf("open %v", m.open)
			}
			wantLine(t, m.paneLines(paneScope), `    ▸ [0] {"ref":"P1","weight_g":1200}`)
		}},
		{"? shows the help", nil, []string{"?"}, func(t *testing.T, m *Model) {
			if !m.help || !strings.Contains(m.View(), "conditional breakpoint") {
				t.Errorf("help %t", m.help)
			}
		}},
		{"? again hides it", []string{"?"}, []string{"?"}, func(t *testing.T, m *Model) {
			if m.help {
				t.Error("help still shown")
			}
		}},
		{"esc closes a prompt", nil, []string{":", "=vars", "esc"}, func(t *testing.T, m *Model) {
			if m.prompt != promptNone || m.msg != "" {
				t.Errorf("prompt %d, message %q", m.prompt, m.msg)
			}
		}},
		{"q quits and stops the run", nil, []string{"q"}, func(t *testing.T, m *Model) {
			wantStopped(t, m)
		}},
		{"ctrl+c quits too", nil, []string{"ctrl+c"}, func(t *testing.T, m *Model) {
			wantStopped(t, m)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dm := live(t, "testdata/parcels.yaml", "testdata/order.json").start()
			dm.send(keys(tt.before...)...)
			m := dm.send(keys(tt.key...)...)
			tt.check(t, m)
		})
	}
}

func wantAt(t *testing.T, m *Model, path string) {
	t.Helper()
	if got := at(m); got != path {
		t.Errorf("at %s, want %s (message %q)", got, path, m.msg)
	}
}

func wantMsg(t *testing.T, m *Model, msg string, isErr bool) {
	t.Helper()
	if m.msg != msg || m.msgErr != isErr {
		t.Errorf("message %q (error %t), want %q (error %t)", m.msg, m.msgErr, msg, isErr)
	}
}

func wantBreaks(t *testing.T, m *Model, want ...string) {
	t.Helper()
	var got []string
	for _, b := range m.cfg.Breakpoints.Breakpoints() {
		got = append(got, b.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("breakpoints %q, want %q", got, want)
	}
}

func wantLine(t *testing.T, lines []line, want string) {
	t.Helper()
	for _, l := range lines {
		if l.plain == want {
			return
		}
	}
	var all []string
	for _, l := range lines {
		all = append(all, l.plain)
	}
	t.Errorf("no line %q in:\n%s", want, strings.Join(all, "\n"))
}

func wantStopped(t *testing.T, m *Model) {
	t.Helper()
	if !m.quitting {
		t.Error("not quitting")
	}
	<-m.run.Done() // Stop ends the run: this returns, or the test times out
	if _, err := m.run.Result(); !errors.Is(err, context.Canceled) {
		t.Errorf("run ended with %v", err)
	}
}
