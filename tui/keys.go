package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// keyMap is every key of the debugger. `?` lists them (FullHelp).
type keyMap struct {
	StepInto   key.Binding
	StepOver   key.Binding
	StepOut    key.Binding
	Continue   key.Binding
	Break      key.Binding
	CondBreak  key.Binding
	BreakCalls key.Binding
	Eval       key.Binding
	Watch      key.Binding
	Back       key.Binding
	Forward    key.Binding
	Restart    key.Binding
	Search     key.Binding
	Pane       key.Binding
	PaneBack   key.Binding
	Up         key.Binding
	Down       key.Binding
	PageUp     key.Binding
	PageDown   key.Binding
	Toggle     key.Binding
	Tabs       key.Binding
	Help       key.Binding
	Quit       key.Binding
}

// defaultKeys returns the keys of the debugger.
func defaultKeys() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		StepInto:   b([]string{"s", " "}, "s, space", "step into"),
		StepOver:   b([]string{"n"}, "n", "step over a use/switch/loop"),
		StepOut:    b([]string{"o"}, "o", "step out of a use/case/loop"),
		Continue:   b([]string{"c"}, "c", "continue to a breakpoint/end"),
		Break:      b([]string{"b"}, "b", "breakpoint on selected step"),
		CondBreak:  b([]string{"B"}, "B", "conditional breakpoint"),
		BreakCalls: b([]string{"C"}, "C", "break before every call"),
		Eval:       b([]string{":"}, ":", "evaluate in the step's scope"),
		Watch:      b([]string{"w"}, "w", "add a watch"),
		Back:       b([]string{"left"}, "←", "back through the steps run"),
		Forward:    b([]string{"right"}, "→", "forward again"),
		Restart:    b([]string{"r"}, "r", "restart the run"),
		Search:     b([]string{"/"}, "/", "search the focused pane"),
		Pane:       b([]string{"tab"}, "tab", "next pane: tree, tabs"),
		PaneBack:   b([]string{"shift+tab"}, "shift+tab", "previous pane"),
		Up:         b([]string{"up", "k"}, "↑/k", "move up"),
		Down:       b([]string{"down", "j"}, "↓/j", "move down"),
		PageUp:     b([]string{"pgup"}, "pgup", "page up"),
		PageDown:   b([]string{"pgdown"}, "pgdown", "page down"),
		Toggle:     b([]string{"enter"}, "enter", "open or close"),
		Tabs:       b([]string{"1", "2", "3", "4"}, "1-4", "tab Scope/Step/Call/Log"),
		Help:       b([]string{"?"}, "?", "this help"),
		Quit:       b([]string{"q", "ctrl+c"}, "q", "quit"),
	}
}

// shortHelp is what the message line says of the keys of ShortHelp.
var shortHelp = map[string]string{
	"s, space": "step", "n": "over", "o": "out", "c": "continue", "←": "back", "→": "fwd",
	":": "eval", "?": "help", "q": "quit",
}

// ShortHelp returns the keys the message line suggests.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.StepInto, k.StepOver, k.StepOut, k.Continue, k.Back, k.Forward, k.Eval, k.Help, k.Quit}
}

// FullHelp returns every key, in the groups `?` shows.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.StepInto, k.StepOver, k.StepOut, k.Continue, k.Back, k.Forward, k.Restart},
		{k.Break, k.CondBreak, k.BreakCalls, k.Eval, k.Watch, k.Search},
		{k.Pane, k.PaneBack, k.Tabs, k.Up, k.Down, k.PageUp, k.PageDown, k.Toggle, k.Help, k.Quit},
	}
}

var _ help.KeyMap = keyMap{}

// KeyHelp returns every key of the debugger and what it does, in the
// order `?` lists them: what a README's table of keys must say.
func KeyHelp() [][2]string {
	var out [][2]string
	for _, group := range defaultKeys().FullHelp() {
		for _, b := range group {
			out = append(out, [2]string{b.Help().Key, b.Help().Desc})
		}
	}
	return out
}
