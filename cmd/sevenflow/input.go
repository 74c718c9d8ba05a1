package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// order is one order of a run's input: its value and where each of its
// values is written, so that errors can point into the file. An order
// that could not be read has err, and fails alone.
type order struct {
	value any
	file  string
	line  int            // the line the order starts on
	index map[string]int // JSON pointer -> byte offset in data
	data  []byte         // the text the order is in: the whole file, or its line
	base  int            // the line number of data's first line
	lines []int          // the offset at which each line of data starts
	err   *engine.Error  // why the order could not be read, where (code input)
}

// at is where the order is in the input: FILE:LINE.
func (o *order) at() string { return o.file + ":" + strconv.Itoa(o.line) }

// position returns where the value at ptr is written: file:line:col.
func (o *order) position(ptr string) (engine.Pos, bool) {
	off, ok := o.index[ptr]
	if !ok {
		return engine.Pos{}, false
	}
	return posAt(o.file, o.base, o.lines, off), true
}

// posAt is the position of the byte at off in data whose lines start at
// lines and whose first line is base.
func posAt(file string, base int, lines []int, off int) engine.Pos {
	line := 0
	for line+1 < len(lines) && lines[line+1] <= off {
		line++
	}
	return engine.Pos{File: file, Line: base + line, Col: off - lines[line] + 1}
}

// orderSource yields the orders of a run's input one at a time, so that a
// batch of any size is never held in memory whole.
type orderSource interface {
	// next returns the next order, or io.EOF after the last. An order
	// that does not parse is returned with its err set; an error returned
	// ends the input (a file that cannot be read further).
	next() (*order, error)
	// total is how many orders there are, if that is known without
	// reading them (for a progress bar's ETA).
	total() (int, bool)
	// batch reports whether the input is a batch by its kind (a
	// directory), whatever the number of orders.
	batch() bool
	close() error
}

// maxLine bounds one line of NDJSON input.
const maxLine = 64 << 20

