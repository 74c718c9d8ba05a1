package sim

import (
	"strings"
	"testing"
)

// TestJSONDepth: brackets count outside strings only, escapes included.
func TestJSONDepth(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"scalar", `"x"`, 0},
		{"empty object", `{}`, 1},
		{"nested", `{"a":[{"b":[]}]}`, 4},
		{"siblings", `[[1],[2],[[3]]]`, 3},
		{"brackets in a string", `{"a":"[[[{{{"}`, 1},
		{"an escaped quote in a string", `{"a":"\"[[[","b":[]}`, 2},
		{"an escaped backslash ends before the quote", `{"a":"\\","b":[[]]}`, 3},
		{"stops past the limit", strings.Repeat("[", 100000), 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := jsonDepth([]byte(tc.in), 5); got != tc.want {
				t.Fatalf("jsonDepth(%.30q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}
