package sevensenders

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ErrNotRetried is wrapped by the error of a create that failed in a way
// that leaves open whether it arrived, and that was not sent again
// because the client could not read it back: the body lacks the
// merchant's key (see ErrNoKey), or the read-back itself failed. Check the
// API before sending it again.
var ErrNotRetried = errors.New("not retried: the request may have been applied")

// APIError is a non-2xx answer of the API.
type APIError struct {
	StatusCode int
	Method     string
	Path       string // the URL path, /v2 included, without the query
	Code       string // the API's machine-readable code, if any
	Message    string // the API's message, or the start of a non-JSON body
	Errors     []FieldError
	// RetryAfter is the wait the API asked for with Retry-After, if any.
	RetryAfter time.Duration
}

// FieldError names one rejected field by its JSON pointer.
type FieldError struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// Error prints the call, the status and the field errors, or the message
// when there are none:
//
//	POST /v2/customs/shipments: 422 Unprocessable Entity: /skus/0/net_value: required
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if len(e.Errors) > 0 {
		for i, fe := range e.Errors {
			sep := "; "
			if i == 0 {
				sep = ": "
			}
			b.WriteString(sep + fe.Pointer + ": " + fe.Message)
		}
	} else if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// maxMessage bounds the part of a non-JSON error body kept as Message.
const maxMessage = 200

// checkResponse returns nil for a 2xx answer and an *APIError otherwise,
// filled from the API's {code, message, errors} body when there is one.
func checkResponse(method, path string, status int, header http.Header, body []byte, now time.Time) error {
	if status >= 200 && status < 300 {
		return nil
	}
	e := &APIError{StatusCode: status, Method: method, Path: path}
	var eb struct {
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Errors  []FieldError `json:"errors"`
	}
	if err := json.Unmarshal(body, &eb); err == nil {
		e.Code, e.Message, e.Errors = eb.Code, eb.Message, eb.Errors
	} else {
		msg := strings.TrimSpace(string(body))
		if len(msg) > maxMessage {
			msg = msg[:maxMessage] + "..."
		}
		e.Message = msg
	}
	e.RetryAfter, _ = parseRetryAfter(header.Get("Retry-After"), now)
	return e
}

var _ error = (*APIError)(nil)
