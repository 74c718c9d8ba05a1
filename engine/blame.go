package engine

import (
	"strconv"
	"strings"
)

// WithInputPositions lets errors point into the file the run's input was
// read from: pos returns where the value at a JSON pointer of the input is
// written, and false when the file has no value there.
func WithInputPositions(pos func(pointer string) (Pos, bool)) RunOption {
	return func(c *runConfig) { c.inputPos = pos }
}

// blame points e, the error of step s, at the merchant's own files when s
// belongs to a shipped pipeline and the run knows which value of the
// merchant's the failure came from: a field of the input that is missing
// (first), a setting the merchant wrote, or a field of the input that is
// there. e keeps the shipped pipeline's position in Via. For a payload
// that a builtin rejected, each finding gets the source of its value.
func (r *run) blame(f *frame, s *cstep, e *Error) {
	var srcs []source
	exact := false // blame a field of the input that is there only if it is the value itself
	switch {
	case e.Code == CodeCall:
		ds := e.Details()
		if len(ds) == 0 {
			return
		}
		annotated := make([]Detail, len(ds))
		// The frame is as it was when the arguments were evaluated: the
		// failed call has stored nothing.
		args := r.valueOrigin(f, s, s.with, r.args, false)
		for i, d := range ds {
			annotated[i] = d
			o := args.at(d.Pointer)
			annotated[i].Source = r.detailSource(o)
			if srcs == nil {
				srcs, exact = o.sources(), o != nil && o.src != nil
			}
		}
		e.details = annotated
	case e.Code == CodeAssert || e.Code == CodeFail:
		if s.pointer != nil {
			if v, err := r.eval(f, s, s.pointer); err == nil {
				if ptr, ok := v.(string); ok && ptr != "" {
					srcs = []source{{ptr: ptr}}
					e.Pointer = ptr
				}
			}
		}
		if s.assert != nil {
			srcs = append(srcs, r.originOf(s.assert.originPlan(), f, elem{}, nil, nil).sources()...)
		}
		exact = true
	case e.Code == CodeRuntime && e.expr != nil:
		srcs, exact = r.originOf(e.expr.originPlan(), f, elem{}, nil, nil).sources(), true
	}
	if !r.prog.pipeline.shipped[e.Pos.File] || e.Via.IsValid() {
		return
	}
	src, at, ok := r.merchantSource(srcs, exact)
	if !ok {
		return
	}
	e.Via, e.Pos = e.Pos, at
	if src.setting {
		e.Pointer = "settings." + settingName(src.ptr)
	} else {
		e.Pointer = src.ptr
	}
}

// detailSource says what the payload field of origin o was built from:
// an input field that is missing; for a field that none of several places
// had (a ?? b ?? c), every place it was looked for; else the one place o
// is exactly, or a setting the merchant wrote. It is "" when unknown.
func (r *run) detailSource(o *origin) string {
	if o != nil && o.alts != nil {
		// Every place the value was looked for: where an alternative is
		// exactly, and what a computed one lacked.
		var inputs, settings []string
		for _, a := range o.alts {
			for _, s := range a.sources() {
				if a.src == nil && r.has(s) {
					continue
				}
				if s.setting {
					settings = appendNew(settings, s.String())
				} else {
					inputs = appendNew(inputs, s.String())
				}
			}
		}
		return strings.Join(append(inputs, settings...), " or ")
	}
	srcs := o.sources()
	for _, s := range srcs {
		if !s.setting && !r.inInput(s.ptr) {
			return s.String()
		}
	}
	if o != nil && o.src != nil {
		return o.src.String()
	}
	for _, s := range srcs {
		if _, ok := r.merchantSetting(s); ok {
			return s.String()
		}
	}
	return ""
}

// merchantSource picks, among srcs, the one to blame and where the merchant
// wrote it: a missing input field (at its nearest written parent), a
// setting written in the merchant's files, or, when present says the
// value is the field itself (or a check reads it), an input field.
func (r *run) merchantSource(srcs []source, present bool) (source, Pos, bool) {
	if r.cfg.inputPos != nil {
		for _, s := range srcs {
			if !s.setting && !r.inInput(s.ptr) {
				if at, ok := r.inputPosition(s.ptr); ok {
					return s, at, true
				}
			}
		}
	}
	for _, s := range srcs {
		if at, ok := r.merchantSetting(s); ok {
			return s, at, true
		}
	}
	if r.cfg.inputPos != nil && present {
		for _, s := range srcs {
			if !s.setting {
				if at, ok := r.inputPosition(s.ptr); ok {
					return s, at, true
				}
			}
		}
	}
	return source{}, Pos{}, false
}

// merchantSetting returns where the merchant wrote the setting s, or the
// nearest setting above it: not in a shipped pipeline, and not just the
// `settings` key itself.
func (r *run) merchantSetting(s source) (Pos, bool) {
	if !s.setting || s.ptr == "" {
		return Pos{}, false
	}
	at, ok := r.settingsPos.at(s.ptr)
	if !ok || at.Key == r.settingsPos[""].Key || r.prog.pipeline.shipped[at.Key.File] {
		return Pos{}, false
	}
	return at.Value, true
}

// inputPosition is where the input value at ptr, or the nearest one above
// it, is written.
func (r *run) inputPosition(ptr string) (Pos, bool) {
	for {
		if at, ok := r.cfg.inputPos(ptr); ok {
			return at, true
		}
		if ptr == "" {
			return Pos{}, false
		}
		ptr = ptr[:lastSlash(ptr)]
	}
}

// has reports whether the run has a value at s: in its input or its
// settings.
func (r *run) has(s source) bool {
	if s.setting {
		return lookupPointer(r.settings, s.ptr) != nil
	}
	return r.inInput(s.ptr)
}

// appendNew appends s to list unless it is there.
func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// inInput reports whether the run's input has a value (not null) at ptr.
func (r *run) inInput(ptr string) bool {
	return lookupPointer(r.trace.Input, ptr) != nil
}

// lookupPointer returns the value at the JSON pointer ptr in v, or nil.
func lookupPointer(v any, ptr string) any {
	for _, tok := range pointerTokens(ptr) {
		v = member(v, tok)
	}
	return v
}

// member is the value at key in a mapping, or at the index key in a list;
// nil when there is none.
func member(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		return x[key]
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(x) {
			return nil
		}
		return x[i]
	}
	return nil
}

// lastSlash is the index of the last "/" of a JSON pointer, 0 for none.
func lastSlash(ptr string) int {
	for i := len(ptr) - 1; i >= 0; i-- {
		if ptr[i] == '/' {
			return i
		}
	}
	return 0
}
