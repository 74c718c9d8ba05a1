package engine

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm/runtime"
)

// fastIdentifier reads a let in scope, as the VM's OpLoadVar does, or a
// name of the run's scope.
func (b *fastBuilder) fastIdentifier(x *ast.IdentifierNode) fastNode {
	for i := len(b.lets) - 1; i >= 0; i-- {
		if b.lets[i].name == x.Value {
			slot := b.lets[i].slot
			return func(_ map[string]any, sc *fastScope) (any, fastState) { return sc.lets[slot], fastOK }
		}
	}
	if x.Value == "$env" {
		return nil
	}
	name := x.Value
	return func(env map[string]any, _ *fastScope) (any, fastState) { return env[name], fastOK }
}

// fastPointer is # (the element a loop is at) and #index (its index),
// inside a loop; #acc, reduce's, is the VM's.
func (b *fastBuilder) fastPointer(p *ast.PointerNode) fastNode {
	if b.loops == 0 {
		return nil
	}
	switch p.Name {
	case "":
		return func(_ map[string]any, sc *fastScope) (any, fastState) {
			return sc.loop.items[sc.loop.index], fastOK
		}
	case "index":
		return func(_ map[string]any, sc *fastScope) (any, fastState) { return sc.loop.index, fastOK }
	}
	return nil
}

// fastLet is `let name = value; expr`: value, as it is, in a slot that
// the names in expr read.
func (b *fastBuilder) fastLet(d *ast.VariableDeclaratorNode) fastNode {
	value := b.fast(d.Value)
	if value == nil {
		return nil
	}
	slot := b.slots
	b.slots++
	b.scoped = true
	b.lets = append(b.lets, fastLet{name: d.Name, slot: slot})
	body := b.fast(d.Expr)
	b.lets = b.lets[:len(b.lets)-1]
	if body == nil {
		return nil
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		v, st := value(env, sc)
		if st != fastOK {
			return nil, fastVM
		}
		sc.lets[slot] = v
		return body(env, sc)
	}
}

// fastLoopOf is a builtin that expr's compiler makes a loop of, over a
// list: the loop the VM runs, element by element, with its predicate
// (which must give a boolean where the VM jumps on it), its early end,
// and the lists it builds counted against the VM's memory budget. A
// loop over anything but a []any is the VM's.
func (b *fastBuilder) fastLoopOf(n *ast.BuiltinNode) fastNode {
	kind, ok := loopKinds[n.Name]
	if !ok || len(n.Arguments) == 0 || len(n.Arguments) > 2 {
		return nil
	}
	list := b.fast(n.Arguments[0])
	if list == nil {
		return nil
	}
	b.loops++
	var pred, mapped fastNode
	if len(n.Arguments) == 2 {
		pred = b.fast(n.Arguments[1])
	} else if kind.itemAsPredicate {
		pred = b.fastPointer(&ast.PointerNode{})
	}
	if n.Map != nil {
		mapped = b.fast(n.Map)
	}
	b.loops--
	if pred == nil || n.Map != nil && mapped == nil {
		return nil
	}
	b.scoped = true
	lp := &loopPlan{kind: kind, pred: pred, mapped: mapped, throws: n.Throws, threshold: -1}
	if n.Threshold != nil {
		lp.threshold = *n.Threshold
	}
	return func(env map[string]any, sc *fastScope) (any, fastState) {
		v, ok := operand(list, env, sc)
		items, isList := v.([]any)
		if !ok || !isList {
			return nil, fastVM
		}
		outer := sc.loop
		sc.loop = &fastLoop{items: items}
		v, st := lp.run(env, sc)
		sc.loop = outer
		return v, st
	}
}

// loopOp is what a loop builtin does with its predicate's values.
type loopOp uint8

const (
	loopAll loopOp = iota
	loopNone
	loopAny
	loopOne
	loopCount
	loopFilter
	loopMap
	loopSum
	loopFind      // find and findLast
	loopFindIndex // findIndex and findLastIndex
)

