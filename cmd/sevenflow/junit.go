package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"

	"github.com/sevenflow/sevenflow/engine"
)

// junitSuites is the root of a JUnit XML report.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

// junitSuite is one suite of a JUnit report: one pipeline's runs, or the
// cases of `sevenflow test`.
type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

// junitCase is one run of an order, or one test case.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

// junitText is text kept as written, newlines and all.
type junitText struct {
	Text string `xml:",cdata"`
}

// junitProblem is the failure or error of a junitCase.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",cdata"`
}

// writeJUnit writes suite as a JUnit XML report, the form CI servers read.
func writeJUnit(w io.Writer, suite junitSuite) error {
	for _, c := range suite.Cases {
		suite.Tests++
		if c.Failure != nil {
			suite.Failures++
		}
		if c.Error != nil {
			suite.Errors++
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSuite{suite}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitRun is the JUnit test case of one run: named after the order's
// order_id (or its place in the input), failed if the run failed, with the
// text trace as its output.
func junitRun(pipeline string, i int, t *engine.Trace) (junitCase, error) {
	var text bytes.Buffer
	if err := writeTextTrace(&text, t); err != nil {
		return junitCase{}, err
	}
	name := fmt.Sprintf("order %d", i+1)
	if id, ok := t.Summary().OrderID.(string); ok && id != "" {
		name = id
	}
	c := junitCase{Name: name, ClassName: pipeline, SystemOut: &junitText{text.String()}}
	if t.Err != nil {
		p := &junitProblem{Message: t.Err.Error(), Text: text.String()}
		c.SystemOut = nil
		if runExitCode(t.Err) == exitInvalid {
			c.Error = p
		} else {
			c.Failure = p
		}
	}
	return c, nil
}

// junitTests is the JUnit suite of test results: one test case per case
// directory, named after the directory, with the directory above it as
// its class. A failed case is a failure whose message says why and whose
// text adds the diff of its golden; an invalid case is an error. An
// updated case passes, with the diff --update wrote as its output.
func junitTests(results []caseResult) junitSuite {
	s := junitSuite{Name: "sevenflow test"}
	for _, r := range results {
		c := junitCase{Name: filepath.Base(r.Name), ClassName: filepath.ToSlash(filepath.Dir(r.Name))}
		text := r.Error
		if text != "" && r.Diff != "" {
			text += "\n"
		}
		text += r.Diff
		p := &junitProblem{Message: r.Error, Text: text}
		switch r.Status {
		case caseFailed:
			if p.Message == "" {
				p.Message = "the trace differs from " + goldenFile
			}
			c.Failure = p
		case caseInvalid:
			c.Error = p
		case caseUpdated:
			c.SystemOut = &junitText{"updated " + goldenFile + "\n" + r.Diff}
		}
		s.Cases = append(s.Cases, c)
	}
	return s
}
