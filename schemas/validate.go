package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Violation is one failed rule: a JSON pointer into the instance and a
// readable message. Pointer is "" for the document itself.
type Violation struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
	// Keyword is the JSON Schema keyword that failed, such as "required",
	// "additionalProperties" (also used for unevaluatedProperties: both mean
	// an unknown key), "enum", "format", "type" or "not".
	Keyword string `json:"keyword,omitempty"`
}

// String returns "pointer: message", with "(root)" for the empty pointer.
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "(root)"
	}
	return p + ": " + v.Message
}

// ValidationError lists every violation of one schema, sorted by pointer
// and then by message.
type ValidationError struct {
	Schema     string
	Violations []Violation
}

// Error returns "NAME: /p: msg; /q: msg".
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.String()
	}
	return e.Schema + ": " + strings.Join(parts, "; ")
}

// Validate checks instance against the schema called name. instance is a
// value as encoding/json decodes it (map[string]any, []any, string, float64
// or json.Number, bool, nil); other Go values are converted through
// encoding/json first. It returns nil, a *ValidationError, or an error
// wrapping ErrUnknownSchema.
func Validate(name string, instance any) error {
	s, err := reg.schema(name)
	if err != nil {
		return err
	}
	if !plain(instance) {
		if instance, err = roundTrip(instance); err != nil {
			return fmt.Errorf("schema %s: %w", name, err)
		}
	}
	err = s.Validate(instance)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("schema %s: %w", name, err)
	}
	return &ValidationError{Schema: name, Violations: violations(ve)}
}

// ValidateJSON decodes data (numbers as json.Number) and validates it like
// Validate. Malformed JSON is reported with its line and column.
func ValidateJSON(name string, data []byte) error {
	if _, err := reg.schema(name); err != nil {
		return err
	}
	v, err := decode(data)
	if err != nil {
		return err
	}
	return Validate(name, v)
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(data, dec.InputOffset(), err)
	}
	rest := data[dec.InputOffset():]
	if trimmed := bytes.TrimLeft(rest, " \t\r\n"); len(trimmed) > 0 {
		off := dec.InputOffset() + int64(len(rest)-len(trimmed))
		return nil, syntaxError(data, off, errors.New("unexpected data after the JSON value"))
	}
	return v, nil
}

// syntaxError reports err at the line and column of its byte offset.
func syntaxError(data []byte, off int64, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		off = int64(len(data))
		err = errors.New("unexpected end of JSON input")
	}
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if se != nil && col > 0 {
		col-- // SyntaxError.Offset is just past the bad byte
	}
	return fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col+1, err)
}

// plain reports whether v holds only the types the validator accepts.
func plain(v any) bool {
	switch x := v.(type) {
	case nil, bool, string, float64, json.Number, int, int64:
		return true
	case []any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
		return true
	}
	return false
}

func roundTrip(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode instance: %w", err)
	}
	return decode(data)
}
