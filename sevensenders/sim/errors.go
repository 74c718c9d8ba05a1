package sim

import (
	"fmt"
	"net/http"
)

// Error codes, the stable machine-readable `code` of an error body.
const (
	codeBadRequest       = "bad_request"
	codeUnauthorized     = "unauthorized"
	codeNotFound         = "not_found"
	codeNotAllowed       = "method_not_allowed"
	codeConflict         = "conflict"
	codeLocked           = "locked"
	codeTooLarge         = "payload_too_large"
	codeUnsupportedMedia = "unsupported_media_type"
	codeInvalid          = "validation_failed"
	codeInjected         = "injected_fault"
	codeInternal         = "internal_error"
)

// ErrorBody is the one JSON shape of every error the simulator returns.
// Rule and Source name the broken rule and where the documents state it
// (see Rules), when a rule was broken.
type ErrorBody struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Rule    string       `json:"rule,omitempty"`
	Source  string       `json:"source,omitempty"`
	Errors  []FieldError `json:"errors"`
}

// FieldError names one broken rule by the JSON pointer of the field.
// Rule and Source are set when compatible mode would have read the value
// under a lenient rule.
type FieldError struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
	Rule    string `json:"rule,omitempty"`
	Source  string `json:"source,omitempty"`
}

// errorf is an error response with no field errors and no rule.
func errorf(status int, code, format string, args ...any) response {
	return response{status: status, body: ErrorBody{Code: code, Message: fmt.Sprintf(format, args...), Errors: []FieldError{}}}
}

// invalidField is a 422 for one field of an admin request (no 7S rule);
// pointer "" is the whole body.
func invalidField(pointer, format string, args ...any) response {
	msg := fmt.Sprintf(format, args...)
	body := ErrorBody{Code: codeInvalid, Message: msg, Errors: []FieldError{}}
	if pointer != "" {
		body.Message = pointer + ": " + msg
		body.Errors = []FieldError{{Pointer: pointer, Message: msg}}
	}
	return response{status: http.StatusUnprocessableEntity, body: body}
}

// notFound is a 404 for a resource that does not exist.
func notFound(format string, args ...any) response {
	return errorf(http.StatusNotFound, codeNotFound, format, args...)
}

func internalError(msg string) response {
	return errorf(http.StatusInternalServerError, codeInternal, "%s", msg)
}

// isErr reports whether res is an error response.
func (res response) isErr() bool { return res.status >= 400 }
