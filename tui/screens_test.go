package tui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/sevenflow/sevenflow/engine"
)

// TestScreens runs the debugger as a Bubble Tea program at 100x30 with no
// colour, types the keys, quits, and compares the last screen with
// testdata/TestScreens/NAME.golden (go test -update rewrites them).
func TestScreens(t *testing.T) {
	tests := []struct {
		name  string
		input string
		bps   []engine.Breakpoint
		keys  []string
	}{
		{"paused_at_start", "testdata/order.json", nil, nil},
		{"step_into_a_switch", "testdata/order.json", nil, []string{"s", "s", "2"}},
		{"conditional_breakpoint_in_a_foreach", "testdata/order.json", []engine.Breakpoint{{At: "check", When: "index == 1"}}, []string{"c", "1"}},
		{"schema_rejection_on_the_call_tab", "testdata/order-no-date.json", nil, []string{"c"}},
		{"back_two_steps", "testdata/order.json", nil, []string{"s", "s", "s", "s", "s", "left", "left"}},
		{"evaluate_with_a_result", "testdata/order.json", nil, []string{"s", "s", "s", "s", ":", "=parcel.weight_g / 1000 + index", "enter"}},
		{"evaluate_with_a_lint_error", "testdata/order.json", nil, []string{"s", "s", "s", "s", ":", "=parcel.weight + vars.kilos", "enter"}},
		{"help", "testdata/order.json", nil, []string{"?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dm := live(t, "testdata/parcels.yaml", tt.input, tt.bps...)
			tm := teatest.NewTestModel(t, dm.m, teatest.WithInitialTermSize(100, 30))
			for _, k := range keys(tt.keys...) {
				tm.Send(k)
			}
			tm.Send(keys("q")[0])
			m := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(*Model)
			golden.RequireEqual(t, []byte(m.View()+"\n"))
		})
	}
}
