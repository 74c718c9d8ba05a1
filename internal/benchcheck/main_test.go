package main

import (
	"runtime"
	"slices"
	"testing"
)

// TestSelects checks which suites -suite runs: all without it, else
// those whose name contains one of its comma-separated words.
func TestSelects(t *testing.T) {
	tests := []struct {
		filter string
		want   []string // of engine, batch, peers-test, rss
	}{
		{"", []string{"engine", "batch", "peers-test", "rss"}},
		{"batch", []string{"batch"}},
		{"batch,rss", []string{"batch", "rss"}},
		{" rss , peers", []string{"peers-test", "rss"}},
		{",", nil},
		{"nothing", nil},
	}
	for _, tc := range tests {
		t.Run(tc.filter, func(t *testing.T) {
			var got []string
			for _, name := range []string{"engine", "batch", "peers-test", "rss"} {
				if (config{filter: tc.filter}).selects(name) {
					got = append(got, name)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("-suite %q selects %q, want %q", tc.filter, got, tc.want)
			}
		})
	}
}

// TestOwnPeakRSS checks that the peak RSS benchcheck compares a child's
// with counts memory this process touched.
func TestOwnPeakRSS(t *testing.T) {
	const size = 64 << 20
	b := make([]byte, size)
	for i := range b {
		b[i] = 1
	}
	peak, err := ownPeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if peak < size {
		t.Errorf("own peak RSS %d bytes after touching %d", peak, size)
	}
	runtime.KeepAlive(b)
}
