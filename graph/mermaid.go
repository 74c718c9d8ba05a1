package graph

import (
	"fmt"
	"strings"
)

// Mermaid returns g as a Mermaid flowchart, top to bottom: the nodes in
// their subgraphs first, then every edge.
func (g *Graph) Mermaid() string {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	mermaidItems(&b, g.root.items, "  ")
	for _, e := range g.edges {
		if e.label == "" {
			fmt.Fprintf(&b, "  %s --> %s\n", e.from, e.to)
			continue
		}
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", e.from, mermaidLabel(wrap(e.label, wrapWidth)), e.to)
	}
	return b.String()
}

func mermaidItems(b *strings.Builder, items []item, indent string) {
	for _, it := range items {
		if c := it.cluster; c != nil {
			fmt.Fprintf(b, "%ssubgraph %s [\"%s\"]\n", indent, c.id, mermaidLabel([]string{c.title}))
			mermaidItems(b, c.items, indent+"  ")
			fmt.Fprintf(b, "%send\n", indent)
			continue
		}
		n := it.node
		open, closing := mermaidShape(n.shape)
		fmt.Fprintf(b, "%s%s%s\"%s\"%s\n", indent, n.id, open, mermaidLabel(n.lines), closing)
	}
}

// mermaidShape returns the brackets around a node's label.
func mermaidShape(s shape) (string, string) {
	switch s {
	case shapeTerminal, shapeFail:
		return "([", "])"
	case shapeDecision:
		return "{", "}"
	case shapeSet:
		return "(", ")"
	case shapeUse:
		return "[[", "]]"
	case shapeLoop:
		return "{{", "}}"
	}
	return "[", "]"
}

// mermaidEscapes turns the characters that Mermaid's flowchart syntax or
// its HTML labels would read into entity codes (Mermaid writes &quot; as
// #quot;). # goes first, since every code starts with it.
var mermaidEscapes = strings.NewReplacer(
	"#", "#35;",
	`"`, "#quot;",
	"&", "#amp;",
	"<", "#lt;",
	">", "#gt;",
	"|", "#124;",
	"`", "#96;",
)

// mermaidLabel is the text of a quoted Mermaid label: the lines, escaped,
// joined by line breaks.
func mermaidLabel(lines []string) string {
	esc := make([]string, len(lines))
	for i, l := range lines {
		esc[i] = mermaidEscapes.Replace(l)
	}
	return strings.Join(esc, "<br/>")
}