// openOrders opens the input of a run:
//
//   - a directory: one JSON file an order (*.json), in the order of their
//     names;
//   - NDJSON (a name ending in .ndjson or .jsonl, or a first line that is
//     a whole JSON value): one order a line, read a line at a time, so that
//     a line that does not parse fails alone;
//   - else one JSON document (or several, one after the other), read
//     whole: a value that does not parse is an error of the whole input.
//
// path "-" is stdin. Every order is decoded strictly, within the input
// limits of lim (see decodeValue).
func openOrders(e *env, path string, lim engine.Limits) (orderSource, error) {
	name := inputName(path)
	var r io.Reader
	var f *os.File
	if path == "-" {
		r = e.stdin
	} else {
		var err error
		if f, err = os.Open(path); err != nil {
			return nil, invalid(fmt.Errorf("read input: %w", err))
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, invalid(fmt.Errorf("read input: %w", err))
		}
		if st.IsDir() {
			f.Close()
			return openDir(path, lim)
		}
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := firstLine(br)
	if err != nil {
		closeFile(f)
		return nil, invalid(fmt.Errorf("read input %s: %w", name, err))
	}
	rest := io.MultiReader(bytes.NewReader(head), br)
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".ndjson" || ext == ".jsonl" || json.Valid(bytes.TrimSpace(lastLine(head))) {
		sc := bufio.NewScanner(rest)
		sc.Buffer(make([]byte, 0, 64<<10), maxLine)
		return &lineSource{name: name, path: path, f: f, sc: sc, lim: lim}, nil
	}
	data, err := io.ReadAll(rest)
	closeFile(f)
	if err != nil {
		return nil, invalid(fmt.Errorf("read input: %w", err))
	}
	orders, derr := decodeAll(name, data, 1, lim)
	if derr != nil {
		return nil, invalid(fmt.Errorf("read input %w", derr))
	}
	if len(orders) == 0 {
		return nil, invalid(fmt.Errorf("read input %s: no order", name))
	}
	return &listSource{orders: orders}, nil
}

// inputName names the input in messages: the path, or stdin for "-".
func inputName(path string) string {
	if path == "-" {
		return "stdin"
	}
	return path
}

// closeFile closes f, if there is one.
func closeFile(f *os.File) {
	if f != nil {
		_ = f.Close()
	}
}

// firstLine reads up to and including the first line that is not blank
// (or to the end), and returns all it read.
func firstLine(br *bufio.Reader) ([]byte, error) {
	var head []byte
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: no NDJSON of one order a
			// line starts like this, but keep reading it all the same.
			head = append(head, line...)
			continue
		}
		head = append(head, line...)
		if errors.Is(err, io.EOF) || (err == nil && len(bytes.TrimSpace(line)) > 0) {
			return head, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// lastLine is the last line of head, without its newline.
func lastLine(head []byte) []byte {
	head = bytes.TrimRight(head, "\r\n")
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		return head[i+1:]
	}
	return head
}

// decodeAll decodes every JSON value of data, whose first line is base,
// within lim. A value that does not parse is an *engine.Error at its line
// and column, returned with the orders before it.
func decodeAll(name string, data []byte, base int, lim engine.Limits) ([]*order, *engine.Error) {
	lines := []int{0}
	for i, b := range data {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	var orders []*order
	for start := skipSpace(data, 0); start < len(data); start = skipSpace(data, start) {
		v, end, err := decodeValue(name, data, base, lines, start, lim)
		if err != nil {
			return orders, err
		}
		o := &order{value: v, file: name, index: map[string]int{}, data: data, base: base, lines: lines}
		o.line = posAt(name, base, lines, start).Line
		indexJSON(data, start, "", o.index)
		orders = append(orders, o)
		start = end
	}
	return orders, nil
}

// lineSource reads NDJSON a line at a time.
type lineSource struct {
	lim     engine.Limits
	name    string
	path    string // "-" for stdin
	f       *os.File
	sc      *bufio.Scanner
	line    int
	pending []*order // the orders of a line with several values
}

func (s *lineSource) next() (*order, error) {
	for len(s.pending) == 0 {
		if !s.sc.Scan() {
			if err := s.sc.Err(); err != nil {
				return nil, fmt.Errorf("read input %s:%d: %w", s.name, s.line+1, err)
			}
			return nil, io.EOF
		}
		s.line++
		if len(bytes.TrimSpace(s.sc.Bytes())) == 0 {
			continue
		}
		data := bytes.Clone(s.sc.Bytes())
		orders, err := decodeAll(s.name, data, s.line, s.lim)
		s.pending = orders
		if err != nil {
			s.pending = append(s.pending, &order{file: s.name, line: s.line, err: err})
		}
	}
	o := s.pending[0]
	s.pending = s.pending[1:]
	return o, nil
}

// total counts the lines of the file that are not blank, reading it once
// more; stdin is not counted.
func (s *lineSource) total() (int, bool) {
	if s.path == "-" {
		return 0, false
	}
	f, err := os.Open(s.path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			n++
		}
	}
	return n, sc.Err() == nil
}

func (s *lineSource) batch() bool { return false }

func (s *lineSource) close() error {
	if s.f == nil {
		return nil
	}
	return s.f.Close()
}

// listSource hands out orders read beforehand.
type listSource struct {
	orders []*order
	n      int
}

func (s *listSource) next() (*order, error) {
	if len(s.orders) == 0 {
		return nil, io.EOF
	}
	o := s.orders[0]
	s.orders[0] = nil
	s.orders = s.orders[1:]
	s.n++
	return o, nil
}

func (s *listSource) total() (int, bool) { return s.n + len(s.orders), true }
func (s *listSource) batch() bool        { return false }
func (s *listSource) close() error       { return nil }

// dirSource reads a directory of JSON files, one order each.
type dirSource struct {
	lim   engine.Limits
	dir   string
	names []string
	i     int
}

// openDir lists the *.json files of dir by name; there must be one.
func openDir(dir string, lim engine.Limits) (orderSource, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, invalid(fmt.Errorf("read input: %w", err))
	}
	s := &dirSource{dir: dir, lim: lim}
	for _, en := range entries {
		if en.Type().IsRegular() && strings.HasSuffix(en.Name(), ".json") && !strings.HasPrefix(en.Name(), ".") {
			s.names = append(s.names, en.Name())
		}
	}
	if len(s.names) == 0 {
		return nil, invalid(fmt.Errorf("read input %s: no *.json file in the directory", dir))
	}
	return s, nil
}

