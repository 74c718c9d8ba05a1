package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
)

// caseRoots are the directories of the repository's test cases, from
// this package's directory.
var caseRoots = []string{"../../testdata", "../../shops"}

// TestCases runs every test case of the repository as a subtest, as
// `sevenflow test testdata shops` does; with -update it rewrites their
// goldens as `sevenflow test --update` does (and fails the same cases).
// Then it checks the branch coverage the cases give: every branch of
// every pipeline under test, each shipped pipeline with a decision among
// them, and that without one case (the only one that runs the analytics
// workflow) the coverage drops and --coverage-min 100 fails.
func TestCases(t *testing.T) {
	t.Parallel()
	dirs, err := caseDirs(caseRoots)
	if err != nil || len(dirs) < 20 {
		t.Fatalf("found %d cases: %v", len(dirs), err)
	}
	covers := runCases(t, pipelines.FS, dirs, *update)
	all := newCoverage()
	for _, c := range covers {
		all.merge(c)
	}
	r := all.report()
	if r.Covered != r.Total {
		var table bytes.Buffer
		_ = r.writeTable(&table)
		t.Errorf("branch coverage %d of %d, want every branch taken:\n%s", r.Covered, r.Total, table.String())
	}
	for _, file := range shippedWithDecisions(t) {
		found := false
		for _, f := range r.Files {
			found = found || f.File == file
		}
		if !found {
			t.Errorf("no case runs %s: its branches are not covered", file)
		}
	}

	const dropped = "../../shops/cases/analytics-de-berlin-paid"
	without := newCoverage()
	for dir, c := range covers {
		if dir != dropped {
			without.merge(c)
		}
	}
	if covers[dropped] == nil {
		t.Fatalf("no case %s", dropped)
	}
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr}
	below, err := reportCoverage(e, without, "text", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if wr := without.report(); wr.Covered >= r.Covered || !below {
		t.Errorf("without %s: %d of %d branches, below 100%%: %t; want fewer than %d and below", dropped, wr.Covered, wr.Total, below, r.Covered)
	}
	if !strings.Contains(stderr.String(), "is below --coverage-min 100%") {
		t.Errorf("stderr %q: want the coverage-min message", stderr.String())
	}
}

// TestCasesShippedLineMoves runs the cases that run customs.yaml (their
// goldens show its steps) on a copy of the shipped pipelines whose
// customs.yaml has one more line at the top: no golden may change, since
// goldens name a shipped pipeline's steps by path, never by line. The
// coverage of those runs shows that they did use the copy: every decision
// of customs.yaml is one line further down.
func TestCasesShippedLineMoves(t *testing.T) {
	t.Parallel()
	src, err := fs.ReadFile(pipelines.FS, "customs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	moved := fstest.MapFS{}
	err = fs.WalkDir(pipelines.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(pipelines.FS, path)
		moved[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	moved["customs.yaml"] = &fstest.MapFile{Data: append([]byte("# one more line at the top\n"), src...)}
	all, err := caseDirs(caseRoots)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, dir := range all {
		if golden, err := os.ReadFile(filepath.Join(dir, goldenFile)); err == nil && bytes.Contains(golden, []byte(" customs#")) {
			dirs = append(dirs, dir)
		}
	}
	if len(dirs) < 5 {
		t.Fatalf("%d cases run customs.yaml", len(dirs))
	}
	lines := func(covers map[string]*coverage) []int {
		c := newCoverage()
		for _, x := range covers {
			c.merge(x)
		}
		var out []int
		for _, b := range c.report().Branches {
			if b.File == "pipelines/customs.yaml" && b.Case != "default" {
				out = append(out, b.Line)
			}
		}
		sort.Ints(out)
		return out
	}
	after := lines(runCases(t, moved, dirs, false))
	want := shippedDecisionLines(t, "customs.yaml", src)
	for i := range want {
		want[i]++
	}
	sort.Ints(want)
	if len(want) == 0 || !slices.Equal(after, want) {
		t.Errorf("customs.yaml decisions at lines %v in the runs, want %v (one line down)", after, want)
	}
}

// TestCasesFromAnyDirectory runs cases from the repository's root and
// from a directory below it: their goldens hold positions in the
// merchant's files (the input, a pipeline of testdata) and in shipped
// pipelines, and must match from both.
func TestCasesFromAnyDirectory(t *testing.T) {
	cases := []string{"example-ch-basel-own-label-no-tracking-code", "routing-invalid-input"}
	for _, wd := range []struct{ dir, prefix string }{{"../..", "testdata/cases/"}, {"../../testdata/cases", ""}} {
		t.Run(wd.dir, func(t *testing.T) {
			t.Chdir(wd.dir)
			args := []string{"test"}
			for _, c := range cases {
				args = append(args, wd.prefix+c)
			}
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
				t.Errorf("sevenflow %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
			}
		})
	}
}

// TestGoldensHoldNoLinesOfShippedPipelines checks every golden of the
// repository: no position inside a shipped pipeline (pipelines/NAME.yaml
// with a line), and no absolute path.
func TestGoldensHoldNoLinesOfShippedPipelines(t *testing.T) {
	t.Parallel()
	dirs, err := caseDirs(caseRoots)
	if err != nil {
		t.Fatal(err)
	}
	shippedLine := regexp.MustCompile(`(^|[^A-Za-z0-9_./-])pipelines/[a-z0-9-]+\.yaml:[0-9]`)
	abs := regexp.MustCompile(`(^|[ (])/(home|tmp|work|root|Users)/`)
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, goldenFile))
		if err != nil {
			t.Error(err)
			continue
		}
		golden := string(data)
		if m := shippedLine.FindString(golden); m != "" {
			t.Errorf("%s: a line of a shipped pipeline: %q", dir, m)
		}
		if m := abs.FindString(golden); m != "" {
			t.Errorf("%s: an absolute path: %q", dir, m)
		}
	}
}

