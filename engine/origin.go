package engine

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	exprparser "github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// origin is where a value of a run came from: exactly one place in the
// run's input or one setting, a mapping or list built of parts with
// origins of their own, or a value computed from several sources. The
// run keeps the origin of every value it builds with `set`, `with`,
// `foreach` and `use`, so that an error about a payload field can name
// the input field or the setting it was built from, and so that a value
// taken from a setting where the order had none can be listed
// (Defaulted).
type origin struct {
	src   *source            // exactly this input pointer or setting
	kids  map[string]*origin // a mapping built of parts
	items []*origin          // a list built of parts
	of    []*origin          // computed from the values of these
	alts  []*origin          // a ?? b ?? c that found nothing: where it was looked for
}

// source is one place a value can come from: a JSON pointer into the
// run's input, or the JSON pointer of a setting.
type source struct {
	setting bool
	ptr     string
}

// String prints "input /order_items/0/item_value" or "setting
// customs.incoterm".
func (s source) String() string {
	if s.setting {
		return "setting " + settingName(s.ptr)
	}
	return "input " + s.ptr
}

// child is the origin of the value at key inside a value of origin o.
func (o *origin) child(key string) *origin {
	switch {
	case o == nil:
		return nil
	case o.src != nil:
		return placed(source{setting: o.src.setting, ptr: o.src.ptr + "/" + escapeToken(key)})
	case o.kids != nil:
		return o.kids[key]
	case o.items != nil:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(o.items) {
			return nil
		}
		return o.items[i]
	case o.alts != nil:
		alts := make([]*origin, len(o.alts))
		for i, a := range o.alts {
			alts[i] = a.child(key)
		}
		return &origin{alts: alts}
	}
	return o // a part of a computed value comes from the same sources
}

// placed returns the origin of a value from exactly src, in one
// allocation: a run makes one for every field it reads.
func placed(src source) *origin {
	p := &struct {
		o origin
		s source
	}{s: src}
	p.o.src = &p.s
	return &p.o
}

// hasSources reports whether o's value came from anywhere: sources() is
// not empty.
func (o *origin) hasSources() bool {
	switch {
	case o == nil:
		return false
	case o.src != nil:
		return true
	}
	for _, p := range o.of {
		if p.hasSources() {
			return true
		}
	}
	for _, k := range o.kids {
		if k.hasSources() {
			return true
		}
	}
	for _, it := range o.items {
		if it.hasSources() {
			return true
		}
	}
	for _, a := range o.alts {
		if a.hasSources() {
			return true
		}
	}
	return false
}

// at is the origin of the value at the JSON pointer ptr below o.
func (o *origin) at(ptr string) *origin {
	for _, tok := range pointerTokens(ptr) {
		o = o.child(tok)
	}
	return o
}

// sources lists the places o's value came from, each once, in order.
func (o *origin) sources() []source {
	return o.appendSources(nil)
}

// appendSources appends to out the places o's value came from that out
// does not hold yet, in order.
func (o *origin) appendSources(out []source) []source {
	switch {
	case o == nil:
	case o.src != nil:
		if !slices.Contains(out, *o.src) {
			out = append(out, *o.src)
		}
	default:
		if len(o.kids) == 1 {
			for _, k := range o.kids {
				out = k.appendSources(out)
			}
		} else if len(o.kids) > 1 {
			for _, k := range sortedNames(o.kids) {
				out = o.kids[k].appendSources(out)
			}
		}
		for _, it := range o.items {
			out = it.appendSources(out)
		}
		for _, p := range o.of {
			out = p.appendSources(out)
		}
		for _, a := range o.alts {
			out = a.appendSources(out)
		}
	}
	return out
}

// computed is the origin of a value computed from the values of parts.
// Their sources are listed only when asked (sources), which most origins
// never are: an origin does not change once made, except the roots of a
// frame's steps and vars, whose maps later steps fill, so those are
// copied.
func (o *origins) computed(parts ...*origin) *origin {
	for i, p := range parts {
		if p != nil && (p == o.stepsRoot || p == o.varsRoot) {
			parts[i] = &origin{kids: maps.Clone(p.kids)}
		}
	}
	return &origin{of: parts}
}

