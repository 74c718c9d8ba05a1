package schemas

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JSONLimits bound what DecodeJSON accepts. A field that is 0 does not
// bound anything, except that nesting is never deeper than
// maxJSONDepth.
type JSONLimits struct {
	MaxBytes int // the bytes of one value
	MaxDepth int // how deeply one value nests lists and objects
}

// maxJSONDepth bounds the nesting of every value DecodeJSON reads, so
// that its recursion stays small whatever the limits say.
const maxJSONDepth = 10_000

// JSONError is an error of DecodeJSON: what is wrong and where, as a byte
// offset into the data it was given and the line and column (1-based,
// the column in bytes) of that offset.
type JSONError struct {
	Offset    int
	Line, Col int
	Msg       string
	// Limit is "bytes" or "depth" when a JSONLimits field stopped the
	// value, else "".
	Limit string
}

// Error returns "line L, column C: MSG".
func (e *JSONError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// DecodeJSON decodes the JSON value at the start of data, after white
// space, into JSON-like Go values (map[string]any, []any, string,
// float64, bool and nil), and returns it with the offset just past it:
// NDJSON holds several values, and what follows one is its caller's.
//
// It changes nothing silently, where encoding/json would: invalid UTF-8
// (which encoding/json turns into U+FFFD) and an escaped lone surrogate
// are errors, and so are a key given twice in an object (encoding/json
// keeps the last) and a number that a float64 does not hold as written
// (a 30-digit integer, which encoding/json rounds). A value longer than
// lim.MaxBytes or nesting deeper than lim.MaxDepth is an error before it
// is decoded further. Every error is a *JSONError.
func DecodeJSON(data []byte, lim JSONLimits) (v any, end int, err error) {
	d := &jsonDecoder{data: data, maxDepth: maxJSONDepth}
	if lim.MaxDepth > 0 {
		d.maxDepth = min(lim.MaxDepth, maxJSONDepth)
	}
	d.skipSpace()
	start := d.i
	if lim.MaxBytes > 0 && len(data)-start > lim.MaxBytes {
		// Decode within a window one byte past the limit: a value that
		// reaches its end is too long.
		d.data, d.window = data[:start+lim.MaxBytes+1], true
	}
	defer func() {
		if x := recover(); x != nil {
			je, ok := x.(*JSONError)
			if !ok {
				panic(x)
			}
			if d.window && je.Offset >= len(d.data)-1 {
				je = &JSONError{Offset: start + lim.MaxBytes, Msg: fmt.Sprintf("value of more than %d bytes", lim.MaxBytes), Limit: "bytes"}
			}
			je.Line, je.Col = lineCol(data, je.Offset)
			v, end, err = nil, je.Offset, je
		}
	}()
	if d.i >= len(d.data) {
		d.fail(d.i, "unexpected end of JSON input")
	}
	v = d.value(0)
	if d.window && d.i > start+lim.MaxBytes {
		d.fail(d.i, "")
	}
	return v, d.i, nil
}

// lineCol returns the 1-based line and byte column of off in data.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	return bytes.Count(before, []byte("\n")) + 1, off - (bytes.LastIndexByte(before, '\n') + 1) + 1
}

// jsonDecoder is the state of one DecodeJSON. Errors are panics of
// *JSONError, recovered by DecodeJSON.
type jsonDecoder struct {
	data     []byte
	i        int
	maxDepth int
	window   bool // data was cut one byte past the size limit
}

func (d *jsonDecoder) fail(off int, format string, args ...any) {
	panic(&JSONError{Offset: off, Msg: fmt.Sprintf(format, args...)})
}

func (d *jsonDecoder) skipSpace() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// unexpected fails at the current byte: the end of the input, or a
// character that cannot be there.
func (d *jsonDecoder) unexpected(want string) {
	if d.i >= len(d.data) {
		d.fail(d.i, "unexpected end of JSON input")
	}
	r, _ := utf8.DecodeRune(d.data[d.i:])
	if r == utf8.RuneError {
		d.fail(d.i, "invalid UTF-8")
	}
	d.fail(d.i, "invalid character %q %s", r, want)
}

