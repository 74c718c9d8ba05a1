package engine

import (
	"strings"
	"unicode/utf8"
)

// Parsers of expressions and of JavaScript descend once per level of
// nesting, and a goroutine's stack grows until the process dies: a
// million `(` or `!` is enough. The scanners below measure how deeply a
// source nests before any parser sees it, counting what makes a
// recursive-descent parser recurse: brackets, runs of prefix operators
// (`!!!x`, `- - x`, `typeof typeof x`), and right-associative chains
// (`a ? b : c ? d : e`, `a = b = c`, `x => y => z`, `let` bodies). Strings,
// comments and (in JavaScript) template texts and regular expressions are
// skipped. They over-count rather than under-count where the grammar is
// ambiguous, and stop at the first point deeper than the limit.

// nestLevel is one open bracket: the chains counted inside it.
type nestLevel struct {
	chain  int  // right-associative operators since the last `,` or `;`
	lets   int  // expr `let` bodies, open until the bracket closes
	templ  bool // a JavaScript template's ${, closed by its }
	closer byte // the bracket that closes it
}

// nester tracks the depth of one scan. Its first level is the top of the
// source, which no bracket closes.
type nester struct {
	levels []nestLevel
	sum    int // the chains and lets of every level
	run    int // prefix operators in a row
	max    int
}

func newNester(max int) *nester { return &nester{levels: []nestLevel{{}}, max: max} }

func (n *nester) depth() int { return len(n.levels) - 1 + n.sum + n.run }

// open pushes a bracket; it reports whether the depth is still within max.
func (n *nester) open(closer byte, templ bool) bool {
	n.levels = append(n.levels, nestLevel{closer: closer, templ: templ})
	n.run = 0
	return n.depth() <= n.max
}

// close pops the innermost bracket if closer closes it.
func (n *nester) close(closer byte) {
	if k := len(n.levels); k > 1 && n.levels[k-1].closer == closer {
		l := n.levels[k-1]
		n.sum -= l.chain + l.lets
		n.levels = n.levels[:k-1]
	}
	n.run = 0
}

// top is the innermost level.
func (n *nester) top() *nestLevel { return &n.levels[len(n.levels)-1] }

func (n *nester) chain() bool {
	n.top().chain++
	n.sum++
	n.run = 0
	return n.depth() <= n.max
}

func (n *nester) let() bool {
	n.top().lets++
	n.sum++
	n.run = 0
	return n.depth() <= n.max
}

// reset ends a chain: at `,` or `;`.
func (n *nester) reset() {
	t := n.top()
	n.sum -= t.chain
	t.chain = 0
	n.run = 0
}

func (n *nester) prefix() bool {
	n.run++
	return n.depth() <= n.max
}

// exprNesting returns the rune offset in src of the first point where the
// expression nests deeper than max, or -1.
func exprNesting(src string, max int) int {
	n := newNester(max)
	operand := false // the previous token ends an operand
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '"' || c == '\'':
			i = skipQuoted(src, i, c)
			operand = true
			n.run = 0
			continue
		case c == '`':
			if j := strings.IndexByte(src[i+1:], '`'); j >= 0 {
				i += j + 2
			} else {
				i = len(src)
			}
			operand = true
			n.run = 0
			continue
		case strings.HasPrefix(src[i:], "//"):
			i = lineEnd(src, i)
			continue
		case strings.HasPrefix(src[i:], "/*"):
			i = commentEnd(src, i)
			continue
		case isWordByte(c):
			j := i
			for j < len(src) && (isWordByte(src[j]) || src[j] == '.' && j > i && isDigit(src[i])) {
				j++
			}
			word := src[i:j]
			ok := true
			switch {
			case word == "not" && !operand:
				ok = n.prefix()
			case word == "let":
				ok = n.let()
			case word == "not" || word == "and" || word == "or" || word == "in" || word == "matches" ||
				word == "contains" || word == "startsWith" || word == "endsWith":
				operand = false
				n.run = 0
			default:
				operand = true
				n.run = 0
			}
			if !ok {
				return runeOffset(src, i)
			}
			if word == "not" || word == "let" {
				operand = false
			}
			i = j
			continue
		}
		ok := true
		switch c {
		case '(', '[', '{':
			ok = n.open(closing(c), false)
			operand = false
		case ')', ']', '}':
			n.close(c)
			operand = true
		case ',':
			n.reset()
			operand = false
		case '?':
			if i+1 < len(src) && (src[i+1] == '.' || src[i+1] == '?') {
				i += 2
				operand = false
				continue
			}
			ok = n.chain()
			operand = false
		case '!', '-', '+':
			if !operand && (c != '!' || i+1 >= len(src) || src[i+1] != '=') {
				ok = n.prefix()
			} else {
				n.run = 0
			}
			operand = false
		default:
			n.run = 0
			operand = false
		}
		if !ok {
			return runeOffset(src, i)
		}
		i++
	}
	return -1
}

// jsKeywordsBeforeExpr are the words after which a `/` starts a regular
// expression and a `-` or `+` is a prefix operator.
var jsKeywordsBeforeExpr = map[string]bool{
	"return": true, "typeof": true, "case": true, "do": true, "else": true, "in": true,
	"instanceof": true, "new": true, "delete": true, "void": true, "throw": true,
	"yield": true, "await": true, "of": true,
}

// jsPrefixWords are the prefix operators that are words.
var jsPrefixWords = map[string]bool{"typeof": true, "void": true, "delete": true, "await": true, "new": true, "yield": true}