// oplanKind is what an oplan does.
type oplanKind int

const (
	planChain    oplanKind = iota // root.a.b[key]
	planAlts                      // a ?? b ?? c
	planMap                       // {"k": v, ...}
	planList                      // [a, b]
	planMapped                    // map(list, predicate)
	planCall                      // f(x, ...): nil only when x is missing
	planCond                      // c ? a : b
	planComputed                  // anything else: from the chains it reads
)

// oplan says how to find, at run time, the origin of the value of one
// expression. It is made once, at compile time, from the expression's
// syntax tree.
type oplan struct {
	kind  oplanKind
	root  string    // planChain: input, settings, steps, vars, a local, or "#" in a predicate
	keys  []planKey // planChain: the keys below the root
	tails []string  // planChain: tails[i] is the JSON pointer of keys[i:], "" where one is not constant
	// planChain: below the whole input ([0]) or the whole settings ([1]),
	// the origin of tails[i], made once: origins are never changed.
	whole [2][]*origin
	alts  []planAlt // planAlts, in order
	names []string  // planMap: the keys, with parts[i] the value of names[i]
	parts []*oplan  // planMap, planList, planComputed (the chains read), planMapped (list, predicate)
	prog  *planProg // planMapped: the list's program; planCond: the condition's
}

// reports tells whether following pl may report a value taken from
// settings (a ?? that onDefault hears of); the origin of a value whose
// plan cannot is needed only when an error asks where the value came
// from.
func (pl *oplan) reports() bool {
	switch pl.kind {
	case planAlts:
		return true
	case planMap, planList:
		return slices.ContainsFunc(pl.parts, (*oplan).reports)
	case planMapped:
		return pl.parts[1].reports()
	case planCond:
		return pl.parts[0].reports() || pl.parts[1].reports()
	}
	return false
}

// planKey is one key of a chain: a constant, or an expression evaluated at
// run time.
type planKey struct {
	name  string
	field bool // a named field (a.b, a["b"]), not a list index
	prog  *planProg
}

// planAlt is one operand of ??: its plan and the program that tells
// whether it has a value (nil for a chain inside a predicate, whose value
// is found by walking the element).
type planAlt struct {
	plan *oplan
	prog *planProg
}

// originPlan makes the plan of the expression src, whose sub-expressions
// are compiled by x in env. It never fails: what it cannot follow counts
// as computed from the chains it reads.
func originPlan(src string, x *exprCompiler, env *exprEnv) *oplan {
	tree, err := exprparser.Parse(src)
	if err != nil {
		return &oplan{kind: planComputed}
	}
	b := &planBuilder{x: x, env: env}
	pl := b.plan(tree.Node, false)
	pl.finish()
	return pl
}

// wholeIndex is the index in oplan.whole of the origins below the whole
// settings (true) or the whole input.
func wholeIndex(setting bool) int {
	if setting {
		return 1
	}
	return 0
}

// finish works out the tails of every chain in pl.
func (pl *oplan) finish() {
	if pl == nil {
		return
	}
	if pl.kind == planChain && len(pl.keys) > 0 {
		pl.tails = make([]string, len(pl.keys))
		tail := ""
		for i := len(pl.keys) - 1; i >= 0; i-- {
			if pl.keys[i].prog != nil {
				break
			}
			tail = "/" + escapeToken(pl.keys[i].name) + tail
			pl.tails[i] = tail
		}
		for k := range pl.whole {
			pl.whole[k] = make([]*origin, len(pl.keys))
			for i, tail := range pl.tails {
				if tail != "" {
					pl.whole[k][i] = placed(source{setting: k == 1, ptr: tail})
				}
			}
		}
	}
	for _, a := range pl.alts {
		a.plan.finish()
	}
	for _, p := range pl.parts {
		p.finish()
	}
}

// planBuilder makes oplans, compiling the sub-expressions they evaluate.
type planBuilder struct {
	x   *exprCompiler
	env *exprEnv
}

