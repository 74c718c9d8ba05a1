package main

import (
	"errors"
	"testing"
	"time"
)

// The summary's first line counts the orders by how they ended, and the
// calls and retries they made.
func TestBatchSummary(t *testing.T) {
	type order struct {
		status         string
		calls, retries int
	}
	start := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		orders []order
		want   string
	}{
		{"no retries", []order{{"ok", 10, 0}, {"exists", 4, 0}},
			"2 orders in 2s (1.0 orders/s): 1 ok, 1 exists, 0 failed; 14 calls (0 retries)"},
		{"retries", []order{{"ok", 12, 2}, {"failed", 7, 3}},
			"2 orders in 2s (1.0 orders/s): 1 ok, 0 exists, 1 failed; 19 calls (5 retries)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newBatchStats(start)
			for _, o := range tc.orders {
				s.add(o.status, o.calls, o.retries, nil, "ORD", errors.New("boom"))
			}
			if got := s.summary(start.Add(2*time.Second), false); got != tc.want {
				t.Errorf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
