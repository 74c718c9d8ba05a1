package graph

import (
	"fmt"
	"io"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// Format is an output format of Write.
type Format string

// The formats Write knows.
const (
	Mermaid Format = "mermaid" // a Mermaid flowchart, as GitHub renders it in Markdown
	DOT     Format = "dot"     // a Graphviz digraph, for `dot -Tsvg`
)

// Graph is the decision tree of one pipeline. New builds it; Mermaid, DOT
// and Write render it.
type Graph struct {
	name  string
	root  cluster
	edges []edge
}

// shape is what a node is drawn as.
type shape int

const (
	shapeTerminal shape = iota // the start and the end of the pipeline
	shapeFail                  // a fail step, or an assert that does not hold: the run ends
	shapeDecision              // a `when`, a switch or an assert
	shapeCall                  // a call or script step
	shapeSet                   // a set step
	shapeUse                   // a use step; its sub-pipeline follows as a subgraph
	shapeLoop                  // a foreach step; its body follows as a subgraph
)

// node is one box of the graph. Its label is lines, each at most wrapWidth
// runes where a space allows.
type node struct {
	id    string
	shape shape
	lines []string
}

// edge goes from one node to another, with an optional label: "true",
// "false", a switch case's condition, "default".
type edge struct {
	from, to, label string
}

// cluster is a subgraph (or, for the root, the graph itself): its nodes and
// subgraphs in the order they were drawn.
type cluster struct {
	id    string
	title string
	items []item
}

// item is a node or a cluster.
type item struct {
	node    *node
	cluster *cluster
}

// exit is an edge whose target is not known yet: the next step, whatever
// it is, continues from there.
type exit struct {
	from, label string
}

// Edge labels.
const (
	labelTrue    = "true"
	labelFalse   = "false"
	labelDefault = "default"
	labelNoCase  = "no case"
)

// keyID is the YAML key of a step's id.
const keyID = "id"

// wrapWidth is how many runes a label line holds before it is broken at a
// space.
const wrapWidth = 48

// New returns the decision tree of p, with every sub-pipeline that p uses
// expanded where it is used.
func New(p *engine.Pipeline) *Graph {
	g := &Graph{name: p.Name}
	b := &builder{g: g, at: &g.root, active: map[*engine.Pipeline]bool{p: true}}
	start := b.node(shapeTerminal, p.Name)
	exits := b.steps(p.Steps, []exit{{from: start}})
	end := b.node(shapeTerminal, "end")
	b.connect(exits, end)
	return g
}

// Write renders g in format f.
func (g *Graph) Write(w io.Writer, f Format) error {
	var out string
	switch f {
	case Mermaid:
		out = g.Mermaid()
	case DOT:
		out = g.DOT()
	default:
		return fmt.Errorf("graph: unknown format %q (want %s or %s)", f, Mermaid, DOT)
	}
	_, err := io.WriteString(w, out)
	return err
}

// builder walks a pipeline's steps and adds their nodes and edges to g.
type builder struct {
	g      *Graph
	at     *cluster                  // where new nodes go
	n      int                       // nodes and clusters made so far
	active map[*engine.Pipeline]bool // the pipelines being expanded, against a cycle
	seen   map[edge]bool
}

// node adds a node to the current cluster and returns its id.
func (b *builder) node(s shape, lines ...string) string {
	n := &node{id: fmt.Sprintf("n%d", b.n), shape: s}
	b.n++
	for _, l := range lines {
		n.lines = append(n.lines, wrap(l, wrapWidth)...)
	}
	b.at.items = append(b.at.items, item{node: n})
	return n.id
}

// inCluster runs fn with new nodes going into a new cluster titled title.
func (b *builder) inCluster(title string, fn func()) {
	c := &cluster{id: fmt.Sprintf("c%d", b.n), title: title}
	b.n++
	b.at.items = append(b.at.items, item{cluster: c})
	outer := b.at
	b.at = c
	fn()
	b.at = outer
}

// connect draws an edge from each exit to the node to.
func (b *builder) connect(exits []exit, to string) {
	if b.seen == nil {
		b.seen = map[edge]bool{}
	}
	for _, x := range exits {
		e := edge{from: x.from, to: to, label: x.label}
		if !b.seen[e] {
			b.seen[e] = true
			b.g.edges = append(b.g.edges, e)
		}
	}
}

// steps draws steps one after the other, the first entered from in, and
// returns where the last one leaves.
func (b *builder) steps(steps []*engine.Step, in []exit) []exit {
	for _, s := range steps {
		in = b.step(s, in)
	}
	return in
}

// step draws one step entered from in: a decision for its `when`, if it
// has one, whose false branch goes on past the step.
func (b *builder) step(s *engine.Step, in []exit) []exit {
	var skip []exit
	if s.When != nil {
		d := b.node(shapeDecision, source(s.When))
		b.connect(in, d)
		in, skip = []exit{{from: d, label: labelTrue}}, []exit{{from: d, label: labelFalse}}
	}
	return append(b.kind(s, in), skip...)
}

// kind draws what the step does.
func (b *builder) kind(s *engine.Step, in []exit) []exit {
	switch s.Kind {
	case engine.KindCall:
		detail := "call " + s.Call
		if s.Script != nil {
			detail += " with a hook"
		}
		return b.simple(in, shapeCall, label(s, detail)...)
	case engine.KindScript:
		detail := "script"
		if s.Script != nil && s.Script.File != "" {
			detail += " " + s.Script.File
		}
		return b.simple(in, shapeCall, label(s, detail)...)
	case engine.KindSet:
		names := make([]string, len(s.Set))
		for i, x := range s.Set {
			names[i] = x.Name
		}
		return b.simple(in, shapeSet, label(s, "set "+strings.Join(names, ", "))...)
	case engine.KindFail:
		b.connect(in, b.node(shapeFail, label(s, "fail: "+oneLine(s.Message))...))
		return nil
	case engine.KindAssert:
		d := b.node(shapeDecision, label(s, "assert "+source(s.Assert))...)
		b.connect(in, d)
		msg := s.Message
		if msg == "" {
			msg = "assertion failed"
		}
		b.connect([]exit{{from: d, label: labelFalse}}, b.node(shapeFail, "fail: "+oneLine(msg)))
		return []exit{{from: d, label: labelTrue}}
	case engine.KindSwitch:
		return b.switchStep(s, in)
	case engine.KindForeach:
		loop := b.node(shapeLoop, label(s, "foreach "+s.As+" in "+source(s.Foreach))...)
		b.connect(in, loop)
		var out []exit
		b.inCluster("each "+s.As, func() { out = b.steps(s.Steps, []exit{{from: loop}}) })
		return out
	case engine.KindUse:
		use := b.node(shapeUse, label(s, "use "+s.Use)...)
		b.connect(in, use)
		out := []exit{{from: use}}
		if s.Sub == nil || b.active[s.Sub] {
			return out
		}
		b.active[s.Sub] = true
		b.inCluster(s.Sub.Name, func() { out = b.steps(s.Sub.Steps, out) })
		b.active[s.Sub] = false
		return out
	}
	return b.simple(in, shapeCall, label(s, string(s.Kind))...)
}

// label is a step's node label: its id, when the pipeline wrote one, then
// what it does. An id the loader derived (set_2) would only repeat the
// kind.
func label(s *engine.Step, detail string) []string {
	if _, written := s.KeyPos[keyID]; written {
		return []string{s.ID, detail}
	}
	return []string{detail}
}

// simple draws a step as one node that the next step follows.
func (b *builder) simple(in []exit, s shape, lines ...string) []exit {
	n := b.node(s, lines...)
	b.connect(in, n)
	return []exit{{from: n}}
}

// switchStep draws a switch as a decision with an edge per case, labelled
// with the case's condition (or "default"), to the case's steps. Without a
// default case, "no case" goes on past the switch.
func (b *builder) switchStep(s *engine.Step, in []exit) []exit {
	d := b.node(shapeDecision, label(s, "switch")...)
	b.connect(in, d)
	var out []exit
	hasDefault := false
	for _, c := range s.Cases {
		label := labelDefault
		if c.When != nil {
			label = source(c.When)
		} else {
			hasDefault = true
		}
		out = append(out, b.steps(c.Steps, []exit{{from: d, label: label}})...)
	}
	if !hasDefault {
		out = append(out, exit{from: d, label: labelNoCase})
	}
	return out
}

// source is an expression's source on one line.
func source(e *engine.Expr) string {
	if e == nil {
		return ""
	}
	return oneLine(e.Src)
}

// oneLine joins the words of s with single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// wrap breaks s into lines of at most width runes at spaces; a word longer
// than width has a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	var line []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		if len(line) > 0 && len(line)+1+len(w) > width {
			lines = append(lines, string(line))
			line = nil
		}
		if len(line) > 0 {
			line = append(line, ' ')
		}
		line = append(line, w...)
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, string(line))
	}
	return lines
}
