package tui

import (
	"fmt"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// treeRow is one row of the pipeline tree: a step, a switch case or a
// foreach iteration.
type treeRow struct {
	key    string       // unique in the tree: the step's path, path#N for a case, path[N] for an iteration
	path   string       // a step's path ("" for a case or an iteration); "[]" for iterations not run yet
	step   *engine.Step // nil for a case or an iteration
	label  string
	depth  int
	parent int // the index of the row it is under, -1 at the top
	kids   bool
}

// buildTree returns every row of p's tree as the run at s has it: the
// iterations a foreach ran so far, else its body once, with "[]" paths.
func buildTree(p *engine.Pipeline, s *snapshot) []treeRow {
	var rows []treeRow
	var add func(steps []*engine.Step, prefix string, depth, parent int)
	add = func(steps []*engine.Step, prefix string, depth, parent int) {
		for _, st := range steps {
			path := joinPath(prefix, st.ID)
			i := len(rows)
			rows = append(rows, treeRow{key: path, path: path, step: st, label: st.ID, depth: depth, parent: parent})
			switch st.Kind {
			case engine.KindSwitch:
				for n, c := range st.Cases {
					ci := len(rows)
					label := "default"
					if c.When != nil {
						label = "when " + oneLine(c.When.Src)
					}
					rows = append(rows, treeRow{key: fmt.Sprintf("%s#%d", path, n), label: label, depth: depth + 1, parent: i})
					add(c.Steps, prefix, depth+2, ci)
					rows[ci].kids = len(rows) > ci+1
				}
			case engine.KindForeach:
				iters := s.iters[path]
				if len(iters) == 0 {
					add(st.Steps, path+"[]", depth+1, i)
				}
				for _, it := range iters {
					ii := len(rows)
					key := fmt.Sprintf("%s[%d]", path, it.Index)
					rows = append(rows, treeRow{key: key, label: fmt.Sprintf("[%d] %s", it.Index, compact(it.Item)), depth: depth + 1, parent: i})
					add(st.Steps, key, depth+2, ii)
					rows[ii].kids = len(rows) > ii+1
				}
			case engine.KindUse:
				if st.Sub != nil {
					add(st.Sub.Steps, path, depth+1, i)
				}
			}
			rows[i].kids = len(rows) > i+1
		}
	}
	add(p.Steps, "", 0, -1)
	return rows
}

// visibleRows returns the indices of the rows not under a collapsed row.
func visibleRows(rows []treeRow, collapsed map[string]bool) []int {
	hidden := make([]bool, len(rows))
	var vis []int
	for i, r := range rows {
		if r.parent >= 0 && (hidden[r.parent] || collapsed[rows[r.parent].key]) {
			hidden[i] = true
			continue
		}
		vis = append(vis, i)
	}
	return vis
}

// rowStatus is the status of row r at s. A case is ok when it was taken
// (a step in it ran) and not run when its switch ended without it; an
// iteration takes the worst status of its steps.
func rowStatus(rows []treeRow, i int, s *snapshot) status {
	r := rows[i]
	if r.step != nil {
		st := s.status(r.path)
		if st == statusPending && r.parent >= 0 && passed(rowStatus(rows, r.parent, s)) {
			return statusNotRun
		}
		return st
	}
	st := statusPending
	seen := false
	for j := i + 1; j < len(rows) && under(rows, j, i); j++ {
		if rows[j].step == nil {
			continue
		}
		switch c := s.status(rows[j].path); c {
		case statusFailed:
			return statusFailed
		case statusCurrent, statusRunning:
			st, seen = statusRunning, true
		case statusOK, statusSkipped:
			if !seen {
				st, seen = statusOK, true
			}
		}
	}
	if seen {
		return st
	}
	if passed(rowStatus(rows, r.parent, s)) {
		return statusNotRun
	}
	return statusPending
}

// passed reports whether a row with status st is behind the run: rows
// under it that have not run never will.
func passed(st status) bool {
	return st != statusPending && st != statusCurrent && st != statusRunning
}

// under reports whether row j is somewhere under row i.
func under(rows []treeRow, j, i int) bool {
	for p := rows[j].parent; p >= 0; p = rows[p].parent {
		if p == i {
			return true
		}
	}
	return false
}

// matches reports whether breakpoint b is on the step at path with id: b
// names the id, the path, or its trailing segments, "[]" standing for any
// iteration (as engine.Debugger reads it).
func matches(b engine.Breakpoint, id, path string) bool {
	if b.At == "" {
		return false
	}
	if b.At == id {
		return true
	}
	if strings.Contains(b.At, "[]") {
		path = engine.AnyIteration(path)
	}
	return b.At == path || strings.HasSuffix(path, "/"+b.At)
}

func joinPath(prefix, id string) string {
	if prefix == "" {
		return id
	}
	return prefix + "/" + id
}

// oneLine folds the whitespace of an expression's source.
func oneLine(src string) string { return strings.Join(strings.Fields(src), " ") }