func (b *planBuilder) plan(n ast.Node, inPredicate bool) *oplan {
	switch x := n.(type) {
	case *ast.ChainNode:
		return b.plan(x.Node, inPredicate)
	case *ast.IdentifierNode:
		return &oplan{kind: planChain, root: x.Value}
	case *ast.PointerNode:
		if x.Name == "" {
			return &oplan{kind: planChain, root: "#"}
		}
	case *ast.MemberNode:
		base := b.plan(x.Node, inPredicate)
		if base.kind != planChain {
			break
		}
		key := planKey{}
		switch p := x.Property.(type) {
		case *ast.StringNode:
			key.name, key.field = p.Value, true
		case *ast.IntegerNode:
			key.name = strconv.Itoa(p.Value)
		default:
			prog := b.compile(x.Property, inPredicate)
			if prog == nil {
				return b.computed(n)
			}
			key.prog = prog
		}
		base.keys = append(base.keys, key)
		return base
	case *ast.BinaryNode:
		if x.Operator != "??" {
			break
		}
		var alts []planAlt
		for _, operand := range flattenAlts(x) {
			alt := planAlt{plan: b.plan(operand, inPredicate)}
			if !alt.plan.fieldChain() {
				alt.prog = b.compile(operand, inPredicate)
				if alt.prog == nil && !alt.plan.constChain() {
					return b.computed(n)
				}
			}
			alts = append(alts, alt)
		}
		return &oplan{kind: planAlts, alts: alts}
	case *ast.MapNode:
		pl := &oplan{kind: planMap}
		for _, p := range x.Pairs {
			pair, ok := p.(*ast.PairNode)
			key, isStr := pair.Key.(*ast.StringNode)
			if !ok || !isStr {
				return b.computed(n)
			}
			pl.names = append(pl.names, key.Value)
			pl.parts = append(pl.parts, b.plan(pair.Value, inPredicate))
		}
		return pl
	case *ast.ArrayNode:
		pl := &oplan{kind: planList}
		for _, e := range x.Nodes {
			pl.parts = append(pl.parts, b.plan(e, inPredicate))
		}
		return pl
	case *ast.ConditionalNode:
		if cond := b.compile(x.Cond, inPredicate); cond != nil {
			return &oplan{kind: planCond, prog: cond, parts: []*oplan{b.plan(x.Exp1, inPredicate), b.plan(x.Exp2, inPredicate), b.computed(x.Cond)}}
		}
	case *ast.CallNode:
		if len(x.Arguments) > 0 {
			return &oplan{kind: planCall, parts: []*oplan{b.plan(x.Arguments[0], inPredicate), b.computed(n)}}
		}
	case *ast.BuiltinNode:
		if x.Name == "map" && len(x.Arguments) == 2 && !inPredicate {
			pred, ok := x.Arguments[1].(*ast.PredicateNode)
			list := b.compile(x.Arguments[0], false)
			if ok && list != nil {
				return &oplan{kind: planMapped, parts: []*oplan{b.plan(x.Arguments[0], false), b.plan(pred.Node, true)}, prog: list}
			}
		}
	}
	return b.computed(n)
}

// fieldChain reports whether pl is a chain of named fields only, such as
// input.recipient.email: walk finds what the VM would, and nil where the
// VM would fail (a field of nil or of a string), which for an operand of
// ?? is the same: no value.
func (pl *oplan) fieldChain() bool {
	if pl.kind != planChain {
		return false
	}
	for _, k := range pl.keys {
		if !k.field || k.prog != nil {
			return false
		}
	}
	return true
}

// constChain reports whether pl is a chain with constant keys only.
func (pl *oplan) constChain() bool {
	if pl.kind != planChain {
		return false
	}
	for _, k := range pl.keys {
		if k.prog != nil {
			return false
		}
	}
	return true
}

// computed is the plan of a value computed from every chain n reads.
// Only whole chains count: settings.customs.incoterm, not also settings.
func (b *planBuilder) computed(n ast.Node) *oplan {
	var chains []ast.Node
	inner := map[ast.Node]bool{}
	ast.Find(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.MemberNode:
			if root, _ := memberChain(x); root != "" {
				chains = append(chains, x)
				inner[x.Node] = true
				if c, ok := x.Node.(*ast.ChainNode); ok {
					inner[c.Node] = true
				}
			}
		case *ast.IdentifierNode:
			chains = append(chains, x)
		}
		return false
	})
	pl := &oplan{kind: planComputed}
	for _, m := range chains {
		if inner[m] {
			continue
		}
		root, keys := memberChain(m)
		chain := &oplan{kind: planChain, root: root}
		for _, k := range keys {
			chain.keys = append(chain.keys, planKey{name: k, field: true})
		}
		pl.parts = append(pl.parts, chain)
	}
	return pl
}

