package engine

import (
	"strings"
	"testing"
)

// TestNesting measures sources with the scanners that run before the
// parsers: the rune offset of the first point deeper than the limit, or
// -1.
func TestNesting(t *testing.T) {
	many := func(s string, n int) string { return strings.Repeat(s, n) }
	list := "[" + strings.TrimSuffix(many("a ? 1 : 2, ", 100), ", ") + "]"
	tests := []struct {
		name  string
		js    bool
		src   string
		limit int
		want  int
	}{
		{name: "flat", src: "input.a + input.b * 2 == 3 && !x", limit: 1, want: -1},
		{name: "parens", src: "((((x))))", limit: 3, want: 3},
		{name: "parens within", src: "((((x))))", limit: 4, want: -1},
		{name: "not run", src: "!!!!x", limit: 3, want: 3},
		{name: "not word", src: "not not not x", limit: 2, want: 8},
		{name: "minus run", src: "- - -x", limit: 2, want: 4},
		{name: "binary minus", src: "a - b - c - d - e", limit: 1, want: -1},
		{name: "not in", src: "a not in b and c not in d", limit: 0, want: -1},
		{name: "ternary chain", src: "a ? 1 : b ? 2 : c ? 3 : 4", limit: 2, want: 18},
		{name: "ternaries in a list", src: list, limit: 3, want: -1},
		{name: "optional and nil", src: "a?.b ?? c?.d ?? e", limit: 0, want: -1},
		{name: "let bodies", src: "let a = 1; let b = 2; let c = 3; a", limit: 2, want: 22},
		{name: "strings", src: `"((((" + '((((' + ` + "`((((`", limit: 1, want: -1},
		{name: "comment", src: "x /* (((( */ // ((((\n", limit: 0, want: -1},
		{name: "unicode offset", src: "'ä' + ((x))", limit: 1, want: 7},
		{name: "js flat", js: true, src: "const a = [1, 2];\nreturn a.map(x => x * 2);", limit: 3, want: -1},
		{name: "js brackets", js: true, src: "return f(g([{a: 1}]))", limit: 3, want: 12},
		{name: "js prefix", js: true, src: "return !!!!typeof typeof x", limit: 4, want: 11},
		{name: "js ternary", js: true, src: "return a ? 1 : b ? 2 : c ? 3 : 4", limit: 2, want: 25},
		{name: "js arrows", js: true, src: "return a => b => c => d", limit: 2, want: 19},
		{name: "js assignments", js: true, src: "a = b = c = d", limit: 2, want: 10},
		{name: "js statements", js: true, src: many("a = 1; b = a ? 1 : 2\n", 100), limit: 2, want: -1},
		{name: "js comparisons", js: true, src: "return a == b && c != d && e <= f && g >= h && i === j", limit: 0, want: -1},
		{name: "js regexp", js: true, src: "return /((((\\/(/.test(s) && x / 2 / (3)", limit: 1, want: -1},
		{name: "js template", js: true, src: "return `(((( ${ f(`${ g(1) }`) } ((((`", limit: 3, want: 23},
		{name: "js template within", js: true, src: "return `(((( ${ f(`${ g(1) }`) } ((((`", limit: 4, want: -1},
		{name: "js strings and comments", js: true, src: "// ((((\nconst s = '((((' + \"((((\"; /* (((( */", limit: 1, want: -1},
		{name: "js increments", js: true, src: "i++; --j; k += 1", limit: 1, want: -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := exprNesting(tc.src, tc.limit)
			if tc.js {
				got = jsNesting(tc.src, tc.limit)
			}
			if got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}
