package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"text/tabwriter"

	"github.com/sevenflow/sevenflow/engine"
)

// coverage collects the branch coverage of `sevenflow test --coverage`:
// the branches of every pipeline the cases run (and of the pipelines they
// extend and use), and which of them the cases' runs took. A branch is
// one way a decision can go: a `when` (of a step or a switch case) being
// true, or false, and a switch's default case (written or not) being
// taken, which happens when its last `when` is false. The branches come
// from the pipeline's structure, so a branch that no case reaches counts
// as not taken. Only the runs a trace.golden holds count: the run on the
// target, or the preflight run that stopped the order; a case's setup
// runs do not. It is safe for concurrent use.
type coverage struct {
	mu       sync.Mutex
	branches map[branchKey]*branch
	seen     map[*engine.Pipeline]bool
	taken    map[takenKey]bool
}

// branchKey identifies a decision: a `when` by its expression's position,
// a switch's default by the position of the case (or, when not written,
// of the switch step).
type branchKey struct {
	file      string
	line, col int
	isDefault bool
}

// takenKey is one evaluation result of a `when`.
type takenKey struct {
	file      string
	line, col int
	value     bool
}

// branch is one decision of a pipeline and its branches.
type branch struct {
	key  branchKey
	step string // the path of its step in its own file
	kind string // "when" (a step's), "case N" (a switch case's), "default"
	expr string
	last engine.Pos // for a default: the position of the switch's last `when`
}

// newCoverage returns an empty coverage.
func newCoverage() *coverage {
	return &coverage{branches: map[branchKey]*branch{}, seen: map[*engine.Pipeline]bool{}, taken: map[takenKey]bool{}}
}

// record adds the branches of prog's pipeline and marks those the run
// traced by t took.
func (c *coverage) record(prog *engine.Program, t *engine.Trace) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addSteps(prog.Pipeline().Steps, "")
	for _, e := range t.Events {
		if cond, ok := e.(engine.Condition); ok {
			c.taken[takenKey{cond.Pos.File, cond.Pos.Line, cond.Pos.Col, cond.Value}] = true
		}
	}
}

// merge adds the branches of o, and those it took, to c.
func (c *coverage) merge(o *coverage) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, b := range o.branches {
		if _, ok := c.branches[k]; !ok {
			c.branches[k] = b
		}
	}
	for k := range o.taken {
		c.taken[k] = true
	}
}

// addSteps adds the decisions of steps, whose paths start with prefix,
// and of the steps nested in them and in the pipelines they use.
func (c *coverage) addSteps(steps []*engine.Step, prefix string) {
	for _, s := range steps {
		path := joinPath(prefix, s.ID)
		if s.When != nil {
			c.add(&branch{key: whenKey(s.When), step: path, kind: "when", expr: s.When.Src})
		}
		var last *engine.Expr
		var dflt *engine.Case
		for i, k := range s.Cases {
			if k.When == nil {
				dflt = k
				continue
			}
			last = k.When
			c.add(&branch{key: whenKey(k.When), step: path, kind: fmt.Sprintf("case %d", i+1), expr: k.When.Src})
		}
		if last != nil {
			at := s.Pos
			if dflt != nil {
				at = dflt.Pos
			}
			c.add(&branch{key: branchKey{at.File, at.Line, at.Col, true}, step: path, kind: "default", last: last.Pos})
		}
		for _, k := range s.Cases {
			c.addSteps(k.Steps, prefix)
		}
		inner := prefix
		if s.Kind == engine.KindForeach {
			inner = path
		}
		c.addSteps(s.Steps, inner)
		if s.Sub != nil && !c.seen[s.Sub] {
			c.seen[s.Sub] = true
			c.addSteps(s.Sub.Steps, "")
		}
	}
}

// add adds b unless its decision is known.
func (c *coverage) add(b *branch) {
	if _, ok := c.branches[b.key]; !ok {
		c.branches[b.key] = b
	}
}

// whenKey is the key of the decision of a `when`.
func whenKey(e *engine.Expr) branchKey {
	return branchKey{e.Pos.File, e.Pos.Line, e.Pos.Col, false}
}

// coverageReport is the branch coverage as --coverage-out writes it.
type coverageReport struct {
	Covered  int              `json:"covered"` // branches taken
	Total    int              `json:"total"`   // branches
	Percent  float64          `json:"percent"`
	Files    []fileCoverage   `json:"files"`
	Branches []branchCoverage `json:"branches"`
}

// fileCoverage is the coverage of one pipeline file.
type fileCoverage struct {
	File    string  `json:"file"`
	Covered int     `json:"covered"`
	Total   int     `json:"total"`
	Percent float64 `json:"percent"`
}

