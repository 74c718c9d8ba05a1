package sim

import (
	"fmt"
	"net/http"
)

// Rule is one rule of the simulator: a check it makes or a behaviour it
// keeps, with the place in the seed documents that states it.
// docs/simulator.md has one row per rule, and a test keeps the two equal.
type Rule struct {
	// ID is stable and names the rule in errors, warnings and docs, such
	// as "shipment-order-exists".
	ID string
	// Source is the seed document and line that state the rule, such as
	// "002:45", or "assumed" where the documents are silent.
	Source string
	// Strict and Compatible say what each mode does.
	Strict, Compatible string

	status  int    // the answer when the rule is broken; 0 for a behaviour that never fails
	code    string // the error code, if not the one of status
	lenient bool   // compatible mode lets a broken rule pass with a warning
}

// sameAsStrict is the Compatible text of a rule both modes keep alike.
const sameAsStrict = "same as strict"

// Rules returns every rule of the simulator, in the order of the docs.
func Rules() []Rule {
	return append([]Rule(nil), rules...)
}

// Lenient reports whether compatible mode lets the rule pass with a
// warning (strict mode refuses it).
func (r Rule) Lenient() bool { return r.lenient }

// ruleIndex finds a rule by ID.
var ruleIndex = func() map[string]Rule {
	m := make(map[string]Rule, len(rules))
	for _, r := range rules {
		m[r.ID] = r
	}
	return m
}()

// ruleOf returns the rule called id. An unknown id is a bug of the
// simulator, answered with a 500 rather than a panic.
func ruleOf(id string) (Rule, bool) {
	r, found := ruleIndex[id]
	return r, found
}

// errorCodes are the error codes of the statuses rules answer with.
var errorCodes = map[int]string{
	http.StatusBadRequest:            codeBadRequest,
	http.StatusUnauthorized:          codeUnauthorized,
	http.StatusNotFound:              codeNotFound,
	http.StatusConflict:              codeConflict,
	http.StatusRequestEntityTooLarge: codeTooLarge,
	http.StatusUnsupportedMediaType:  codeUnsupportedMedia,
	http.StatusUnprocessableEntity:   codeInvalid,
}

// broken is the error response of rule id: its status and code, the
// message (after the pointer, if there is one), and the rule and its
// source in the body.
func broken(id, pointer, format string, args ...any) response {
	r, found := ruleOf(id)
	if !found || r.status == 0 {
		return internalError(fmt.Sprintf("rule %q cannot be broken", id))
	}
	code := r.code
	if code == "" {
		code = errorCodes[r.status]
	}
	msg := fmt.Sprintf(format, args...)
	body := ErrorBody{Code: code, Message: msg, Rule: r.ID, Source: r.Source, Errors: []FieldError{}}
	if pointer != "" {
		body.Message = pointer + ": " + msg
		body.Errors = []FieldError{{Pointer: pointer, Message: msg}}
	}
	return response{status: r.status, body: body}
}
