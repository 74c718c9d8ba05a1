package engine

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

func (p *parser) steps(n *yaml.Node) []*Step {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, CodeBadValue, "steps: want a list, not %s", describe(n))
		return nil
	}
	var steps []*Step
	for _, c := range n.Content {
		if s := p.step(deref(c)); s != nil {
			steps = append(steps, s)
		}
	}
	return steps
}

// step reads one step. The kind is the one kind key present; the other
// keys must fit it.
func (p *parser) step(n *yaml.Node) *Step {
	s := &Step{Pos: p.pos(n), KeyPos: map[string]Pos{}}
	vals := map[string]*yaml.Node{}
	p.mapping(n, stepKeys, func(key string, k, v *yaml.Node) {
		s.KeyPos[key] = p.pos(k)
		vals[key] = v
	})
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var found []string
	for _, k := range kinds {
		if k == KindScript && vals[string(KindCall)] != nil {
			continue // a call's hook builds its arguments
		}
		if vals[string(k)] != nil {
			found = append(found, string(k))
		}
	}
	switch len(found) {
	case 0:
		p.errorf(n, CodeBadValue, "step has no kind: want one of %s", joinKinds())
		return nil
	case 1:
		s.Kind = StepKind(found[0])
	default:
		p.errorf(n, CodeBadValue, "step has %d kinds (%s): want one", len(found), strings.Join(found, ", "))
		return nil
	}
	common := []string{keyID, keyDescription, keyWhen, string(s.Kind)}
	for key := range vals {
		if !contains(common, key) && !contains(allowed[s.Kind], key) {
			p.errorf(vals[key], CodeUnknownKey, "key `%s` does not belong in a %s step", clip(key, 80), s.Kind)
		}
	}
	if v := vals[keyID]; v != nil {
		s.ID = p.str(v)
		if s.ID != "" && !idRE.MatchString(s.ID) {
			p.errorf(v, CodeBadValue, "step id %q: want letters, digits and _, not starting with a digit", clip(s.ID, 80))
		}
	}
	if v := vals[keyWhen]; v != nil {
		s.When = p.expr(v)
	}
	p.hook(s, vals)
	if v := vals[keyWith]; v != nil {
		if v.Kind != yaml.MappingNode {
			p.errorf(v, CodeBadValue, "with: want a mapping, not %s", describe(v))
		} else {
			s.With = p.value(v)
		}
	}
	v := vals[string(s.Kind)]
	switch s.Kind {
	case KindCall:
		s.Call = p.str(v)
	case KindSwitch:
		s.Cases = p.cases(v)
	case KindForeach:
		s.Foreach = p.expr(v)
		s.As = "item"
		if a := vals[keyAs]; a != nil {
			s.As = p.str(a)
			if !idRE.MatchString(s.As) {
				p.errorf(a, CodeBadValue, "as %q: want a name", clip(s.As, 80))
			}
		}
		if b := vals[keySteps]; b != nil {
			s.Steps = p.steps(b)
		} else {
			p.errorf(n, CodeBadValue, "foreach step has no `%s`", keySteps)
		}
	case KindSet:
		p.mapping(v, nil, func(key string, k, val *yaml.Node) {
			if !idRE.MatchString(key) {
				p.errorf(k, CodeBadValue, "set %q: want a name", clip(key, 80))
			}
			s.Set = append(s.Set, &Binding{Name: key, Pos: p.pos(k), Value: p.value(val)})
		})
	case KindUse:
		s.Use, s.usePos = p.str(v), p.pos(v)
	case KindAssert:
		s.Assert = p.expr(v)
		if m := vals[keyMessage]; m != nil {
			s.Message = p.str(m)
		}
	case KindFail:
		s.Message = p.str(v)
	}
	if v := vals[keyPointer]; v != nil {
		s.Pointer = p.expr(v)
	}
	return s
}

// cases reads the list of a switch: `- when: ... steps: [...]` and one
// `- default: [...]`, last.
func (p *parser) cases(n *yaml.Node) []*Case {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, CodeBadValue, "switch: want a list of cases, not %s", describe(n))
		return nil
	}
	var cases []*Case
	sawDefault := false
	for _, cn := range n.Content {
		cn = deref(cn)
		c := &Case{Pos: p.pos(cn)}
		var hasWhen, hasSteps, isDefault bool
		p.mapping(cn, []string{keyWhen, keySteps, keyDefault}, func(key string, _, v *yaml.Node) {
			switch key {
			case keyWhen:
				hasWhen = true
				c.When = p.expr(v)
			case keySteps:
				hasSteps = true
				c.Steps = p.steps(v)
			case keyDefault:
				isDefault = true
				c.Steps = p.steps(v)
			}
		})
		switch {
		case cn.Kind != yaml.MappingNode:
			continue
		case isDefault && (hasWhen || hasSteps):
			p.errorf(cn, CodeBadValue, "a default case has only `%s`", keyDefault)
		case isDefault && sawDefault:
			p.errorf(cn, CodeBadValue, "switch has two default cases")
		case !isDefault && (!hasWhen || !hasSteps):
			p.errorf(cn, CodeBadValue, "a case needs `%s` and `%s`, or `%s`", keyWhen, keySteps, keyDefault)
		case sawDefault:
			p.errorf(cn, CodeBadValue, "a case after the default case is never taken")
		}
		sawDefault = sawDefault || isDefault
		cases = append(cases, c)
	}
	return cases
}

// assignIDs checks that explicit ids are unique in the pipeline and derives
// the missing ones: the builtin's last name part, the sub-pipeline's name,
// or the kind, with _2, _3, ... when taken.
func (p *parser) assignIDs(steps []*Step) {
	first := map[string]*Step{}
	walkSteps(steps, func(s *Step) {
		if s.ID == "" {
			return
		}
		if f, dup := first[s.ID]; dup {
			p.errs = append(p.errs, &Error{Pos: s.KeyPos[keyID], Code: CodeDuplicateID,
				Err: fmt.Errorf("duplicate step id %q (first at %s)", clip(s.ID, 80), f.KeyPos[keyID])})
			return
		}
		first[s.ID] = s
	})
	walkSteps(steps, func(s *Step) {
		if s.ID != "" {
			return
		}
		base := string(s.Kind)
		switch {
		case s.Kind == KindCall && s.Call != "":
			base = s.Call[strings.LastIndex(s.Call, ".")+1:]
		case s.Kind == KindUse && s.Use != "":
			base = s.Use
		}
		base = strings.Map(func(r rune) rune {
			if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return '_'
		}, base)
		id := base
		for i := 2; first[id] != nil; i++ {
			id = fmt.Sprintf("%s_%d", base, i)
		}
		s.ID = id
		first[id] = s
	})
}

func joinKinds() string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func sorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}
