//go:build !race

package engine

import "testing"

// TestConditionAllocs checks that evaluating a condition allocates only
// its trace event: the scope and the VM are reused (the race detector
// allocates on its own, so the test is left out under it).
func TestConditionAllocs(t *testing.T) {
	r, f, s := benchRun(t, benchCondition)
	got := testing.AllocsPerRun(100, func() {
		if ok, err := r.cond(f, s, s.when, WhenCondition); err != nil || ok {
			t.Fatal(ok, err)
		}
		r.trace.Events = r.trace.Events[:0]
	})
	if got > 2 {
		t.Errorf("a condition takes %v allocations, want at most 2", got)
	}
}
