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
	quote        byte   // ' or " for a quoted scalar's line, else 0
	raw          string // a quoted line as written, for escapes
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
					// Folding drops the line break before a run of blank
					// lines: the run's first line takes no character.
					k := 0
					if n.Style == yaml.FoldedStyle && len(segs) > 0 && segs[len(segs)-1].n > 0 {
						k = -1
					}
					segs = append(segs, segment{line: l + 1, col: indent + 1, n: k})
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
			segs = append(segs, segment{line: l + 1, col: indent + 1, n: utf8.RuneCountInString(text[indent:])})
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
			raw := strings.TrimRight(text[col-1:], " \t")
			var quote byte
			switch n.Style {
			case yaml.DoubleQuotedStyle:
				quote = '"'
			case yaml.SingleQuotedStyle:
				quote = '\''
			}
			k := min(unquotedLen(raw, quote), total)
			segs = append(segs, segment{line: l + 1, col: col, n: k, quote: quote, raw: raw})
			total -= k + 1
		}
	}
	if len(segs) == 0 {
		segs = append(segs, segment{line: n.Line, col: n.Column, n: utf8.RuneCountInString(n.Value)})
	}
	return segs
}

// offsetPos returns the file position of the rune at offset in the value of
// a scalar laid out as segs.
func offsetPos(file string, segs []segment, offset int) Pos {
	for _, s := range segs {
		if offset <= s.n {
			return Pos{File: file, Line: s.line, Col: s.col + rawOffset(s, offset)}
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

// rawLen is how many runes of raw one rune of a quoted scalar's value
// takes at the start of raw: 2 for a doubled quote or a simple escape,
// more for \xNN.
func rawLen(raw []rune, quote byte) int {
	switch {
	case len(raw) == 0:
		return 1
	case quote == '\'' && raw[0] == '\'' && len(raw) > 1 && raw[1] == '\'':
		return 2
	case quote == '"' && raw[0] == '\\' && len(raw) > 1:
		switch raw[1] {
		case 'x':
			return 4
		case 'u':
			return 6
		case 'U':
			return 10
		}
		return 2
	}
	return 1
}

// unquotedLen is the number of value runes in a quoted line, up to its
// closing quote.
func unquotedLen(raw string, quote byte) int {
	if quote == 0 {
		return utf8.RuneCountInString(raw)
	}
	r := []rune(raw)
	n := 0
	for i := 0; i < len(r); n++ {
		if r[i] == rune(quote) && rawLen(r[i:], quote) == 1 {
			break
		}
		i += rawLen(r[i:], quote)
	}
	return n
}

// rawOffset converts an offset in a segment's value into an offset in the
// line as written.
func rawOffset(s segment, offset int) int {
	if s.quote == 0 {
		return offset
	}
	r := []rune(s.raw)
	i := 0
	for ; offset > 0 && i < len(r); offset-- {
		i += rawLen(r[i:], s.quote)
	}
	return i + offset
}
