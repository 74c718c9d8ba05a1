package engine

import "maps"

// extend returns child merged over base: child's settings deep-merged over
// base's, and child's steps replacing the base steps of the same id
// (anywhere in base's tree) or, if none has it, appended.
func extend(base, child *Pipeline) *Pipeline {
	p := *child
	p.Extends = child.Extends
	if p.Description == "" {
		p.Description = base.Description
	}
	if p.Input == "" {
		p.Input, p.inputPos = base.Input, base.inputPos
	}
	p.Settings = mergeSettings(base.Settings, child.Settings)
	p.settingsPos = child.settingsPos.over(base.settingsPos)
	p.Limits = base.Limits.over(child.Limits)
	p.limitsPos = maps.Clone(base.limitsPos)
	if p.limitsPos == nil {
		p.limitsPos = map[string]Pos{}
	}
	maps.Copy(p.limitsPos, child.limitsPos)
	p.SettingsSchema = mergeSchema(base.SettingsSchema, child.SettingsSchema)
	if !p.schemaPos.IsValid() {
		p.schemaPos = base.schemaPos
	}
	steps := append([]*Step(nil), base.Steps...)
	for _, s := range child.Steps {
		if s.ID != "" {
			if out, ok := replaceStep(steps, s); ok {
				steps = out
				continue
			}
		}
		steps = append(steps, s)
	}
	p.Steps = steps
	return &p
}

// replaceStep returns a copy of steps with the step of s's id replaced by s,
// copying only the steps on the way to it so that the base stays intact.
func replaceStep(steps []*Step, s *Step) ([]*Step, bool) {
	for i, old := range steps {
		if old.ID == s.ID {
			out := append([]*Step(nil), steps...)
			out[i] = s
			return out, true
		}
		if body, ok := replaceStep(old.Steps, s); ok {
			cp := *old
			cp.Steps = body
			out := append([]*Step(nil), steps...)
			out[i] = &cp
			return out, true
		}
		for j, c := range old.Cases {
			if body, ok := replaceStep(c.Steps, s); ok {
				cc := *c
				cc.Steps = body
				cp := *old
				cp.Cases = append([]*Case(nil), old.Cases...)
				cp.Cases[j] = &cc
				out := append([]*Step(nil), steps...)
				out[i] = &cp
				return out, true
			}
		}
	}
	return steps, false
}

// mergeSettings returns over deep-merged onto base: maps are merged key by
// key, anything else in over replaces base. Neither argument changes.
func mergeSettings(base, over map[string]any) map[string]any {
	if base == nil && over == nil {
		return nil
	}
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = mergeSettings(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}
