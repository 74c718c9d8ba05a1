package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
)

// decodeOrder decodes the order that starts at byte start of data, the
// input called name whose lines start at the offsets in lines. It decodes
// strictly (invalid UTF-8, a key given twice or a number a float64 does
// not hold as written is an error, never changed) and within the input
// limits of lim. It returns the order and the offset just past it. An
// error says where, as FILE:LINE:COL, and is an invalid input (exit 2).
func decodeOrder(name string, data []byte, lines []int, start int, lim engine.Limits) (any, int, error) {
	v, n, err := schemas.DecodeJSON(data[start:], schemas.JSONLimits{MaxBytes: lim.InputBytes, MaxDepth: lim.InputDepth})
	if err == nil {
		return v, start + n, nil
	}
	var je *schemas.JSONError
	if !errors.As(err, &je) {
		return nil, 0, invalid(fmt.Errorf("read input %s: %w", name, err))
	}
	var cause error = errors.New(je.Msg)
	what := "order" + strings.TrimPrefix(je.Msg, "value")
	switch je.Limit {
	case "bytes":
		cause = &engine.LimitError{Name: "input_bytes", Limit: lim.InputBytes, What: what}
	case "depth":
		cause = &engine.LimitError{Name: "input_depth", Limit: lim.InputDepth, What: what}
	}
	return nil, 0, invalid(fmt.Errorf("read input %s: %w", offsetPos(name, lines, start+je.Offset), cause))
}

// offsetPos is where byte off of an input called name, whose lines start
// at the offsets in lines, is written.
func offsetPos(name string, lines []int, off int) engine.Pos {
	line := 0
	for line+1 < len(lines) && lines[line+1] <= off {
		line++
	}
	return engine.Pos{File: name, Line: line + 1, Col: off - lines[line] + 1}
}
