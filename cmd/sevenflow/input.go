package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// order is one order of a run's input: its value and where each of its
// values is written, so that errors can point into the file.
type order struct {
	value any
	file  string
	index map[string]int // JSON pointer -> byte offset in data
	data  []byte         // the whole input
	lines []int          // the offset at which each line of data starts
}

// position returns where the value at ptr is written: file:line:col.
func (o *order) position(ptr string) (engine.Pos, bool) {
	off, ok := o.index[ptr]
	if !ok {
		return engine.Pos{}, false
	}
	line := 0
	for line+1 < len(o.lines) && o.lines[line+1] <= off {
		line++
	}
	return engine.Pos{File: o.file, Line: line + 1, Col: off - o.lines[line] + 1}, true
}

// readOrders reads one JSON value, or several (NDJSON), from path or stdin
// ("-"), each within the input limits of lim. A value that does not parse
// is an error at its line and column.
func readOrders(e *env, path string, lim engine.Limits) ([]*order, error) {
	var data []byte
	var err error
	name := path
	if path == "-" {
		name = "stdin"
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, invalid(fmt.Errorf("read input: %w", err))
	}
	lines := []int{0}
	for i, b := range data {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	var orders []*order
	for start := skipSpace(data, 0); start < len(data); start = skipSpace(data, start) {
		v, end, err := decodeOrder(name, data, lines, start, lim)
		if err != nil {
			return nil, err
		}
		o := &order{value: v, file: name, index: map[string]int{}, data: data, lines: lines}
		indexJSON(data, start, "", o.index)
		orders = append(orders, o)
		start = end
	}
	if len(orders) == 0 {
		return nil, invalid(fmt.Errorf("read input %s: no order", name))
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

// escapePointer escapes one JSON pointer token.
func escapePointer(t string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(t)
}
