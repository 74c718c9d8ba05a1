package sim

import (
	"fmt"
	"net/http"
)

// Error codes, the stable machine-readable `code` of an error body.
const (
	codeBadRequest   = "bad_request"
	codeUnauthorized = "unauthorized"
	codeNotFound     = "not_found"
	codeNotAllowed   = "method_not_allowed"
	codeConflict     = "conflict"
	codeLocked       = "locked"
	codeTooLarge     = "payload_too_large"
	codeInvalid      = "validation_failed"
	codeInternal     = "internal_error"
)

// ErrorBody is the one JSON shape of every error the simulator returns.
type ErrorBody struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Errors  []FieldError `json:"errors"`
}

// FieldError names one broken rule by the JSON pointer of the field.
type FieldError struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// errorf is an error response with no field errors.
func errorf(status int, code, format string, args ...any) response {
	return response{status: status, body: ErrorBody{Code: code, Message: fmt.Sprintf(format, args...), Errors: []FieldError{}}}
}

// invalid is a 422 naming each broken field.
func invalid(message string, errs ...FieldError) response {
	if errs == nil {
		errs = []FieldError{}
	}
	return response{status: http.StatusUnprocessableEntity, body: ErrorBody{Code: codeInvalid, Message: message, Errors: errs}}
}

// invalidField is a 422 for one field.
func invalidField(pointer, format string, args ...any) response {
	msg := fmt.Sprintf(format, args...)
	return invalid(pointer+": "+msg, FieldError{Pointer: pointer, Message: msg})
}

func notFound(format string, args ...any) response {
	return errorf(http.StatusNotFound, codeNotFound, format, args...)
}

func conflict(format string, args ...any) response {
	return errorf(http.StatusConflict, codeConflict, format, args...)
}

func locked(format string, args ...any) response {
	return errorf(http.StatusConflict, codeLocked, format, args...)
}

func badRequest(format string, args ...any) response {
	return errorf(http.StatusBadRequest, codeBadRequest, format, args...)
}

func internalError(msg string) response {
	return errorf(http.StatusInternalServerError, codeInternal, "%s", msg)
}

// isErr reports whether res is an error response.
func (res response) isErr() bool { return res.status >= 400 }