// runCases runs the cases in dirs as parallel subtests, with shipped as
// the shipped pipelines, failing each that fails; with update it rewrites
// goldens. It returns each case's coverage, by directory.
func runCases(t *testing.T, shipped fs.FS, dirs []string, update bool) map[string]*coverage {
	t.Helper()
	covers := map[string]*coverage{}
	for _, dir := range dirs {
		covers[dir] = newCoverage()
	}
	t.Run("case", func(t *testing.T) {
		for _, dir := range dirs {
			name := strings.TrimPrefix(filepath.ToSlash(dir), "../../")
			tr := &tester{e: quietEnv(), update: update, shipped: shipped, cover: covers[dir]}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				r := tr.run(context.Background(), dir)
				switch r.Status {
				case caseOK:
				case caseUpdated:
					t.Logf("updated %s\n%s", goldenFile, r.Diff)
				default:
					t.Errorf("%s\n%s\n%s", r.Status, r.Error, r.Diff)
				}
			})
		}
	})
	return covers
}

// shippedWithDecisions returns the shipped pipelines that have a `when`,
// as coverage names them.
func shippedWithDecisions(t testing.TB) []string {
	t.Helper()
	var files []string
	entries, err := fs.ReadDir(pipelines.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := fs.ReadFile(pipelines.FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".yaml") && len(shippedDecisionLines(t, e.Name(), src)) > 0 {
			files = append(files, "pipelines/"+e.Name())
		}
	}
	return files
}

// shippedDecisionLines returns the lines of the `when` expressions of the
// shipped pipeline file, in order, by loading it on its own.
func shippedDecisionLines(t testing.TB, file string, src []byte) []int {
	t.Helper()
	p, err := engine.Load("pipelines/"+file, src, engine.WithFS("pipelines", pipelines.FS))
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	var lines []int
	var walk func([]*engine.Step)
	walk = func(steps []*engine.Step) {
		for _, s := range steps {
			if s.When != nil && s.Pos.File == p.File {
				lines = append(lines, s.When.Pos.Line)
			}
			for _, c := range s.Cases {
				if c.When != nil && c.Pos.File == p.File {
					lines = append(lines, c.When.Pos.Line)
				}
				walk(c.Steps)
			}
			walk(s.Steps)
		}
	}
	walk(p.Steps)
	return lines
}

// quietEnv is an env with no input and whose output is thrown away.
func quietEnv() *env {
	return &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
}