// compile compiles a sub-expression to evaluate at run time; nil if it
// cannot stand alone (it refers to a predicate's element or a let name).
func (b *planBuilder) compile(n ast.Node, inPredicate bool) *planProg {
	if inPredicate {
		return nil
	}
	c, err := b.x.check(n.String(), b.env, false)
	if err != nil {
		return nil
	}
	p := &planProg{}
	if tree, err := c.optimized(); err == nil {
		p.fast = fastExpr(tree, false, c.config())
	}
	if p.prog, err = c.program(); err != nil {
		return nil
	}
	return p
}

// planProg is a sub-expression an origin plan evaluates: its bytecode,
// and its evaluator without the VM where it has one (fastExpr).
type planProg struct {
	prog *vm.Program
	fast fastFn
}

// evalPlan evaluates p in env, without the VM where it can.
func (r *run) evalPlan(p *planProg, env map[string]any) (any, error) {
	if p.fast != nil {
		if v, st := p.fast(env); st == fastOK {
			return v, nil
		}
	}
	return r.vm.Run(p.prog, env)
}

// flattenAlts returns the operands of a ?? b ?? c in order.
func flattenAlts(n *ast.BinaryNode) []ast.Node {
	var out []ast.Node
	for _, side := range []ast.Node{n.Left, n.Right} {
		if bn, ok := side.(*ast.BinaryNode); ok && bn.Operator == "??" {
			out = append(out, flattenAlts(bn)...)
			continue
		}
		out = append(out, side)
	}
	return out
}

// settingsOrigin is the origin of `settings`, which no run changes.
var settingsOrigin = placed(source{setting: true})

// origins is what one frame knows of where its values came from.
type origins struct {
	input  *origin
	steps  map[string]*origin
	vars   map[string]*origin
	locals map[string]*origin

	stepsRoot, varsRoot *origin // the origins of steps and vars, made on first use
}

// root is the origin of a scope name.
func (o *origins) root(name string, hash *origin) *origin {
	switch name {
	case scopeInput:
		return o.input
	case scopeSettings:
		return settingsOrigin
	case scopeSteps:
		// The maps are filled in place, so an origin made of them once
		// stays current.
		if o.stepsRoot == nil {
			o.stepsRoot = &origin{kids: o.steps}
		}
		return o.stepsRoot
	case scopeVars:
		if o.varsRoot == nil {
			o.varsRoot = &origin{kids: o.vars}
		}
		return o.varsRoot
	case "#":
		return hash
	}
	return o.locals[name]
}

// elem is a predicate's element (#): its origin and its value.
type elem struct {
	orig  *origin
	value any
}

