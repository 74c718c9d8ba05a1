package sim

import (
	"fmt"
	"io"
	"strings"
)

// Mode says how the simulator treats a request that breaks a documented
// rule the live API is known to let pass.
type Mode int

const (
	// Strict enforces every documented rule as an error: what sevenflow's
	// own runs, tests and preflight use. It is the default of New.
	Strict Mode = iota
	// Compatible accepts what the live API is known to accept from real
	// clients and reports each documented rule it let pass as a warning:
	// the default of `sevenflow sim`.
	Compatible
)

// String returns "strict" or "compatible".
func (m Mode) String() string {
	if m == Compatible {
		return "compatible"
	}
	return "strict"
}

// WithMode sets the mode (default Strict).
func WithMode(m Mode) Option {
	return func(s *Server) { s.mode = m }
}

// WithLog writes the warnings and notable events (faults, clock moves,
// tracking codes from hub scans, resets) to w, one line each.
func WithLog(w io.Writer) Option {
	return func(s *Server) { s.log = w }
}

// Warning is a documented rule that a request broke and compatible mode
// let pass, as listed by GET /sim/warnings and (*Server).Warnings. Path
// is the request's path and query, cut to 256 bytes.
type Warning struct {
	Method  string `json:"method"`
	Path    string `json:"path"`
	Rule    string `json:"rule"`
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// text is the warning as a Warning header and a log line show it:
// "RULE: /pointer: message", without the pointer when there is none.
func (w Warning) text() string {
	if w.Pointer == "" {
		return w.Rule + ": " + w.Message
	}
	return w.Rule + ": " + w.Pointer + ": " + w.Message
}

// header is the value of one Warning response header (RFC 9111 5.5):
// code 299, agent sevenflow, the text as a quoted string.
func (w Warning) header() string {
	q := quotedText.Replace(w.text())
	return `299 sevenflow "` + q + `"`
}

// Warnings returns the latest warnings given (at most 1,000), oldest
// first.
func (s *Server) Warnings() []Warning {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.warnings.list()
}

// finding is a rule that compatible mode let pass while serving one
// request; it becomes a Warning if the request succeeds.
type finding struct {
	rule, pointer, message string
}

// warn records that rq broke rule at pointer and was let pass.
func (rq *request) warn(rule, pointer, message string) {
	rq.findings = append(rq.findings, finding{rule: rule, pointer: pointer, message: message})
}

// check applies a rule that compatible mode lets pass: in strict mode it
// returns the rule's error with strictMsg; in compatible mode it records
// a warning with compatMsg and returns no error.
func (rq *request) check(rule, pointer, strictMsg, compatMsg string) response {
	if rq.mode == Strict {
		return broken(rule, pointer, "%s", strictMsg)
	}
	rq.warn(rule, pointer, compatMsg)
	return response{}
}

// flushWarnings turns the findings of a successful request into warnings:
// kept for GET /sim/warnings, logged and returned as Warning headers.
func (s *Server) flushWarnings(rq *request, res *response) {
	for _, f := range rq.findings {
		w := Warning{Method: rq.Method, Path: truncate(rq.URL.RequestURI()), Rule: f.rule, Pointer: f.pointer, Message: f.message}
		s.warnings.add(w)
		res.warnings = append(res.warnings, w.header())
		s.logf("warning %s %s: %s", w.Method, w.Path, w.text())
	}
}

// logf writes one line to the log, stamped with the simulator's clock.
func (s *Server) logf(format string, args ...any) {
	if s.log == nil {
		return
	}
	line := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", `\n`)
	fmt.Fprintf(s.log, "%s %s\n", s.stamp(), line)
}

// quotedText escapes text for an HTTP quoted-string.
var quotedText = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
