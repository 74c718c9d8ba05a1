package engine_test

import (
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

func TestClosest(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"wen", "when"},
		{"stpes", "steps"},
		{"when", ""},   // the name itself is no suggestion
		{"zzzzzz", ""}, // nothing near
		{"ab", ""},     // short names need a near candidate
		{"sevensenders.create_ordr", "sevensenders.create_order"},
	}
	candidates := []string{"steps", "when", "sevensenders.create_order"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := engine.Closest(tc.name, candidates); got != tc.want {
				t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}
