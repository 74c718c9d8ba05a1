package main

import (
	"errors"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
)

// decodeValue decodes the order that starts at byte start of data, the
// input called name whose lines start at the offsets in lines, the first
// of them line base. It decodes strictly (invalid UTF-8, a key given twice
// or a number a float64 does not hold as written is an error, never
// changed) and within the input limits of lim. It returns the order and
// the offset just past it. An error says where: an *engine.Error of code
// input at its FILE:LINE:COL.
func decodeValue(name string, data []byte, base int, lines []int, start int, lim engine.Limits) (any, int, *engine.Error) {
	v, n, err := schemas.DecodeJSON(data[start:], schemas.JSONLimits{MaxBytes: lim.InputBytes, MaxDepth: lim.InputDepth})
	if err == nil {
		return v, start + n, nil
	}
	var je *schemas.JSONError
	if !errors.As(err, &je) {
		return nil, 0, &engine.Error{Pos: engine.Pos{File: name}, Code: engine.CodeInput, Err: err}
	}
	var cause error = errors.New(je.Msg)
	what := "order" + strings.TrimPrefix(je.Msg, "value")
	switch je.Limit {
	case "bytes":
		cause = &engine.LimitError{Name: "input_bytes", Limit: lim.InputBytes, What: what}
	case "depth":
		cause = &engine.LimitError{Name: "input_depth", Limit: lim.InputDepth, What: what}
	}
	return nil, 0, &engine.Error{Pos: posAt(name, base, lines, start+je.Offset), Code: engine.CodeInput, Err: cause}
}