// originOf follows pl in frame f: the origin of the value the expression
// gave. hash is a predicate's element. A ?? that fell back from a field of
// the order to a setting is reported with onDefault.
func (r *run) originOf(pl *oplan, f *frame, hash elem, value any, onDefault func(field, from string)) *origin {
	if pl == nil {
		return nil
	}
	switch pl.kind {
	case planChain:
		o := f.orig.root(pl.root, hash.orig)
		for i, k := range pl.keys {
			if o != nil && o.src != nil && pl.tails[i] != "" {
				// The rest of the chain is below one place: its pointer
				// at once, rather than one origin per key.
				if o.src.ptr == "" {
					return pl.whole[wholeIndex(o.src.setting)][i]
				}
				return placed(source{setting: o.src.setting, ptr: o.src.ptr + pl.tails[i]})
			}
			name := k.name
			if k.prog != nil {
				v, err := r.evalPlan(k.prog, f.env())
				s, ok := scalarKey(v)
				if err != nil || !ok {
					return f.orig.computed(o)
				}
				name = s
			}
			o = o.child(name)
		}
		return o
	case planAlts:
		var tried []*origin
		env := f.env()
		for i, a := range pl.alts {
			var v any
			var err error
			if a.prog != nil {
				v, err = r.evalPlan(a.prog, env)
			} else {
				v = a.plan.walk(env, hash.value)
			}
			o := r.originOf(a.plan, f, hash, v, onDefault)
			if err != nil || v == nil {
				tried = append(tried, o)
				continue
			}
			if i > 0 && onDefault != nil {
				reportDefault(tried, o, onDefault)
			}
			return o
		}
		return &origin{alts: tried}
	case planMap:
		m, _ := value.(map[string]any)
		o := &origin{kids: map[string]*origin{}}
		for i, name := range pl.names {
			o.kids[name] = r.originOf(pl.parts[i], f, hash, m[name], onDefault)
		}
		return o
	case planList:
		l, _ := value.([]any)
		o := &origin{items: make([]*origin, len(pl.parts))}
		for i, p := range pl.parts {
			o.items[i] = r.originOf(p, f, hash, itemAt(l, i), onDefault)
		}
		return o
	case planMapped:
		list := r.originOf(pl.parts[0], f, hash, nil, nil)
		src, _ := r.evalPlan(pl.prog, f.env())
		elems, _ := src.([]any)
		l, _ := value.([]any)
		o := &origin{items: make([]*origin, len(l))}
		for i := range l {
			o.items[i] = r.originOf(pl.parts[1], f, elem{list.child(strconv.Itoa(i)), itemAt(elems, i)}, l[i], onDefault)
		}
		return o
	}
	if pl.kind == planCond {
		// The taken branch's origin; a branch that is a constant (nil, as
		// in `rule ? value : nil`) has its value because of the condition.
		c, err := r.evalPlan(pl.prog, f.env())
		if b, ok := c.(bool); ok && err == nil {
			taken := pl.parts[1]
			if b {
				taken = pl.parts[0]
			}
			if o := r.originOf(taken, f, hash, value, onDefault); o.hasSources() {
				return o
			}
			return r.originOf(pl.parts[2], f, hash, nil, nil)
		}
		return f.orig.computed(r.originOf(pl.parts[0], f, hash, nil, nil), r.originOf(pl.parts[1], f, hash, nil, nil), r.originOf(pl.parts[2], f, hash, nil, nil))
	}
	if pl.kind == planCall {
		// The helpers give nil only for a missing first argument (a
		// weight or amount the order does not have): say where it was
		// looked for.
		if value == nil {
			return r.originOf(pl.parts[0], f, hash, nil, nil)
		}
		return r.originOf(pl.parts[1], f, hash, nil, nil)
	}
	parts := make([]*origin, len(pl.parts))
	for i, p := range pl.parts {
		parts[i] = r.originOf(p, f, hash, nil, nil)
	}
	return f.orig.computed(parts...)
}

// walk finds the value of a chain with constant keys in env, or in the
// predicate's element for a chain on #.
func (pl *oplan) walk(env map[string]any, hash any) any {
	v := hash
	if pl.root != "#" {
		v = env[pl.root]
	}
	for _, k := range pl.keys {
		if k.field {
			m, _ := v.(map[string]any)
			v = m[k.name]
		} else {
			v = member(v, k.name)
		}
	}
	return v
}

// reportDefault reports a value taken from settings where an earlier
// operand of ?? was a field of the order that had none: field is that
// field's input pointer, from the settings the value came from.
func reportDefault(tried []*origin, chosen *origin, onDefault func(field, from string)) {
	field := ""
	for _, t := range tried {
		if t != nil && t.src != nil && !t.src.setting {
			field = t.src.ptr
			break
		}
	}
	if field == "" {
		return
	}
	var settings []string
	for _, s := range chosen.sources() {
		if s.setting {
			settings = append(settings, "settings."+settingName(s.ptr))
		}
	}
	if len(settings) > 0 {
		onDefault(field, strings.Join(settings, ", "))
	}
}

// itemAt is l[i], or nil past l's end.
func itemAt(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

// scalarKey is a map key or list index value as a string.
func scalarKey(v any) (string, bool) {
	switch k := v.(type) {
	case string:
		return k, true
	case int:
		return strconv.Itoa(k), true
	case float64:
		if k == float64(int(k)) {
			return strconv.Itoa(int(k)), true
		}
	}
	return fmt.Sprint(v), false
}
