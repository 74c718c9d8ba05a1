// Package tuitest drives a Bubble Tea model in tests without a terminal:
// each message is handled, and every command it returns is run to its end
// and its messages handled, before the next message. A debugger run thus
// pauses before the next key is pressed, as a user would wait for it.
package tuitest

import (
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
)

// named are the keys Key knows by name, as Bubble Tea spells them.
var named = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"backspace": tea.KeyBackspace, "ctrl+c": tea.KeyCtrlC, "space": tea.KeySpace,
}

// Key returns the message of one key: a name Bubble Tea gives a key
// ("enter", "left", "shift+tab", "ctrl+c", "space") or one character.
func Key(name string) tea.KeyMsg {
	if t, ok := named[name]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	r, _ := utf8.DecodeRuneInString(name)
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
}

// Type returns the messages of typing text, a key per character.
func Type(text string) []tea.Msg {
	var out []tea.Msg
	for _, r := range text {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// Keys returns the messages of keys, each as Key reads it.
func Keys(names ...string) []tea.Msg {
	out := make([]tea.Msg, len(names))
	for i, n := range names {
		out[i] = Key(n)
	}
	return out
}

// Init runs the model's Init command and handles what it brings.
func Init(m tea.Model) tea.Model {
	for _, msg := range run(m.Init()) {
		m = Send(m, msg)
	}
	return m
}

// Send handles msgs in order, each with everything its commands bring,
// and returns the model.
func Send(m tea.Model, msgs ...tea.Msg) tea.Model {
	for _, msg := range msgs {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		for _, next := range run(cmd) {
			m = Send(m, next)
		}
	}
	return m
}

// run runs cmd and the commands of the batches it returns, and returns
// their messages; a quit is dropped.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil, tea.QuitMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, run(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}