func (s *dirSource) next() (*order, error) {
	if s.i == len(s.names) {
		return nil, io.EOF
	}
	name := filepath.Join(s.dir, s.names[s.i])
	s.i++
	fail := func(at engine.Pos, err error) (*order, error) {
		return &order{file: name, line: at.Line, err: &engine.Error{Pos: at, Code: engine.CodeInput, Err: err}}, nil
	}
	start := engine.Pos{File: name, Line: 1, Col: 1}
	data, err := os.ReadFile(name)
	if err != nil {
		return fail(start, err)
	}
	orders, derr := decodeAll(name, data, 1, s.lim)
	switch {
	case derr != nil:
		return fail(derr.Pos, derr.Err)
	case len(orders) == 0:
		return fail(start, errors.New("no order in the file"))
	case len(orders) > 1:
		at, _ := orders[1].position("")
		return fail(at, errors.New("a second order in the file: a directory holds one order a file"))
	}
	return orders[0], nil
}

func (s *dirSource) total() (int, bool) { return len(s.names), true }
func (s *dirSource) batch() bool        { return true }
func (s *dirSource) close() error       { return nil }

// readOrders reads every order of path (see openOrders), each within the
// input limits of lim, for the runs of a test case or the debugger; an
// order that does not parse is an error of the input.
func readOrders(e *env, path string, lim engine.Limits) ([]*order, error) {
	src, err := openOrders(e, path, lim)
	if err != nil {
		return nil, err
	}
	defer src.close()
	var orders []*order
	for {
		o, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, invalid(err)
		}
		if o.err != nil {
			return nil, invalid(fmt.Errorf("read input %w", o.err))
		}
		orders = append(orders, o)
	}
	if len(orders) == 0 {
		return nil, invalid(fmt.Errorf("read input %s: no order", inputName(path)))
	}
	return orders, nil
}

// indexJSON records the offset of the value at i in data, and of every
// value inside it, under its JSON pointer. data is valid JSON there.
func indexJSON(data []byte, i int, ptr string, index map[string]int) int {
	i = skipSpace(data, i)
	index[ptr] = i
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '{':
		i = skipSpace(data, i+1)
		for i < len(data) && data[i] != '}' {
			end := skipString(data, i)
			var key string
			_ = json.Unmarshal(data[i:end], &key)
			i = skipSpace(data, end) + 1 // the colon
			i = skipSpace(data, indexJSON(data, i, ptr+"/"+escapePointer(key), index))
			if i < len(data) && data[i] == ',' {
				i = skipSpace(data, i+1)
			}
		}
		return i + 1
	case '[':
		i = skipSpace(data, i+1)
		for n := 0; i < len(data) && data[i] != ']'; n++ {
			i = skipSpace(data, indexJSON(data, i, ptr+"/"+strconv.Itoa(n), index))
			if i < len(data) && data[i] == ',' {
				i = skipSpace(data, i+1)
			}
		}
		return i + 1
	case '"':
		return skipString(data, i)
	}
	for i < len(data) && !bytes.ContainsRune([]byte(",]} \t\r\n"), rune(data[i])) {
		i++
	}
	return i
}

// skipString returns the offset just past the JSON string starting at i.
func skipString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// skipSpace returns the offset of the first byte at or after i that is not
// JSON whitespace.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// pointerEscaper escapes a JSON pointer token (RFC 6901). It is built
// once: indexJSON escapes every key of every order, and a replacer built
// per key was a quarter of the bytes a batch allocated.
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// escapePointer escapes one JSON pointer token.
func escapePointer(t string) string {
	return pointerEscaper.Replace(t)
}
