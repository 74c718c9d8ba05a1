package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/sevenflow/sevenflow/pipelines"
)

var testCommand = command{
	name: "test",
	usage: "test [PATH...] [--update] [--format text|json|junit]\n" +
		"              [--coverage] [--coverage-out FILE] [--coverage-min PCT] [--limit NAME=VALUE]...",
	summary: "run the test cases (case.yaml and trace.golden) under each PATH against the simulator",
	run:     runTest,
}

// caseResult is how one test case went; `test --format json` prints one
// per line.
type caseResult struct {
	Name     string `json:"name"`               // the case's directory, as found under PATH
	Status   string `json:"status"`             // ok, updated, failed or invalid
	Expected string `json:"expected,omitempty"` // the case's expect: ok or failed ("" if invalid)
	Run      string `json:"run,omitempty"`      // how its runs ended: ok, or failed if one failed
	Diff     string `json:"diff,omitempty"`     // the unified diff of trace.golden and the trace
	Error    string `json:"error,omitempty"`    // why it failed or is invalid
}

// The statuses of a caseResult.
const (
	caseOK      = "ok"
	caseUpdated = "updated"
	caseFailed  = "failed"
	caseInvalid = "invalid"
)

func runTest(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	update := fs.Bool("update", false, "rewrite each case's trace.golden that differs (and create missing ones), printing the diff; a case whose run does not end as its expect says still fails")
	format := fs.String("format", "text", "output: text (a line per case, a diff per failure), json (an object per case, one a line) or junit (JUnit XML)")
	coverage := fs.Bool("coverage", false, "report which branches of the pipelines under test the cases took: every when both true and false, every switch's default")
	coverageOut := fs.String("coverage-out", "", "write the branch coverage as JSON to `FILE` (implies --coverage)")
	coverageMin := fs.Float64("coverage-min", 0, "fail (exit 1) when the branch coverage is below `PCT` percent (implies --coverage)")
	var limits limitFlags
	fs.Var(&limits, "limit", "set one limit over the pipelines': `NAME=VALUE`, such as memory_bytes=128MiB (repeatable; docs/security.md lists them)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	const hint = "run 'sevenflow test --help'"
	switch {
	case *format != "text" && *format != "json" && *format != "junit":
		return usageErrorf(hint, "unknown --format %q (want text, json or junit)", *format)
	case *coverageMin < 0 || *coverageMin > 100:
		return usageErrorf(hint, "--coverage-min %g: want a percentage from 0 to 100", *coverageMin)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	dirs, err := caseDirs(paths)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return usageErrorf("a test case is a directory with a "+caseFile+" and a "+goldenFile, "no test cases under %s", strings.Join(paths, " "))
	}
	t := &tester{e: e, update: *update, shipped: pipelines.FS, limits: limits}
	if *coverage || *coverageOut != "" || *coverageMin > 0 {
		t.cover = newCoverage()
	}
	var results []caseResult
	passed, failures, invalids := 0, 0, 0
	for _, dir := range dirs {
		r := t.run(ctx, dir)
		switch r.Status {
		case caseOK, caseUpdated:
			passed++
		case caseFailed:
			failures++
		case caseInvalid:
			invalids++
		}
		if *format == "text" {
			printResult(e, r)
		}
		results = append(results, r)
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, r := range results {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	case "junit":
		if err := writeJUnit(e.stdout, junitTests(results)); err != nil {
			return err
		}
	default:
		fmt.Fprintf(e.stdout, "%d passed, %d failed\n", passed, failures+invalids)
	}
	below := false
	if t.cover != nil {
		if below, err = reportCoverage(e, t.cover, *format, *coverageOut, *coverageMin); err != nil {
			return err
		}
	}
	switch {
	case invalids > 0:
		return errSilent(exitInvalid)
	case failures > 0 || below:
		return errSilent(exitFailed)
	}
	return nil
}

// printResult prints one case's line and, under it, why it failed and
// the diff of its golden, or the diff --update wrote.
func printResult(e *env, r caseResult) {
	switch r.Status {
	case caseOK:
		fmt.Fprintf(e.stdout, "ok   %s\n", r.Name)
		return
	case caseUpdated:
		fmt.Fprintf(e.stdout, "ok   %s (updated %s)\n", r.Name, goldenFile)
	default:
		fmt.Fprintf(e.stdout, "FAIL %s\n", r.Name)
		if r.Error != "" {
			fmt.Fprintf(e.stdout, "%s\n", strings.TrimSuffix(r.Error, "\n"))
		}
	}
	fmt.Fprint(e.stdout, r.Diff)
}

// tester runs test cases.
type tester struct {
	e       *env
	update  bool       // rewrite goldens that differ
	shipped fs.FS      // the shipped pipelines: pipelines.FS, or a test's copy
	cover   *coverage  // nil: no coverage
	limits  limitFlags // --limit
}

// run runs the case in dir against a fresh simulator and checks it: its
// runs must end as its expect says, and its trace must be trace.golden.
// With update, a trace that differs is written as trace.golden, unless
// the runs did not end as expected: an unexpected failure (or success)
// fails the case and writes nothing, so that --update never turns a
// failure into a pass.
func (t *tester) run(ctx context.Context, dir string) caseResult {
	r := caseResult{Name: dir}
	tc, err := readCase(dir)
	if err != nil {
		r.Status, r.Error = caseInvalid, err.Error()
		return r
	}
	r.Expected = tc.Expect
	got, err := t.runCase(ctx, tc)
	if err != nil {
		r.Status, r.Error = caseInvalid, err.Error()
		return r
	}
	r.Run = expectOK
	if got.failed() {
		r.Run = expectFailed
	}
	golden := filepath.Join(dir, goldenFile)
	want, err := os.ReadFile(golden)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		r.Status, r.Error = caseFailed, fmt.Sprintf("read %s", err)
		return r
	}
	differs := missing || !bytes.Equal(got.text, want)
	if differs {
		r.Diff = string(diff.Diff(golden, want, "got", got.text))
	}
	switch msg := tc.unexpected(got); {
	case msg != "":
		r.Status, r.Error = caseFailed, msg
		if missing {
			r.Diff = ""
		}
	case !differs:
		r.Status = caseOK
	case t.update:
		if err := os.WriteFile(golden, got.text, 0o644); err != nil {
			r.Status, r.Error = caseFailed, fmt.Sprintf("write %s: %s", golden, err)
			return r
		}
		r.Status = caseUpdated
	case missing:
		r.Status, r.Diff = caseFailed, ""
		r.Error = fmt.Sprintf("%s: missing: run 'sevenflow test --update %s' to write it", golden, dir)
	default:
		r.Status = caseFailed
	}
	return r
}

// unexpected says how the case's runs did not end as its expect says, or
// "" if they did.
func (tc *testCase) unexpected(got *caseRun) string {
	switch {
	case tc.Expect == expectOK && got.failed():
		return fmt.Sprintf("expect: ok, but the run failed: %s", got.errs[0])
	case tc.Expect == expectFailed && !got.failed():
		return fmt.Sprintf("expect: failed with %q, but the run succeeded", tc.Error)
	case tc.Expect == expectFailed:
		for _, msg := range got.errs {
			if !strings.Contains(msg, tc.Error) {
				return fmt.Sprintf("expect: failed with %q, but the run failed with: %s", tc.Error, msg)
			}
		}
	}
	return ""
}
