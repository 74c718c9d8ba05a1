package engine

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes: stable, machine-readable names for each class of error.
const (
	CodeUnknownKey     = "unknown_key"     // a YAML key the language does not have
	CodeBadValue       = "bad_value"       // a key with a value of the wrong shape
	CodeUnknownName    = "unknown_name"    // an expression names something not in scope
	CodeUnknownStep    = "unknown_step"    // steps.<id> names no earlier step
	CodeSyntax         = "syntax"          // YAML or expression syntax
	CodeType           = "type"            // an expression of the wrong type or arity
	CodeDuplicateID    = "duplicate_id"    // two steps share an id
	CodeCycle          = "cycle"           // extends/use refer back to themselves
	CodeNotFound       = "not_found"       // an extends/use target that does not exist
	CodeUnknownBuiltin = "unknown_builtin" // a call of an unregistered builtin
	CodeBadArgs        = "bad_args"        // with keys a builtin rejects
	CodeInput          = "input"           // the run's input fails its schema
	CodeSettings       = "settings"        // a setting that is unknown, of the wrong type or missing
	CodeRuntime        = "runtime"         // an expression failed while running
	CodeAssert         = "assert"          // an assert step was false
	CodeFail           = "fail"            // a fail step ran
	CodeCall           = "call"            // a builtin returned an error
	CodeCanceled       = "canceled"        // the run's context ended
	CodeHook           = "hook"            // a hook threw, returned a bad value or recursed too deeply
	CodeHookTimeout    = "hook_timeout"    // a hook ran past its time budget
	CodeLimit          = "limit"           // a limit stopped it: the cause is a *LimitError
)

// Error is an error of a pipeline at a position: loading, compiling or
// running it. It prints as
//
//	pipelines/standard.yaml:14:9: step "label": /parcels/0/weight: must be > 0
type Error struct {
	Pos     Pos
	Step    string // the step's id, if the error belongs to one
	Pointer string // a JSON pointer into a payload, if any
	Code    string // one of the Code constants
	Err     error
	// Via is, for an error of a step of a shipped pipeline that a value of
	// the merchant's caused, where in the shipped pipeline it happened;
	// Pos is then where the merchant wrote that value (the input, with the
	// input's JSON pointer in Pointer, or a setting), so that the first
	// position printed is in the merchant's own files.
	Via Pos

	details []Detail // the cause's details, with their sources
	expr    *cexpr   // the expression that failed, for a runtime error
}

// Error prints "file:line:col: step \"id\": pointer: cause (via
// file:line:col)", leaving out the parts that are empty.
func (e *Error) Error() string { return e.text(Pos.String) }

// text is Error with each position rendered by pos.
func (e *Error) text(pos func(Pos) string) string {
	var b strings.Builder
	if e.Pos.File != "" || e.Pos.Line > 0 {
		b.WriteString(pos(e.Pos))
		b.WriteString(": ")
	}
	if e.Step != "" {
		fmt.Fprintf(&b, "step %q: ", clip(e.Step, 80))
	}
	if e.Pointer != "" {
		b.WriteString(clip(e.Pointer, maxEcho))
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	if e.Via.IsValid() {
		fmt.Fprintf(&b, " (via %s)", pos(e.Via))
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Details returns the findings of a builtin error that has them
// (DetailedError), else nil. Each names, where the run knows it, the input
// field or setting its value was built from.
func (e *Error) Details() []Detail {
	if e.details != nil {
		return e.details
	}
	var d DetailedError
	if errors.As(e.Err, &d) {
		return d.Details()
	}
	return nil
}

// ErrorList is the sorted list of errors that Load or Compile found.
type ErrorList []*Error

// Error prints the first error and how many more there are.
func (l ErrorList) Error() string { return l.text(Pos.String) }

// text is Error with each position rendered by pos.
func (l ErrorList) text(pos func(Pos) string) string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].text(pos)
	case 2:
		return l[0].text(pos) + " (and 1 more error)"
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].text(pos), len(l)-1)
}

// Unwrap returns the errors in the list.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sort orders the list by file, line and column and drops exact duplicates.
func (l ErrorList) sort() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Error() == l[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	return out
}

// err returns the list as an error: nil when empty.
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	return l.sort()
}

// Errors returns the errors inside err: every one of an ErrorList, or err
// itself as an *Error, or nil if err is neither.
func Errors(err error) []*Error {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}

// didYouMean returns ", did you mean `x`?" for the candidate closest to
// name, or "" if none is close.
func didYouMean(name string, candidates []string) string {
	if best := Closest(name, candidates); best != "" {
		return fmt.Sprintf(", did you mean `%s`?", best)
	}
	return ""
}
