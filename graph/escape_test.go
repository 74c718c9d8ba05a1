package graph

import (
	"slices"
	"testing"
)

func TestLabelEscapes(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		mermaid string
		dot     string
	}{
		{"plain", []string{"order", "call sevensenders.create_order"},
			`order<br/>call sevensenders.create_order`,
			`"order\ncall sevensenders.create_order"`},
		{"quotes", []string{`settings.label == "own"`},
			`settings.label == #quot;own#quot;`,
			`"settings.label == \"own\""`},
		{"markup", []string{`a < b && c > d || {e}`},
			`a #lt; b #amp;#amp; c #gt; d #124;#124; {e}`,
			`"a < b && c > d || {e}"`},
		{"hash and entity-like text", []string{`#index #quot; map(x, #.qty)`},
			`#35;index #35;quot; map(x, #35;.qty)`,
			`"#index #quot; map(x, #.qty)"`},
		{"backslashes and backticks", []string{"`a` \\n \\N \\\" \\"},
			"#96;a#96; \\n \\N \\#quot; \\",
			`"` + "`a`" + ` \\n \\N \\\" \\"`},
		{"an empty label", []string{""}, ``, `""`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mermaidLabel(tc.lines); got != tc.mermaid {
				t.Errorf("mermaidLabel(%q) = %s, want %s", tc.lines, got, tc.mermaid)
			}
			if got := dotString(tc.lines); got != tc.dot {
				t.Errorf("dotString(%q) = %s, want %s", tc.lines, got, tc.dot)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"short", "set a, b", 10, []string{"set a, b"}},
		{"at spaces", "set n, lines, net_g, weight_kg", 14, []string{"set n, lines,", "net_g,", "weight_kg"}},
		{"a word longer than the width", "foreach x in input.order_items", 8, []string{"foreach", "x in", "input.order_items"}},
		{"whitespace collapses", "  a \n\t b  ", 10, []string{"a b"}},
		{"empty", "", 10, []string{""}},
		{"runes, not bytes", "ääää öööö", 9, []string{"ääää öööö"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := wrap(tc.in, tc.width); !slices.Equal(got, tc.want) {
				t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
		})
	}
}
