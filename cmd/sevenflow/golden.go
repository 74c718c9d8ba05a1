package main

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// goldenForm is how a test case's trace.golden renders positions, so that
// a golden is the same from any working directory and on any machine, and
// does not change when a shipped pipeline gains a line:
//
//   - a position in a shipped pipeline is the pipeline's name and the path
//     of the step it is in, with no line or column: "dispatch#label"
//     ("dispatch" alone outside any step);
//   - a position in any other file is file:line:col with the file relative
//     to the case's root (see caseRoot), in forward slashes;
//   - a position that names no file on disk (a --set flag, stdin) is kept.
type goldenForm struct {
	root    string                 // absolute
	shipped func(file string) bool // the pipeline's Shipped
	steps   map[string][]stepSpan  // by shipped file: its steps
	abs     map[string]string      // the absolute path of each file seen, "" if none
}

// stepSpan is where one step of a shipped file is: from its position up
// to (not including) end, the position of the next step that is not
// inside it (zero: the end of the file).
type stepSpan struct {
	at, end engine.Pos
	path    string // the step's path in its own file: ids of enclosing foreach steps, then its id
}

// newGoldenForm returns the golden form of positions for the runs of p,
// a case's pipeline, with root as the case's root.
func newGoldenForm(root string, p *engine.Pipeline) *goldenForm {
	g := &goldenForm{root: root, shipped: p.Shipped, steps: map[string][]stepSpan{}, abs: map[string]string{}}
	seen := map[*engine.Pipeline]bool{p: true}
	g.addSteps(p.Steps, "", engine.Pos{}, seen)
	return g
}

// addSteps records the spans of steps (one list: top-level steps, a
// case's or a foreach's body) whose enclosing step's span ends at end,
// and those of the steps nested in them and in the pipelines they use.
// A list may mix files (a shop's steps after those of the pipeline it
// extends); each file's steps are spans among themselves.
func (g *goldenForm) addSteps(steps []*engine.Step, prefix string, end engine.Pos, seen map[*engine.Pipeline]bool) {
	byFile := map[string][]*engine.Step{}
	for _, s := range steps {
		byFile[s.Pos.File] = append(byFile[s.Pos.File], s)
	}
	for file, list := range byFile {
		sort.SliceStable(list, func(i, j int) bool { return before(list[i].Pos, list[j].Pos) })
		for i, s := range list {
			e := end
			if e.File != file {
				e = engine.Pos{}
			}
			if i+1 < len(list) {
				e = list[i+1].Pos
			}
			p := joinPath(prefix, s.ID)
			if g.shipped(file) {
				g.steps[file] = append(g.steps[file], stepSpan{at: s.Pos, end: e, path: p})
			}
			inner := prefix
			if s.Kind == engine.KindForeach {
				inner = p
			}
			var body []*engine.Step
			for _, c := range s.Cases {
				body = append(body, c.Steps...)
			}
			body = append(body, s.Steps...)
			g.addSteps(body, inner, e, seen)
			if s.Sub != nil && !seen[s.Sub] {
				seen[s.Sub] = true
				g.addSteps(s.Sub.Steps, "", engine.Pos{}, seen)
			}
		}
	}
}

// Pos renders p in the golden form.
func (g *goldenForm) Pos(p engine.Pos) string {
	if g.shipped(p.File) {
		return g.shippedPos(p)
	}
	abs, ok := g.abs[p.File]
	if !ok {
		if a, err := filepath.Abs(p.File); err == nil && p.File != "" && exists(a) {
			abs = a
		}
		g.abs[p.File] = abs
	}
	if abs == "" {
		return p.String()
	}
	if rel, err := filepath.Rel(g.root, abs); err == nil {
		abs = rel
	}
	p.File = filepath.ToSlash(abs)
	return p.String()
}

// shippedPos renders a position in a shipped file: the pipeline's name
// and the path of the innermost step that holds p.
func (g *goldenForm) shippedPos(p engine.Pos) string {
	name := strings.TrimSuffix(path.Base(p.File), ".yaml")
	best := -1
	for i, sp := range g.steps[p.File] {
		inside := !before(p, sp.at) && (sp.end == engine.Pos{} || before(p, sp.end))
		if inside && (best < 0 || before(g.steps[p.File][best].at, sp.at)) {
			best = i
		}
	}
	if best < 0 {
		return name
	}
	return name + "#" + g.steps[p.File][best].path
}

// Options returns the text options of a trace.golden: steps by path,
// positions in this form, payloads one field a line.
func (g *goldenForm) Options() engine.TextOptions {
	return engine.TextOptions{Pos: g.Pos, Paths: true, Pretty: true}
}

// caseRoot returns the root that a case's positions are relative to: the
// nearest directory at or above dir that holds go.mod or .git (the
// repository of the shop), else dir itself. dir is absolute.
func caseRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		for _, marker := range []string{"go.mod", ".git"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// before reports whether a comes before b in a file.
func before(a, b engine.Pos) bool {
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}

// joinPath joins a step path and an id.
func joinPath(prefix, id string) string {
	if prefix == "" {
		return id
	}
	return prefix + "/" + id
}

// exists reports whether path names a file or directory.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