// loopKind is one loop builtin.
type loopKind struct {
	op              loopOp
	itemAsPredicate bool // with one argument, the element is the predicate (count, sum)
	backwards       bool // findLast, findLastIndex
}

// loopKinds are the loop builtins fastLoopOf runs.
var loopKinds = map[string]loopKind{
	"all": {op: loopAll}, "none": {op: loopNone}, "any": {op: loopAny}, "one": {op: loopOne},
	"filter": {op: loopFilter}, "map": {op: loopMap},
	"count": {op: loopCount, itemAsPredicate: true}, "sum": {op: loopSum, itemAsPredicate: true},
	"find": {op: loopFind}, "findIndex": {op: loopFindIndex},
	"findLast": {op: loopFind, backwards: true}, "findLastIndex": {op: loopFindIndex, backwards: true},
}

// loopPlan is one loop builtin of an expression.
type loopPlan struct {
	kind      loopKind
	pred      fastNode // the predicate, or the element
	mapped    fastNode // what filter and find give for an element (the optimizer's map(filter(...))); nil for the element
	throws    bool     // find gives an error, not nil, where nothing matches (the optimizer's first(filter(...)) without ?)
	threshold int      // count stops there (the optimizer's count(...) > n); -1 for none
}

// run runs the loop over sc.loop's elements.
func (lp *loopPlan) run(env map[string]any, sc *fastScope) (any, fastState) {
	l := sc.loop
	n := len(l.items)
	var out []any
	if lp.kind.op == loopMap {
		out = make([]any, 0, n)
	}
	count := 0
	var acc any = 0
	for i := range n {
		l.index = i
		if lp.kind.backwards {
			l.index = n - 1 - i
		}
		v, st := lp.pred(env, sc)
		if st != fastOK {
			return nil, fastVM
		}
		switch lp.kind.op {
		case loopMap:
			out = append(out, v)
			continue
		case loopSum:
			if acc, st = safely(func() any { return runtime.Add(v, acc) }); st != fastOK {
				return nil, fastVM
			}
			continue
		}
		truth, isBool := v.(bool)
		if !isBool {
			return nil, fastVM
		}
		switch lp.kind.op {
		case loopAll:
			if !truth {
				return false, fastOK
			}
		case loopNone:
			if truth {
				return false, fastOK
			}
		case loopAny:
			if truth {
				return true, fastOK
			}
		case loopOne, loopCount:
			if truth {
				count++
				if lp.threshold >= 0 && count >= lp.threshold {
					return count, fastOK
				}
			}
		case loopFilter:
			if truth {
				e, st := lp.element(env, sc)
				if st != fastOK {
					return nil, fastVM
				}
				out = append(out, e)
			}
		case loopFind:
			if truth {
				return lp.element(env, sc)
			}
		case loopFindIndex:
			if truth {
				return l.index, fastOK
			}
		}
	}
	switch lp.kind.op {
	case loopAll, loopNone:
		return true, fastOK
	case loopAny:
		return false, fastOK
	case loopOne:
		return count == 1, fastOK
	case loopCount:
		return count, fastOK
	case loopSum:
		return acc, fastOK
	case loopMap, loopFilter:
		if !sc.grow(len(out)) {
			return nil, fastVM
		}
		if out == nil {
			out = []any{}
		}
		return out, fastOK
	case loopFind:
		if lp.throws {
			return nil, fastVM // the VM's error
		}
	}
	return nil, fastOK // find, findIndex: nothing matched
}

// element is what filter or find gives for the element the loop is at.
func (lp *loopPlan) element(env map[string]any, sc *fastScope) (any, fastState) {
	if lp.mapped == nil {
		return sc.loop.items[sc.loop.index], fastOK
	}
	v, st := lp.mapped(env, sc)
	if st != fastOK {
		return nil, fastVM
	}
	return v, fastOK
}
