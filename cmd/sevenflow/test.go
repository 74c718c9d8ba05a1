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
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/engine"
)

var testCommand = command{
	name:    "test",
	usage:   "test [PATH...] [--update] [--format text|json|junit]",
	summary: "run the test cases (case.yaml and trace.golden) under each PATH against the simulator",
	run:     runTest,
}

// The files of a test case directory.
const (
	caseFile   = "case.yaml"
	goldenFile = "trace.golden"
)

// The keys of case.yaml.
const (
	keyPipeline    = "pipeline"
	keyInput       = "input"
	keySettings    = "settings"
	keySet         = "set"
	keyDescription = "description"
)

// testCase is one test case: a directory with a case.yaml, and in it the
// pipeline to run (a file relative to the directory, or a shipped
// pipeline's name), the input file (relative to the directory), settings
// deep-merged over the pipeline's, --set style KEY=VALUE overrides applied
// after them, and a description. trace.golden next to case.yaml holds the
// text trace that `sevenflow run` prints for it against a fresh simulator.
type testCase struct {
	Dir         string
	Pipeline    string // a path as loadPipeline takes it
	Input       string // a path
	Settings    map[string]any
	Description string
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
	sess, err := openSession(ctx, e, "sim")
	if err != nil {
		return nil, err
	}
	defer sess.close()
	var errs bytes.Buffer
	prog, err := compileLoaded(&errs, sess.reg, p, loadErr)
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
	var out bytes.Buffer
	for _, order := range orders {
		trace, _ := prog.Run(ctx, order, engine.WithSettings(tc.Settings))
		if err := writeTextTrace(&out, trace); err != nil {
			return nil, err
		}
	}
	return simOrigin.ReplaceAll(out.Bytes(), []byte(stableSimOrigin)), nil
}

// simOrigin matches the origin of the in-process simulator, whose port is
// picked afresh for every case. The simulator puts it in the URLs it
// returns (a label's download_url), so a case's trace holds it in place of
// the port.
var simOrigin = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// stableSimOrigin is what simOrigin becomes in a case's trace.
const stableSimOrigin = "http://127.0.0.1:PORT"

// caseDirs returns the directories under paths that hold a case.yaml,
// sorted and each once. A path may also name a case.yaml itself. Hidden
// directories are skipped.
func caseDirs(paths []string) ([]string, error) {
	seen := map[string]bool{}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, invalid(err)
		}
		if !info.IsDir() {
			if filepath.Base(root) != caseFile {
				return nil, usageErrorf("PATH is a directory of test cases or a "+caseFile, "%s is not a %s", root, caseFile)
			}
			seen[filepath.Dir(root)] = true
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && d.Name() == caseFile {
				seen[filepath.Dir(path)] = true
			}
			return nil
		})
		if err != nil {
			return nil, invalid(err)
		}
	}
	return sortedKeys(seen), nil
}

// readCase reads and checks dir/case.yaml. Its errors name the file, line
// and column.
func readCase(dir string) (*testCase, error) {
	file := filepath.Join(dir, caseFile)
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	errAt := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s: %s", engine.Pos{File: file, Line: n.Line, Col: n.Column}, fmt.Sprintf(format, args...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: a test case is a map with the keys pipeline, input, and optionally settings, set and description", file)
	}
	root := doc.Content[0]
	tc := &testCase{Dir: dir, Settings: map[string]any{}}
	var sets []*yaml.Node
	found := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if found[k.Value] != nil {
			return nil, errAt(k, "%s given twice", k.Value)
		}
		found[k.Value] = v
		switch k.Value {
		case keyPipeline, keyInput, keyDescription:
			if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || v.Value == "" {
				return nil, errAt(v, "%s is a string", k.Value)
			}
		case keySettings:
			if v.Kind != yaml.MappingNode {
				return nil, errAt(v, "settings is a map of settings deep-merged over the pipeline's")
			}
			if err := v.Decode(&tc.Settings); err != nil {
				return nil, errAt(v, "settings: %s", err)
			}
		case keySet:
			if v.Kind != yaml.SequenceNode {
				return nil, errAt(v, "set is a list of KEY=VALUE strings")
			}
			sets = v.Content
		default:
			return nil, errAt(k, "unknown key %q (want pipeline, input, settings, set or description)", k.Value)
		}
	}
	for _, key := range []string{keyPipeline, keyInput} {
		if found[key] == nil {
			return nil, errAt(root, "missing key %q", key)
		}
	}
	if n := found[keyDescription]; n != nil {
		tc.Description = n.Value
	}
	tc.Pipeline = found[keyPipeline].Value
	if path := inDir(dir, tc.Pipeline); fileExists(path) {
		tc.Pipeline = path
	}
	tc.Input = inDir(dir, found[keyInput].Value)
	if !fileExists(tc.Input) {
		return nil, errAt(found[keyInput], "input %s: no such file", tc.Input)
	}
	for _, s := range sets {
		if s.Kind != yaml.ScalarNode {
			return nil, errAt(s, "set is a list of KEY=VALUE strings")
		}
		if err := applySet(tc.Settings, s.Value); err != nil {
			return nil, errAt(s, "%s", err)
		}
	}
	return tc, nil
}

// inDir returns path, relative to dir unless it is absolute.
func inDir(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// fileExists reports whether path is a file (not a directory).
func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// junitTests is the JUnit suite of test results: one test case per case
// directory.
func junitTests(results []caseResult) junitSuite {
	s := junitSuite{Name: "sevenflow test"}
	for _, r := range results {
		c := junitCase{Name: r.Case, ClassName: "sevenflow"}
		p := &junitProblem{Message: r.Error, Text: r.Error + r.Diff}
		switch r.Status {
		case caseFailed:
			if p.Message == "" {
				p.Message = "the trace differs from " + goldenFile
			}
			c.Failure = p
		case caseInvalid:
			c.Error = p
		}
		s.Cases = append(s.Cases, c)
	}
	return s
}