// jsNesting returns the rune offset in src, the body of a hook, of the
// first point where it nests deeper than max, or -1.
func jsNesting(src string, max int) int {
	n := newNester(max)
	operand := false
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '\n':
			// A newline may end a statement: a chain does not go on
			// across it.
			n.reset()
			i++
			continue
		case c == '"' || c == '\'':
			i = skipQuoted(src, i, c)
			operand = true
			n.run = 0
			continue
		case c == '`':
			var ok bool
			if i, ok = n.template(src, i+1); !ok {
				return runeOffset(src, i)
			}
			operand = true
			continue
		case strings.HasPrefix(src[i:], "//"):
			i = lineEnd(src, i)
			continue
		case strings.HasPrefix(src[i:], "/*"):
			i = commentEnd(src, i)
			continue
		case c == '/' && !operand:
			i = skipRegexp(src, i)
			operand = true
			n.run = 0
			continue
		case isWordByte(c) || c >= utf8.RuneSelf || c == '#':
			j := i + 1
			for j < len(src) && (isWordByte(src[j]) || src[j] >= utf8.RuneSelf || src[j] == '.' && isDigit(src[i])) {
				j++
			}
			word := src[i:j]
			ok := true
			switch {
			case jsPrefixWords[word]:
				ok = n.prefix()
				operand = false
			case jsKeywordsBeforeExpr[word]:
				operand = false
				n.run = 0
			default:
				operand = true
				n.run = 0
			}
			if !ok {
				return runeOffset(src, i)
			}
			i = j
			continue
		}
		ok, width := true, 1
		switch c {
		case '(', '[', '{':
			ok = n.open(closing(c), false)
			operand = false
		case ')', ']':
			n.close(c)
			operand = true
		case '}':
			if n.top().templ {
				n.close('}')
				var tok bool
				if i, tok = n.template(src, i+1); !tok {
					return runeOffset(src, i)
				}
				operand = true
				continue
			}
			n.close('}')
			operand = true
		case ',', ';':
			n.reset()
			operand = false
		case '?':
			if strings.HasPrefix(src[i:], "?.") || strings.HasPrefix(src[i:], "??=") {
				width = 2
				if src[i+1] == '?' {
					width = 3
					ok = n.chain()
				}
			} else if strings.HasPrefix(src[i:], "??") {
				width = 2
			} else {
				ok = n.chain()
			}
			operand = false
		case '!', '~':
			switch {
			case strings.HasPrefix(src[i:], "!=="):
				width, n.run = 3, 0
			case strings.HasPrefix(src[i:], "!="):
				width, n.run = 2, 0
			case !operand:
				ok = n.prefix()
			default:
				n.run = 0
			}
			operand = false
		case '-', '+':
			switch {
			case i+1 < len(src) && src[i+1] == '=':
				ok, width = n.chain(), 2 // -= and += assign, right to left
			case i+1 < len(src) && src[i+1] == c:
				width, n.run = 2, 0 // ++ and -- do not nest
			case !operand:
				ok = n.prefix()
			default:
				n.run = 0
			}
			operand = false
		case '<', '>':
			if i+1 < len(src) && src[i+1] == '=' {
				width = 2
			}
			n.run = 0
			operand = false
		case '=':
			switch {
			case strings.HasPrefix(src[i:], "==="):
				width = 3
			case strings.HasPrefix(src[i:], "=="):
				width = 2
			case strings.HasPrefix(src[i:], "=>"):
				ok, width = n.chain(), 2
			default:
				ok = n.chain()
			}
			operand = false
		case '*':
			if strings.HasPrefix(src[i:], "**") {
				ok, width = n.chain(), 2
			} else {
				n.run = 0
			}
			operand = false
		case '.':
			if strings.HasPrefix(src[i:], "...") {
				width = 3
			}
			operand = false
			n.run = 0
		default:
			operand = false
			n.run = 0
		}
		if !ok {
			return runeOffset(src, i)
		}
		i += width
	}
	return -1
}

// template skips the text of a template literal from i, just past its
// opening ` or a closing } of a substitution, to its end or to a ${,
// whose level it opens. It returns the offset after and whether the
// depth is still within the limit.
func (n *nester) template(src string, i int) (int, bool) {
	for i < len(src) {
		switch {
		case src[i] == '\\':
			i += 2
		case src[i] == '`':
			n.run = 0
			return i + 1, true
		case strings.HasPrefix(src[i:], "${"):
			if !n.open('}', true) {
				return i, false
			}
			return i + 2, true
		default:
			i++
		}
	}
	return i, true
}

// skipQuoted returns the offset just past the string starting at i, quoted
// by q, or the end of its line if it is not closed there.
func skipQuoted(src string, i int, q byte) int {
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case q:
			return i + 1
		case '\n':
			return i
		}
	}
	return len(src)
}

// skipRegexp returns the offset just past the regular expression literal
// starting at i, with its flags.
func skipRegexp(src string, i int) int {
	class := false
	for i++; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\':
			i++
		case c == '\n':
			return i
		case c == '[':
			class = true
		case c == ']':
			class = false
		case c == '/' && !class:
			i++
			for i < len(src) && isWordByte(src[i]) {
				i++
			}
			return i
		}
	}
	return len(src)
}

func lineEnd(src string, i int) int {
	if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(src)
}

func commentEnd(src string, i int) int {
	if j := strings.Index(src[i+2:], "*/"); j >= 0 {
		return i + 2 + j + 2
	}
	return len(src)
}

func closing(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func runeOffset(src string, i int) int { return utf8.RuneCountInString(src[:min(i, len(src))]) }
