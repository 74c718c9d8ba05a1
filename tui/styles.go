package tui

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are the looks of the debugger. Every fact on the screen is in its
// text too (marks, brackets, arrows), so that it reads the same with no
// colour at all.
type Styles struct {
	Title    lipgloss.Style // a pane's title
	Focused  lipgloss.Style // the title of the focused pane, the active tab
	Tab      lipgloss.Style // the other tabs
	Cursor   lipgloss.Style // the selected row of the focused pane
	Current  lipgloss.Style // the step the run is paused at
	OK       lipgloss.Style // a step that ended ok, a true condition
	Skipped  lipgloss.Style // a skipped or not run step, a false condition
	Failed   lipgloss.Style // a failed step, an error
	Pending  lipgloss.Style // a step not reached yet
	Break    lipgloss.Style // a breakpoint marker
	Dim      lipgloss.Style // secondary text: kinds, positions, line numbers
	Key      lipgloss.Style // a key in the help
	Status   lipgloss.Style // the status bar
	Rule     lipgloss.Style // the line between the panes
	Message  lipgloss.Style // the line under the status bar
	ErrorMsg lipgloss.Style // an error on that line
}

// DefaultStyles returns the styles of the debugger for r. With NO_COLOR
// set, give a renderer whose colour profile is termenv.Ascii (see
// NewRenderer).
func DefaultStyles(r *lipgloss.Renderer) Styles {
	c := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	return Styles{
		Title:    r.NewStyle().Bold(true),
		Focused:  r.NewStyle().Bold(true).Foreground(c("#5A56E0", "#A8A4FF")),
		Tab:      r.NewStyle().Foreground(c("#8A8A8A", "#7A7A7A")),
		Cursor:   r.NewStyle().Reverse(true),
		Current:  r.NewStyle().Bold(true).Foreground(c("#B25E00", "#FFB454")),
		OK:       r.NewStyle().Foreground(c("#217A21", "#7FD97F")),
		Skipped:  r.NewStyle().Foreground(c("#8A8A8A", "#7A7A7A")),
		Failed:   r.NewStyle().Bold(true).Foreground(c("#C01C28", "#FF6B6B")),
		Pending:  r.NewStyle().Foreground(c("#B0B0B0", "#5A5A5A")),
		Break:    r.NewStyle().Foreground(c("#C01C28", "#FF6B6B")),
		Dim:      r.NewStyle().Foreground(c("#8A8A8A", "#7A7A7A")),
		Key:      r.NewStyle().Bold(true),
		Status:   r.NewStyle().Reverse(true),
		Rule:     r.NewStyle().Foreground(c("#B0B0B0", "#4A4A4A")),
		Message:  r.NewStyle(),
		ErrorMsg: r.NewStyle().Foreground(c("#C01C28", "#FF6B6B")),
	}
}

// NewRenderer returns a renderer for the terminal out is, with no colour
// (termenv.Ascii) when noColor is set: the caller passes whether NO_COLOR
// is set in the environment.
func NewRenderer(out io.Writer, noColor bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(out)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
	}
	return r
}

// The marks of the tree, one cell wide each.
const (
	markPending = "·"
	markCurrent = "▶"
	markRunning = "…"
	markOK      = "✓"
	markSkipped = "↷"
	markFailed  = "✗"
	markNotRun  = "-"
	markBreak   = "●"
	markCond    = "◆"
	markOpen    = "▾"
	markClosed  = "▸"
)
