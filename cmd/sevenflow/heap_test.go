package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// TestRoomyHeap checks that lint and a batch raise GOGC only when the
// user did not set it.
func TestRoomyHeap(t *testing.T) {
	for _, tc := range []struct {
		name string
		gogc string // "" unsets it
		want int    // the GC percent after roomyHeap, from 100
	}{
		{"unset", "", roomyGCPercent},
		{"set by the user", "50", 100},
		{"off by the user", "off", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			if tc.gogc == "" {
				os.Unsetenv("GOGC")
			}
			old := debug.SetGCPercent(100)
			defer debug.SetGCPercent(old)
			roomyHeap()
			if got := debug.SetGCPercent(100); got != tc.want {
				t.Errorf("GC percent = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestFlatHeap checks that a batch to the in-process simulator, whose
// store grows with every order, keeps the default GOGC.
func TestFlatHeap(t *testing.T) {
	for _, tc := range []struct {
		target string
		dryRun bool
		want   bool
	}{
		{"sim", false, false},
		{"", false, false},
		{"SIM", false, false},
		{"sim", true, true}, // the preflight's simulators are one per order
		{"uat", false, true},
		{"http://127.0.0.1:7070", false, true},
	} {
		rn := &runner{target: tc.target, dryRun: tc.dryRun}
		if got := rn.flatHeap(); got != tc.want {
			t.Errorf("target %q, dry run %v: flatHeap = %v, want %v", tc.target, tc.dryRun, got, tc.want)
		}
	}
}
