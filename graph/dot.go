package graph

import (
	"fmt"
	"strings"
)

// DOT returns g as a Graphviz digraph, top to bottom: the nodes in their
// clusters first, then every edge. It uses no record or HTML labels, so
// that no character of a label is markup.
func (g *Graph) DOT() string {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotString([]string{g.name}))
	b.WriteString("  node [shape=box];\n")
	dotItems(&b, g.root.items, "  ")
	for _, e := range g.edges {
		if e.label == "" {
			fmt.Fprintf(&b, "  %s -> %s;\n", e.from, e.to)
			continue
		}
		fmt.Fprintf(&b, "  %s -> %s [label=%s];\n", e.from, e.to, dotString(wrap(e.label, wrapWidth)))
	}
	b.WriteString("}\n")
	return b.String()
}

func dotItems(b *strings.Builder, items []item, indent string) {
	for _, it := range items {
		if c := it.cluster; c != nil {
			fmt.Fprintf(b, "%ssubgraph cluster_%s {\n", indent, c.id)
			fmt.Fprintf(b, "%s  label=%s;\n", indent, dotString([]string{c.title}))
			dotItems(b, c.items, indent+"  ")
			fmt.Fprintf(b, "%s}\n", indent)
			continue
		}
		n := it.node
		fmt.Fprintf(b, "%s%s [label=%s%s];\n", indent, n.id, dotString(n.lines), dotShape(n.shape))
	}
}

// dotShape returns the attributes of a node's shape after its label.
func dotShape(s shape) string {
	switch s {
	case shapeTerminal:
		return ", shape=oval"
	case shapeFail:
		return ", shape=octagon"
	case shapeDecision:
		return ", shape=diamond"
	case shapeSet:
		return ", style=rounded"
	case shapeUse:
		return ", peripheries=2"
	case shapeLoop:
		return ", shape=hexagon"
	}
	return ""
}

// dotEscapes escapes what a DOT quoted string would read: the quote, and
// the backslash that starts Graphviz's label escapes (\n, \N, \G, ...).
var dotEscapes = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")

// dotString is a DOT quoted string of the lines, each centred.
func dotString(lines []string) string {
	esc := make([]string, len(lines))
	for i, l := range lines {
		esc[i] = dotEscapes.Replace(l)
	}
	return `"` + strings.Join(esc, `\n`) + `"`
}