func (d *jsonDecoder) value(depth int) any {
	if d.i >= len(d.data) {
		d.unexpected("looking for a value")
	}
	switch c := d.data[d.i]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string()
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	case c == 't':
		return d.word("true", true)
	case c == 'f':
		return d.word("false", false)
	case c == 'n':
		return d.word("null", nil)
	}
	d.unexpected("looking for a value")
	return nil
}

func (d *jsonDecoder) word(w string, v any) any {
	for k := 0; k < len(w); k++ {
		if d.i >= len(d.data) || d.data[d.i] != w[k] {
			d.unexpected(fmt.Sprintf("in literal %s (expecting %q)", w, w[k]))
		}
		d.i++
	}
	return v
}

func (d *jsonDecoder) enter(depth int) {
	if depth > d.maxDepth {
		panic(&JSONError{Offset: d.i, Msg: fmt.Sprintf("value nests deeper than %d levels", d.maxDepth), Limit: "depth"})
	}
}

func (d *jsonDecoder) object(depth int) map[string]any {
	d.enter(depth)
	d.i++ // {
	m := map[string]any{}
	first := map[string]int{}
	d.skipSpace()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		return m
	}
	for {
		d.skipSpace()
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			d.unexpected("looking for the beginning of an object key")
		}
		at := d.i
		key := d.string()
		if off, dup := first[key]; dup {
			line, col := lineCol(d.data, off)
			d.fail(at, "duplicate key %s (first at line %d, column %d)", quote(key), line, col)
		}
		first[key] = at
		d.skipSpace()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			d.unexpected("after an object key")
		}
		d.i++
		d.skipSpace()
		m[key] = d.value(depth)
		d.skipSpace()
		if d.i < len(d.data) && d.data[d.i] == ',' {
			d.i++
			continue
		}
		if d.i < len(d.data) && d.data[d.i] == '}' {
			d.i++
			return m
		}
		d.unexpected("after an object value")
	}
}

func (d *jsonDecoder) array(depth int) []any {
	d.enter(depth)
	d.i++ // [
	l := []any{}
	d.skipSpace()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
		return l
	}
	for {
		d.skipSpace()
		l = append(l, d.value(depth))
		d.skipSpace()
		if d.i < len(d.data) && d.data[d.i] == ',' {
			d.i++
			continue
		}
		if d.i < len(d.data) && d.data[d.i] == ']' {
			d.i++
			return l
		}
		d.unexpected("after an array element")
	}
}

// string reads a string: valid UTF-8, with every escape decoded and a
// lone surrogate refused.
func (d *jsonDecoder) string() string {
	d.i++ // "
	start := d.i
	var b *strings.Builder
	for {
		if d.i >= len(d.data) {
			d.fail(d.i, "unexpected end of JSON input in a string")
		}
		switch c := d.data[d.i]; {
		case c == '"':
			s := string(d.data[start:d.i])
			if b != nil {
				b.WriteString(s)
				s = b.String()
			}
			d.i++
			return s
		case c == '\\':
			if b == nil {
				b = &strings.Builder{}
			}
			b.Write(d.data[start:d.i])
			d.escape(b)
			start = d.i
		case c < 0x20:
			d.fail(d.i, "invalid character %q in a string: control characters are escaped in JSON", rune(c))
		case c < utf8.RuneSelf:
			d.i++
		default:
			r, n := utf8.DecodeRune(d.data[d.i:])
			if r == utf8.RuneError && n <= 1 {
				d.fail(d.i, "invalid UTF-8 in a string")
			}
			d.i += n
		}
	}
}

