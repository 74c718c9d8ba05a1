package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/sevenflow/sevenflow/engine"
)

var testCommand = command{
	name:    "test",
	usage:   "test [PATH...] [--update] [--format text|json|junit]",
	summary: "run the test cases (case.yaml and trace.golden) under each PATH against the simulator",
	run:     runTest,
}

// caseResult is how one test case went, as `test --format json` prints it.
type caseResult struct {
	Case   string `json:"case"`
	Status string `json:"status"` // ok, updated, failed or invalid
	Diff   string `json:"diff,omitempty"`
	Error  string `json:"error,omitempty"`
}

// The statuses of a caseResult.
const (
	caseOK      = "ok"
	caseUpdated = "updated"
	caseFailed  = "failed"
	caseInvalid = "invalid"
)

func runTest(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	update := fs.Bool("update", false, "rewrite each case's trace.golden with the trace of this run (and create missing ones)")
	format := fs.String("format", "text", "output: text (a line per case, a diff per failure), json or junit")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" && *format != "junit" {
		return usageErrorf("run 'sevenflow test --help'", "unknown --format %q (want text, json or junit)", *format)
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
	var results []caseResult
	passed, failures, invalids := 0, 0, 0
	for _, dir := range dirs {
		r := testOne(ctx, e, dir, *update)
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
		out := struct {
			Cases   []caseResult `json:"cases"`
			Passed  int          `json:"passed"`
			Failed  int          `json:"failed"`
			Invalid int          `json:"invalid"`
		}{results, passed, failures, invalids}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	case "junit":
		if err := writeJUnit(e.stdout, junitTests(results)); err != nil {
			return err
		}
	default:
		fmt.Fprintf(e.stdout, "%d passed, %d failed\n", passed, failures+invalids)
	}
	switch {
	case invalids > 0:
		return errSilent(exitInvalid)
	case failures > 0:
		return errSilent(exitFailed)
	}
	return nil
}

// printResult prints one case's line and, for a failure, the diff or the
// error under it.
func printResult(e *env, r caseResult) {
	switch r.Status {
	case caseOK:
		fmt.Fprintf(e.stdout, "ok   %s\n", r.Case)
	case caseUpdated:
		fmt.Fprintf(e.stdout, "ok   %s (updated %s)\n", r.Case, goldenFile)
	default:
		fmt.Fprintf(e.stdout, "FAIL %s\n", r.Case)
		if r.Error != "" {
			fmt.Fprintf(e.stdout, "%s\n", strings.TrimSuffix(r.Error, "\n"))
		}
		fmt.Fprint(e.stdout, r.Diff)
	}
}

// testOne runs the case in dir against a fresh simulator and compares its
// trace with the golden one, or with update writes the trace as the
// golden one.
func testOne(ctx context.Context, e *env, dir string, update bool) caseResult {
	r := caseResult{Case: dir}
	tc, err := readCase(dir)
	if err != nil {
		r.Status, r.Error = caseInvalid, err.Error()
		return r
	}
	got, err := tc.run(ctx, e)
	if err != nil {
		r.Status, r.Error = caseInvalid, err.Error()
		return r
	}
	golden := filepath.Join(dir, goldenFile)
	want, err := os.ReadFile(golden)
	switch {
	case update && bytes.Equal(got, want):
		r.Status = caseOK
	case update:
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			r.Status, r.Error = caseFailed, fmt.Sprintf("write %s: %s", golden, err)
			return r
		}
		r.Status = caseUpdated
	case errors.Is(err, fs.ErrNotExist):
		r.Status, r.Error = caseFailed, fmt.Sprintf("%s: missing: run 'sevenflow test --update %s' to write it", golden, dir)
	case err != nil:
		r.Status, r.Error = caseFailed, fmt.Sprintf("read %s", err)
	case bytes.Equal(got, want):
		r.Status = caseOK
	default:
		r.Status, r.Diff = caseFailed, string(diff.Diff(golden, want, "got", got))
	}
	return r
}

// run runs the case the way `sevenflow run --target sim` would, against a
// simulator of its own, and returns what run prints in text format, with
// the simulator's port replaced (see simOrigin). A pipeline that does not
// compile, or an input that cannot be read, is an error that says where.
func (tc *testCase) run(ctx context.Context, e *env) ([]byte, error) {
	p, loadErr := loadPipeline(tc.Pipeline)
	if loadErr != nil && engine.Errors(loadErr) == nil {
		return nil, fmt.Errorf("%s: %s: %w", filepath.Join(tc.Dir, caseFile), keyPipeline, loadErr)
	}
	reg, err := registry()
	if err != nil {
		return nil, err
	}
	var errs bytes.Buffer
	prog, err := compileLoaded(&errs, reg, p, loadErr)
	var settings map[string]any
	if err == nil {
		opts := settingsOptions(tc.Settings)
		if settings, err = prog.CheckSettings(opts...); engine.Errors(err) != nil {
			printErrors(&errs, engine.Errors(err))
		}
	}
	if err != nil {
		if errs.Len() > 0 {
			return nil, errors.New(strings.TrimSuffix(errs.String(), "\n"))
		}
		return nil, err
	}
	orders, err := readOrders(e, tc.Input)
	if err != nil {
		return nil, err
	}
	rn, err := newRunner(ctx, e, prog, runnerConfig{target: targetSim, settings: settings, opts: settingsOptions(tc.Settings), preflight: true})
	if err != nil {
		return nil, err
	}
	defer rn.close()
	if err := tc.setup(ctx, e, rn); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, o := range orders {
		if err := rn.writeText(&out, rn.run(ctx, o)); err != nil {
			return nil, err
		}
	}
	return simOrigin.ReplaceAll(out.Bytes(), []byte(stableSimOrigin)), nil
}

// setup does the case's setup steps on the runner's simulator. A run
// that fails, or an admin request that is not 2xx, fails the case.
func (tc *testCase) setup(ctx context.Context, e *env, rn *runner) error {
	for _, st := range tc.Setup {
		if st.Run != "" {
			orders, err := readOrders(e, st.Run)
			if err != nil {
				return err
			}
			for _, o := range orders {
				if res := rn.run(ctx, o); res.trace.Err != nil {
					return fmt.Errorf("%s: setup run of %s: %w", st.Pos, st.Run, res.trace.Err)
				}
			}
			continue
		}
		req, err := http.NewRequestWithContext(ctx, st.Method, rn.origin+st.Path, strings.NewReader(st.Body))
		if err != nil {
			return fmt.Errorf("%s: %w", st.Pos, err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("%s: %w", st.Pos, err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			return fmt.Errorf("%s: %s %s: %s: %s", st.Pos, st.Method, st.Path, resp.Status, strings.TrimSpace(string(body)))
		}
	}
	return nil
}

// simOrigin matches the origin of the in-process simulator, whose port is
// picked afresh for every case. The simulator puts it in the URLs it
// returns (a label's download_url), so a case's trace holds it in place of
// the port.
var simOrigin = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// stableSimOrigin is what simOrigin becomes in a case's trace.
const stableSimOrigin = "http://127.0.0.1:PORT"
