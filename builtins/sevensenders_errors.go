package builtins

import (
	"errors"
	"fmt"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// SchemaError is the error of a sevensenders.* call whose payload fails
// its schema. Nothing was sent. Details lists every violation.
type SchemaError struct {
	Builtin    string // such as "sevensenders.create_customs_shipment"
	Schema     string // such as "customs_shipment"
	Violations []schemas.Violation
	err        *schemas.ValidationError
}

// Error prints the builtin, the schema and how many violations there are:
//
//	sevensenders.create_customs_shipment: payload fails schema customs_shipment: 2 violations
func (e *SchemaError) Error() string {
	n := "violations"
	if len(e.Violations) == 1 {
		n = "violation"
	}
	return fmt.Sprintf("%s: payload fails schema %s: %d %s", e.Builtin, e.Schema, len(e.Violations), n)
}

// Details returns one Detail per violation: its JSON pointer and message.
func (e *SchemaError) Details() []engine.Detail {
	ds := make([]engine.Detail, len(e.Violations))
	for i, v := range e.Violations {
		ds[i] = engine.Detail{Pointer: v.Pointer, Message: v.Message}
	}
	return ds
}

// Unwrap returns the schemas.ValidationError.
func (e *SchemaError) Unwrap() error { return e.err }

// APIError is the error of a sevensenders.* call that the API answered
// with a non-2xx status. Details lists the API's field errors.
type APIError struct {
	Builtin string
	Err     *sevensenders.APIError
}

// Error prints the builtin and the API's error:
//
//	sevensenders.create_customs_shipment: POST /v2/customs/shipments: 409 Conflict: ...
func (e *APIError) Error() string { return e.Builtin + ": " + e.Err.Error() }

// Details returns one Detail per field error of the answer.
func (e *APIError) Details() []engine.Detail {
	ds := make([]engine.Detail, len(e.Err.Errors))
	for i, f := range e.Err.Errors {
		ds[i] = engine.Detail{Pointer: f.Pointer, Message: f.Message}
	}
	return ds
}

// Unwrap returns the sevensenders.APIError.
func (e *APIError) Unwrap() error { return e.Err }

// callError puts the builtin's name in front of an error of the client,
// turning an APIError into one with details.
func callError(builtin string, err error) error {
	var aerr *sevensenders.APIError
	if errors.As(err, &aerr) {
		return &APIError{Builtin: builtin, Err: aerr}
	}
	return fmt.Errorf("%s: %w", builtin, err)
}

var (
	_ engine.DetailedError = (*SchemaError)(nil)
	_ engine.DetailedError = (*APIError)(nil)
)
