package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
)

// do runs the kind-specific part of a step whose `when` held. It returns the
// step's output and whether to store it under steps.<id>.
func (r *run) do(ctx context.Context, f *frame, s *cstep) (any, bool, error) {
	switch s.Kind {
	case KindCall:
		out, err := r.call(ctx, f, s)
		return out, true, err
	case KindSwitch:
		for _, c := range s.cases {
			if c.when != nil {
				ok, err := r.cond(f, s, c.when, CaseCondition)
				if err != nil {
					return nil, false, err
				}
				if !ok {
					continue
				}
			}
			return nil, false, r.steps(ctx, f.nested(), c.steps)
		}
		return nil, false, nil
	case KindForeach:
		out, err := r.foreach(ctx, f, s)
		return out, true, err
	case KindSet:
		set := make(map[string]any, len(s.set))
		o := &origin{kids: make(map[string]*origin, len(s.set))}
		for _, b := range s.set {
			v, vo, err := r.value(f, s, b.value)
			if err != nil {
				return nil, false, err
			}
			f.vars[b.name], set[b.name] = v, v
			f.orig.vars[b.name], o.kids[b.name] = vo, vo
		}
		f.orig.steps[s.ID] = o
		return set, true, nil
	case KindUse:
		out, err := r.use(ctx, f, s)
		return out, true, err
	case KindScript:
		out, err := r.hook(ctx, f, s)
		return out, true, err
	case KindAssert:
		ok, err := r.cond(f, s, s.assert, AssertCondition)
		if err == nil && !ok {
			msg := s.Message
			if msg == "" {
				msg = fmt.Sprintf("assertion failed: %s", s.Assert.Src)
			}
			err = &Error{Pos: s.Assert.Pos, Step: s.ID, Code: CodeAssert, Err: errors.New(msg)}
		}
		return nil, false, err
	}
	return nil, false, &Error{Pos: s.Pos, Step: s.ID, Code: CodeFail, Err: errors.New(s.Message)}
}

func (r *run) call(ctx context.Context, f *frame, s *cstep) (any, error) {
	v, err := r.evalValue(f, s, s.with)
	if err == nil {
		r.reportDefaults(f, s, s.with, v)
	}
	r.args = v
	if s.hook != nil {
		v, err = r.hook(ctx, f, s)
		if _, ok := v.(map[string]any); err == nil && !ok {
			err = &Error{Pos: s.hook.Pos, Step: s.ID, Code: CodeHook, Err: fmt.Errorf("hook: want an object of arguments for %s, not %s", s.Call, jsonType(v))}
		}
	}
	if err != nil {
		return nil, err
	}
	if s.hook != nil {
		v = dropNull(plain(v)) // value gave plain values already; a hook's may not be
	} else {
		v = dropNullIn(s.with, v)
	}
	args, _ := v.(map[string]any)
	if args == nil {
		args = map[string]any{}
	}
	depth, path := f.depth+1, f.at(s.ID)
	cctx := &callContext{Context: ctx, r: r, step: s.ID, path: path, depth: depth}
	out, err := r.callBuiltin(cctx, CallInfo{Path: path, Step: s.ID, Builtin: s.Call, Args: args}, s.builtin)
	r.emit(Call{Step: s.ID, Path: path, Builtin: s.Call, Args: args, Result: out, Err: err, Depth: depth})
	if err != nil {
		return nil, &Error{Pos: s.Pos, Step: s.ID, Code: CodeCall, Err: err}
	}
	return out, nil
}

// foreach runs the body once per element. Each iteration sees the steps
// before the loop and its own body's outputs; the loop's output is the list
// of each iteration's body outputs, by step id.
func (r *run) foreach(ctx context.Context, f *frame, s *cstep) (any, error) {
	v, err := r.eval(f, s, s.each)
	if err != nil {
		return nil, err
	}
	items, ok := list(v)
	if !ok {
		return nil, &Error{Pos: s.Foreach.Pos, Step: s.ID, Code: CodeRuntime, Err: fmt.Errorf("foreach `%s`: want a list, not %T", s.Foreach.Src, v)}
	}
	if lim := r.budget.lim.Iterations; len(items) > lim-r.budget.iterations {
		return nil, &Error{Pos: s.Foreach.Pos, Step: s.ID, Code: CodeLimit,
			Err: overLimit("iterations", lim, "foreach over %d items after %d iterations", len(items), r.budget.iterations)}
	}
	r.budget.iterations += len(items)
	from := r.originOf(s.each.originPlan(), f, elem{}, v, nil)
	outs := make([]any, 0, len(items))
	outOrig := &origin{items: make([]*origin, 0, len(items))}
	at := f.at(s.ID)
	for i, item := range items {
		index := strconv.Itoa(i)
		it := f.nested()
		it.path = at + "[" + index + "]"
		r.emit(Iteration{Step: s.ID, Path: at, As: s.As, Index: i, Item: item, Depth: f.depth + 1})
		it.steps = maps.Clone(f.steps)
		it.locals = maps.Clone(f.locals)
		if it.locals == nil {
			it.locals = map[string]any{}
		}
		it.locals[s.As], it.locals[localIndex] = item, i
		it.scope = nil // its own steps and locals
		it.orig = &origins{input: f.orig.input, steps: maps.Clone(f.orig.steps), vars: f.orig.vars, locals: maps.Clone(f.orig.locals)}
		if it.orig.locals == nil {
			it.orig.locals = map[string]*origin{}
		}
		it.orig.locals[s.As] = from.child(index)
		if err := r.steps(ctx, it, s.body); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(s.bodyIDs))
		oo := &origin{kids: make(map[string]*origin, len(s.bodyIDs))}
		for _, id := range s.bodyIDs {
			if v, ok := it.steps[id]; ok {
				out[id], oo.kids[id] = v, it.orig.steps[id]
			}
		}
		outs, outOrig.items = append(outs, out), append(outOrig.items, oo)
	}
	f.orig.steps[s.ID] = outOrig
	return outs, nil
}

// use runs a sub-pipeline with the step's `with` as its input (or, without
// `with`, the caller's input) and the caller's settings. Its output is the
// sub-pipeline's steps.
func (r *run) use(ctx context.Context, f *frame, s *cstep) (any, error) {
	input, inOrig := f.input, f.orig.input
	if s.with != nil {
		v, vo, err := r.value(f, s, s.with)
		if err != nil {
			return nil, err
		}
		input, inOrig = v, vo
	}
	sub := s.sub.frame(input, inOrig, f.settings, r.budget)
	sub.depth, sub.path = f.depth+1, f.at(s.ID)
	r.emit(Enter{Step: s.ID, Path: sub.path, Input: input, Depth: sub.depth})
	if err := r.steps(ctx, sub, s.sub.steps); err != nil {
		return nil, err
	}
	s.sub.keepFrameSize(sub)
	f.orig.steps[s.ID] = &origin{kids: sub.orig.steps}
	return sub.steps, nil
}
