package tui

import (
	"bytes"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Every screen fills the terminal exactly, at every size down to 80x24,
// whatever it shows.
func TestLayoutFits(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {100, 30}, {132, 43}, {200, 60}}
	screens := []struct {
		name string
		keys []string
	}{
		{"start", nil},
		{"a failed call", []string{"c"}},
		{"the help", []string{"?"}},
		{"a prompt", []string{":", "=vars.count"}},
		{"a long error", []string{":", "=" + strings.Repeat("nope + ", 40) + "1", "enter"}},
		{"the Step tab", []string{"s", "2"}},
		{"the Log tab", []string{"c", "4"}},
	}
	for _, size := range sizes {
		for _, sc := range screens {
			t.Run(sc.name, func(t *testing.T) {
				dm := live(t, "testdata/parcels.yaml", "testdata/order-no-date.json").start()
				dm.m.Update(tea.WindowSizeMsg{Width: size.w, Height: size.h})
				m := dm.send(keys(sc.keys...)...)
				lines := strings.Split(m.View(), "\n")
				if len(lines) != size.h {
					t.Errorf("%dx%d: %d lines", size.w, size.h, len(lines))
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w != size.w {
						t.Errorf("%dx%d: line %d is %d wide: %q", size.w, size.h, i+1, w, l)
					}
				}
			})
		}
	}
}

// With NO_COLOR the screen has no escape sequence; with colours it has
// them (so that the first half can fail).
func TestNoColor(t *testing.T) {
	for _, noColor := range []bool{true, false} {
		r := NewRenderer(&bytes.Buffer{}, noColor)
		if !noColor {
			r.SetColorProfile(termenv.TrueColor)
		}
		st := DefaultStyles(r)
		dm := live(t, "testdata/parcels.yaml", "testdata/order.json")
		dm.m.styles = st
		m := dm.start().send(keys("s")...)
		if got := strings.Contains(m.View(), "\x1b["); got == noColor {
			t.Errorf("NO_COLOR %t: escape sequences %t", noColor, got)
		}
	}
}
