package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	exprparser "github.com/expr-lang/expr/parser"
)

// NameValue is one name a condition reads, such as input.order_state or
// settings.warehouse.country, and its value when the condition was
// evaluated (nil when there was none).
type NameValue struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// WithExplain makes every Condition event of the run carry the names its
// expression reads and their values (Condition.Names), so that a reader
// can tell why a step ran or was skipped. Without it, runs do not look
// the names up.
func WithExplain() RunOption {
	return func(c *runConfig) { c.explain = true }
}

// nameRef is a name an expression reads: a name in scope and the
// constant keys after it (an index as its digits).
type nameRef struct {
	text string // as a reader writes it: input.parcels.0.weight_kg
	root string
	path []string
}

// exprNames returns the names of scope that src reads, each once, in the
// order they first appear: the longest member chain of constant keys
// (settings.carriers.last_mile for settings.carriers?.last_mile?.[vars.to],
// and vars.to). Names the expression declares itself (closure
// arguments, let) are not in scope and are left out, and so are the
// functions it calls.
func exprNames(src string, inScope func(string) bool) []nameRef {
	tree, err := exprparser.Parse(src)
	if err != nil {
		return nil
	}
	var nodes nodeList
	ast.Walk(&tree.Node, &nodes)
	// inner: the nodes that are part of a longer chain, or called.
	inner := map[ast.Node]bool{}
	for _, n := range nodes {
		switch x := n.(type) {
		case *ast.MemberNode:
			if _, ok := constKey(x.Property); ok {
				inner[x.Node] = true
			}
		case *ast.ChainNode:
			inner[x.Node] = true
		case *ast.CallNode:
			inner[x.Callee] = true
		}
	}
	type found struct {
		ref nameRef
		at  int
	}
	var all []found
	seen := map[string]bool{}
	for _, n := range nodes {
		if inner[n] {
			continue
		}
		root, path, at, ok := chainOf(n)
		if !ok || !inScope(root) {
			continue
		}
		text := strings.Join(append([]string{root}, path...), ".")
		if seen[text] {
			continue
		}
		seen[text] = true
		all = append(all, found{nameRef{text: text, root: root, path: path}, at})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
	refs := make([]nameRef, len(all))
	for i, f := range all {
		refs[i] = f.ref
	}
	return refs
}

// nodeList collects every node of a tree.
type nodeList []ast.Node

// Visit adds the node to the list.
func (l *nodeList) Visit(n *ast.Node) { *l = append(*l, *n) }

// chainOf returns the root name, the constant keys and the offset of the
// root of a chain such as input.recipient.country; ok is false for a node
// that is no such chain.
func chainOf(n ast.Node) (root string, path []string, at int, ok bool) {
	for {
		switch x := n.(type) {
		case *ast.IdentifierNode:
			for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
				path[i], path[j] = path[j], path[i]
			}
			return x.Value, path, x.Location().From, true
		case *ast.ChainNode:
			n = x.Node
		case *ast.MemberNode:
			key, ok := constKey(x.Property)
			if !ok {
				return "", nil, 0, false
			}
			path = append(path, key)
			n = x.Node
		default:
			return "", nil, 0, false
		}
	}
}

// constKey is the key of a member access by a constant name or index.
func constKey(n ast.Node) (string, bool) {
	switch x := n.(type) {
	case *ast.StringNode:
		return x.Value, true
	case *ast.IntegerNode:
		return strconv.Itoa(x.Value), true
	}
	return "", false
}

// nameValues looks up the names a condition reads in the frame, as the
// condition saw them. The values are copies: later steps do not change
// them.
func nameValues(f *frame, refs []nameRef) []NameValue {
	if len(refs) == 0 {
		return nil
	}
	env := f.env()
	out := make([]NameValue, 0, len(refs))
	for _, n := range refs {
		v, ok := env[n.root]
		if !ok {
			continue
		}
		for _, k := range n.path {
			switch v.(type) {
			case map[string]any, []any:
			default:
				v = plain(v) // a map or list of other types
			}
			v = member(v, k)
		}
		out = append(out, NameValue{Name: n.text, Value: plain(v)})
	}
	return out
}
