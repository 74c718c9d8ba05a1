package engine

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkSize reports a file over the file_bytes limit.
func (p *parser) checkSize(src []byte) bool {
	if len(src) <= p.lim.FileBytes {
		return true
	}
	p.errs = append(p.errs, &Error{Pos: Pos{p.file, 1, 1}, Code: CodeLimit,
		Err: overLimit("file_bytes", p.lim.FileBytes, "file of %d bytes", len(src))})
	return false
}

// checkTree reports a document that aliases would expand past the
// yaml_alias_nodes limit, or that nests, aliases expanded, deeper than
// yaml_depth. Every later walk of the document follows aliases (deref,
// value, decode), so this runs first: a few hundred bytes of aliases can
// stand for billions of nodes. It counts in time linear in the document,
// without expanding anything.
func (p *parser) checkTree(root *yaml.Node) bool {
	t := &treeCheck{p: p, size: map[*yaml.Node]int{}, depth: map[*yaml.Node]int{}, open: map[*yaml.Node]bool{}}
	t.walk(root, 1)
	return t.ok()
}

// treeCheck is the state of one checkTree.
type treeCheck struct {
	p     *parser
	size  map[*yaml.Node]int  // expanded node count of an anchored node, capped
	depth map[*yaml.Node]int  // expanded depth below an anchored node, capped
	open  map[*yaml.Node]bool // nodes being measured: an alias to one is a cycle
	added int                 // nodes that aliases add so far, capped
	err   *Error
}

func (t *treeCheck) ok() bool {
	if t.err != nil {
		t.p.errs = append(t.p.errs, t.err)
		return false
	}
	return true
}

// walk visits the document's own nodes once, adding for each alias the
// nodes it expands to, and checks the depth at which each node sits.
func (t *treeCheck) walk(n *yaml.Node, depth int) {
	if t.err != nil {
		return
	}
	lim := t.p.lim
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		size, below := t.measure(n.Alias)
		if t.err != nil {
			return
		}
		t.added = min(t.added+size, lim.YAMLAliasNodes+1)
		switch {
		case t.added > lim.YAMLAliasNodes:
			t.fail(n, overLimit("yaml_alias_nodes", lim.YAMLAliasNodes, "aliases expand to more than %d nodes, the last *%s", lim.YAMLAliasNodes, clip(n.Value, 40)))
		case depth+below-1 > lim.YAMLDepth:
			t.fail(n, overLimit("yaml_depth", lim.YAMLDepth, "alias *%s nests the document deeper than %d levels", clip(n.Value, 40), lim.YAMLDepth))
		}
		return
	}
	if depth > lim.YAMLDepth {
		t.fail(n, overLimit("yaml_depth", lim.YAMLDepth, "YAML nests deeper than %d levels", lim.YAMLDepth))
		return
	}
	for _, c := range n.Content {
		t.walk(c, depth+1)
	}
}

// measure returns the number of nodes n stands for with every alias
// below it expanded, and how many levels deep it goes, both capped just
// past their limits.
func (t *treeCheck) measure(n *yaml.Node) (int, int) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return t.measure(n.Alias)
	}
	if s, ok := t.size[n]; ok {
		return s, t.depth[n]
	}
	if t.open[n] {
		t.fail(n, fmt.Errorf("an alias refers to a node that contains it"))
		return 0, 0
	}
	lim := t.p.lim
	t.open[n] = true
	size, depth := 1, 1
	for _, c := range n.Content {
		s, d := t.measure(c)
		size, depth = min(size+s, lim.YAMLAliasNodes+1), min(max(depth, d+1), lim.YAMLDepth+1)
	}
	delete(t.open, n)
	t.size[n], t.depth[n] = size, depth
	return size, depth
}

func (t *treeCheck) fail(n *yaml.Node, err error) {
	if t.err == nil {
		code := CodeLimit
		if _, ok := err.(*LimitError); !ok {
			code = CodeBadValue
		}
		t.err = &Error{Pos: t.p.pos(n), Code: code, Err: err}
	}
}

