package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// TestSnippet prints the source line of an error with a caret under its
// column: a long line only as a window of maxSnippet characters around
// the column.
func TestSnippet(t *testing.T) {
	long := strings.Repeat("a", 300) + "X" + strings.Repeat("b", 1_000_000)
	file := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(file, []byte("pipeline: p\n"+long+"\nshort: ä\tx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	window := "…" + strings.Repeat("a", 100) + "X" + strings.Repeat("b", 99) + "…"
	tests := []struct {
		name string
		pos  engine.Pos
		want string
	}{
		{name: "short", pos: engine.Pos{File: file, Line: 3, Col: 9}, want: "    | short: ä x\n    |         ^\n"},
		{name: "long, in the middle", pos: engine.Pos{File: file, Line: 2, Col: 301}, want: "    | " + window + "\n    | " + strings.Repeat(" ", 101) + "^\n"},
		{name: "long, at the start", pos: engine.Pos{File: file, Line: 2, Col: 1}, want: "    | " + strings.Repeat("a", 200) + "…\n    | ^\n"},
		{name: "long, at the end", pos: engine.Pos{File: file, Line: 2, Col: 1_000_301},
			want: "    | …" + strings.Repeat("b", 200) + "\n    | " + strings.Repeat(" ", 200) + "^\n"},
		{name: "no such line", pos: engine.Pos{File: file, Line: 9, Col: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := snippet(tc.pos); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}
