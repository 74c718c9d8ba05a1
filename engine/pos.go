package engine

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Pos is a position in a pipeline file: 1-based line and column.
type Pos struct {
	File string
	Line int
	Col  int
}

// String returns "file:line:col", dropping the parts that are unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsValid reports whether p has a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// segment is one physical line of a scalar's content in the file: where it
// starts and how many runes of the scalar's value it holds.
type segment struct {
	line, col, n int
}

// scalarSegments maps a YAML scalar's value onto the lines of the file that
// hold it. Lines of the value are joined by one character (a newline, or
// the space that folding leaves).
func scalarSegments(n *yaml.Node, lines []string) []segment {
	var segs []segment
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		indent := -1
		for l := n.Line; l < len(lines); l++ { // lines is 0-based: lines[n.Line] is the next line
			text := lines[l]
			if strings.TrimSpace(text) == "" {
				if indent >= 0 {
					segs = append(segs, segment{l + 1, indent + 1, 0})
				}
				continue
			}
			ind := len(text) - len(strings.TrimLeft(text, " "))
			if indent < 0 {
				indent = ind
			}
			if ind < indent {
				break
			}
			segs = append(segs, segment{l + 1, indent + 1, utf8.RuneCountInString(text[indent:])})
		}
	default:
		start := n.Column
		if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
			start++
		}
		total := utf8.RuneCountInString(n.Value)
		for l := n.Line - 1; l < len(lines) && total > 0; l++ {
			text := lines[l]
			col := start
			if l != n.Line-1 {
				trimmed := strings.TrimLeft(text, " \t")
				col = len(text) - len(trimmed) + 1
			}
			if col-1 > len(text) {
				break
			}
			k := min(utf8.RuneCountInString(strings.TrimRight(text[col-1:], " \t")), total)
			segs = append(segs, segment{l + 1, col, k})
			total -= k + 1
		}
	}
	if len(segs) == 0 {
		segs = append(segs, segment{n.Line, n.Column, utf8.RuneCountInString(n.Value)})
	}
	return segs
}

// offsetPos returns the file position of the rune at offset in the value of
// a scalar laid out as segs.
func offsetPos(file string, segs []segment, offset int) Pos {
	for _, s := range segs {
		if offset <= s.n {
			return Pos{File: file, Line: s.line, Col: s.col + offset}
		}
		offset -= s.n + 1
	}
	last := segs[len(segs)-1]
	return Pos{File: file, Line: last.line, Col: last.col + last.n}
}

// lineColOffset converts expr's 1-based line and 0-based column in src into
// a rune offset.
func lineColOffset(src string, line, col int) int {
	off := 0
	for i, l := range strings.Split(src, "\n") {
		if i+1 == line {
			return off + col
		}
		off += utf8.RuneCountInString(l) + 1
	}
	return off
}
