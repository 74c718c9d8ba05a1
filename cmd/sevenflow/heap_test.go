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