// branchCoverage is one decision of a coverageReport and which of its
// branches were taken: "true" and "false" for a `when`, "default" for a
// switch's default case.
type branchCoverage struct {
	File  string          `json:"file"`
	Line  int             `json:"line"`
	Col   int             `json:"col"`
	Step  string          `json:"step"`
	Case  string          `json:"case"` // when, case N or default
	Expr  string          `json:"expr,omitempty"`
	Taken map[string]bool `json:"taken"`
}

// report returns the coverage so far, by file, line and column. Files of
// shipped pipelines are named as in positions (pipelines/NAME.yaml), the
// others relative to the working directory.
func (c *coverage) report() coverageReport {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := coverageReport{Files: []fileCoverage{}, Branches: []branchCoverage{}}
	files := map[string]*fileCoverage{}
	for _, b := range c.branches {
		bc := branchCoverage{File: workdirFile(b.key.file), Line: b.key.line, Col: b.key.col, Step: b.step, Case: b.kind, Expr: b.expr}
		if b.key.isDefault {
			bc.Taken = map[string]bool{"default": c.taken[takenKey{b.last.File, b.last.Line, b.last.Col, false}]}
		} else {
			k := takenKey{b.key.file, b.key.line, b.key.col, true}
			bc.Taken = map[string]bool{"true": c.taken[k]}
			k.value = false
			bc.Taken["false"] = c.taken[k]
		}
		f := files[bc.File]
		if f == nil {
			f = &fileCoverage{File: bc.File}
			files[bc.File] = f
		}
		for _, ok := range bc.Taken {
			f.Total++
			if ok {
				f.Covered++
			}
		}
		r.Branches = append(r.Branches, bc)
	}
	sort.Slice(r.Branches, func(i, j int) bool {
		a, b := r.Branches[i], r.Branches[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	for _, name := range sortedKeys(files) {
		f := files[name]
		f.Percent = percent(f.Covered, f.Total)
		r.Files = append(r.Files, *f)
		r.Covered += f.Covered
		r.Total += f.Total
	}
	r.Percent = percent(r.Covered, r.Total)
	return r
}

// below reports whether the coverage is below min percent.
func (r coverageReport) below(min float64) bool {
	return float64(r.Covered)*100 < min*float64(r.Total)
}

// percent is covered of total in percent, rounded to one decimal; 100
// when there is nothing to cover.
func percent(covered, total int) float64 {
	if total == 0 {
		return 100
	}
	return float64(covered*1000/total) / 10
}

// writeTable writes the coverage as a table: one line per decision with
// the branches it took ("-" where a decision has no such branch), then
// one line per file and the total.
func (r coverageReport) writeTable(w io.Writer) error {
	if _, err := fmt.Fprintln(w, "branch coverage:"); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  file:line\tstep\tbranch\ttrue\tfalse")
	yes := func(taken, ok bool) string {
		switch {
		case !ok:
			return "-"
		case taken:
			return "yes"
		}
		return "NO"
	}
	for _, b := range r.Branches {
		t, hasT := b.Taken["true"]
		f, hasF := b.Taken["false"]
		if d, ok := b.Taken["default"]; ok {
			t, hasT = d, true
		}
		fmt.Fprintf(tw, "  %s:%d\t%s\t%s\t%s\t%s\n", b.File, b.Line, b.Step, b.Case, yes(t, hasT), yes(f, hasF))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, f := range r.Files {
		fmt.Fprintf(tw, "  %s\t%5.1f%%\t%d of %d branches\n", f.File, f.Percent, f.Covered, f.Total)
	}
	fmt.Fprintf(tw, "  total\t%5.1f%%\t%d of %d branches\n", r.Percent, r.Covered, r.Total)
	return tw.Flush()
}

// reportCoverage prints the coverage table (on stdout in text format, on
// stderr otherwise, where it would break the report), writes the JSON to
// out if it is not "", and reports whether the coverage is below min.
func reportCoverage(e *env, c *coverage, format, out string, min float64) (bool, error) {
	r := c.report()
	table := e.stdout
	if format != "text" {
		table = e.stderr
	}
	if err := r.writeTable(table); err != nil {
		return false, err
	}
	if out != "" {
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return false, err
		}
		if err := os.WriteFile(out, append(data, '\n'), 0o644); err != nil {
			return false, fmt.Errorf("write coverage: %w", err)
		}
	}
	if r.below(min) {
		fmt.Fprintf(e.stderr, "sevenflow test: branch coverage %.1f%% is below --coverage-min %g%%\n", r.Percent, min)
		return true, nil
	}
	return false, nil
}

// workdirFile is a pipeline file as coverage names it: relative to the
// working directory when below it.
func workdirFile(file string) string {
	return workdirPos(engine.Pos{File: file})
}