// escape decodes the escape at d.i into b.
func (d *jsonDecoder) escape(b *strings.Builder) {
	at := d.i
	if d.i+1 >= len(d.data) {
		d.fail(d.i, "unexpected end of JSON input in a string")
	}
	c := d.data[d.i+1]
	d.i += 2
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r := d.hex4(at)
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 || d.i+1 >= len(d.data) || d.data[d.i] != '\\' || d.data[d.i+1] != 'u' {
				d.fail(at, "lone surrogate \\u%04X in a string: it is not a character", r)
			}
			d.i += 2
			r2 := d.hex4(d.i - 2)
			pair := utf16.DecodeRune(r, r2)
			if pair == utf8.RuneError {
				d.fail(at, "lone surrogate \\u%04X in a string: it is not a character", r)
			}
			r = pair
		}
		b.WriteRune(r)
	default:
		d.fail(at, "invalid escape \\%c in a string", c)
	}
}

// hex4 reads the four hex digits at d.i of the \u escape at at.
func (d *jsonDecoder) hex4(at int) rune {
	if d.i+4 > len(d.data) {
		d.fail(at, "unexpected end of JSON input in a \\u escape")
	}
	n, err := strconv.ParseUint(string(d.data[d.i:d.i+4]), 16, 16)
	if err != nil {
		d.fail(at, "invalid \\u escape: want four hex digits")
	}
	d.i += 4
	return rune(n)
}

// number reads a number and checks that a float64 holds it as written.
func (d *jsonDecoder) number() float64 {
	start := d.i
	if d.data[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.data) && d.data[d.i] == '0':
		d.i++
	case d.i < len(d.data) && d.data[d.i] >= '1' && d.data[d.i] <= '9':
		d.digits()
	default:
		d.unexpected("in a number")
	}
	if d.i < len(d.data) && d.data[d.i] == '.' {
		d.i++
		if d.i >= len(d.data) || d.data[d.i] < '0' || d.data[d.i] > '9' {
			d.unexpected("after a decimal point")
		}
		d.digits()
	}
	if d.i < len(d.data) && (d.data[d.i] == 'e' || d.data[d.i] == 'E') {
		d.i++
		if d.i < len(d.data) && (d.data[d.i] == '+' || d.data[d.i] == '-') {
			d.i++
		}
		if d.i >= len(d.data) || d.data[d.i] < '0' || d.data[d.i] > '9' {
			d.unexpected("in the exponent of a number")
		}
		d.digits()
	}
	lit := string(d.data[start:d.i])
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsInf(f, 0) {
		d.fail(start, "number %s is out of the range of a float64: write it as a string", clipNumber(lit))
	}
	if !sameDecimal(lit, strconv.FormatFloat(f, 'e', -1, 64)) {
		d.fail(start, "number %s does not fit a float64 (it would become %s): write it as a string", clipNumber(lit), strconv.FormatFloat(f, 'g', -1, 64))
	}
	return f
}

func (d *jsonDecoder) digits() {
	for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
		d.i++
	}
}

// sameDecimal reports whether two decimal numbers (JSON numbers, or Go's
// 'e' format) are the same value: the same sign, significant digits and
// exponent.
func sameDecimal(a, b string) bool {
	na, ea, oka := normalDecimal(a)
	nb, eb, okb := normalDecimal(b)
	return oka && okb && na == nb && (ea == eb || strings.TrimPrefix(na, "-") == "")
}

// normalDecimal returns the sign and significant digits of a decimal
// number, and the power of ten of its last digit.
func normalDecimal(s string) (digits string, exp int, ok bool) {
	sign := ""
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		if s[0] == '-' {
			sign = "-"
		}
		s = s[1:]
	}
	mant, e, hasExp := strings.Cut(strings.ToLower(s), "e")
	if hasExp {
		n, err := strconv.Atoi(e)
		if err != nil {
			return "", 0, false
		}
		exp = n
	}
	whole, frac, _ := strings.Cut(mant, ".")
	all := whole + frac
	exp -= len(frac)
	all = strings.TrimLeft(all, "0")
	trimmed := strings.TrimRight(all, "0")
	exp += len(all) - len(trimmed)
	if trimmed == "" {
		return sign, 0, true
	}
	return sign + trimmed, exp, true
}

// clipNumber cuts a long number literal for an error message.
func clipNumber(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// quote quotes a key for an error message, cut if long.
func quote(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strconv.Quote(s)
}