// decode turns a mapping, list or scalar of YAML into JSON-like Go values
// (map[string]any, []any, strings, numbers, booleans, nil), as yaml.v3's
// Decode would into an `any`, but in time linear in the node tree: yaml.v3
// checks every pair of keys of a mapping for duplicates. Scalars are
// resolved by yaml.v3; merge keys (<<) are applied; a key that is not a
// string, or is given twice, is an error at the key. what names the
// value in errors ("settings").
func (p *parser) decode(n *yaml.Node, what string) (any, bool) {
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			p.errorf(n, CodeBadValue, "%s: unknown alias", what)
			return nil, false
		}
		return p.decode(n.Alias, what)
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		ok := true
		for _, c := range n.Content {
			v, cok := p.decode(c, what)
			l, ok = append(l, v), ok && cok
		}
		return l, ok
	case yaml.MappingNode:
		return p.decodeMap(n, what)
	}
	if v, ok := plainScalar(n); ok {
		return v, true
	}
	var v any
	if err := n.Decode(&v); err != nil {
		p.errorf(n, CodeBadValue, "%s: %s", what, strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, false
	}
	return v, true
}

// plainScalar returns what yaml.v3 decodes the scalar n to in an `any`
// when n is a string, null, true, false or a small decimal integer, the
// bulk of a settings_schema and of settings; it reports false for any
// other scalar, which yaml.v3 then decodes (Decode costs a decoder per
// call).
func plainScalar(n *yaml.Node) (any, bool) {
	if n.Kind != yaml.ScalarNode {
		return nil, false
	}
	switch n.Tag {
	case "!!str":
		return n.Value, true
	case "!!null":
		switch n.Value {
		case "", "~", "null", "Null", "NULL":
			return nil, true
		}
	case "!!bool":
		switch n.Value {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	case "!!int":
		if smallDecimal(n.Value) {
			i, err := strconv.Atoi(n.Value)
			return i, err == nil
		}
	}
	return nil, false
}

// smallDecimal reports whether s is an integer written in at most 18
// decimal digits, with no sign but a minus, no leading zero and no
// underscore: one that strconv.Atoi reads as yaml.v3 does.
func smallDecimal(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

// decodeMap decodes a mapping: its own keys first, then the keys of
// mappings merged in with << that it does not set itself.
func (p *parser) decodeMap(n *yaml.Node, what string) (map[string]any, bool) {
	m := make(map[string]any, len(n.Content)/2)
	first := map[string]*yaml.Node{}
	var merges []*yaml.Node
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
			p.errorf(k, CodeBadValue, "%s: a name is a string, not %s: quote it", what, describe(k))
			ok = false
			continue
		}
		if f, dup := first[k.Value]; dup {
			p.errorf(k, CodeBadValue, "%s: duplicate key `%s` (first at line %d)", what, clip(k.Value, 80), f.Line)
			ok = false
			continue
		}
		first[k.Value] = k
		x, xok := p.decode(v, what)
		m[k.Value], ok = x, ok && xok
	}
	for _, v := range merges {
		ok = p.merge(m, v, what) && ok
	}
	return m, ok
}

// merge adds the keys of the mapping (or list of mappings) v that m does
// not have yet; earlier mappings of a list win over later ones.
func (p *parser) merge(m map[string]any, v *yaml.Node, what string) bool {
	v = deref(v)
	var maps []*yaml.Node
	switch v.Kind {
	case yaml.MappingNode:
		maps = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, c := range v.Content {
			maps = append(maps, deref(c))
		}
	}
	if len(maps) == 0 {
		p.errorf(v, CodeBadValue, "%s: << merges a mapping or a list of mappings, not %s", what, describe(v))
		return false
	}
	ok := true
	for _, mn := range maps {
		if mn.Kind != yaml.MappingNode {
			p.errorf(mn, CodeBadValue, "%s: << merges a mapping or a list of mappings, not %s", what, describe(mn))
			ok = false
			continue
		}
		sub, sok := p.decodeMap(mn, what)
		for k, x := range sub {
			if _, set := m[k]; !set {
				m[k] = x
			}
		}
		ok = ok && sok
	}
	return ok
}

// maxEcho is how many runes of a source line or value an error repeats.
const maxEcho = 200

// clip returns s cut to at most n runes, with "…" where it was cut: an
// error never echoes a long line or value in full.
func clip(s string, n int) string {
	r := 0
	for i := range s {
		if r == n {
			return s[:i] + "…"
		}
		r++
	}
	return s
}
