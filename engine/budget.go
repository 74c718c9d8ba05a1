package engine

import (
	"maps"
	"reflect"
	"slices"
)

// budget is what one run has taken of its limits so far. A run uses it
// from one goroutine at a time.
type budget struct {
	lim        Limits
	mem        int // bytes built
	steps      int // steps started
	iterations int // foreach iterations started
}

// charge adds n bytes to what the run has built. A nil budget (an
// evaluation outside a run, such as the debugger's) charges nothing.
func (b *budget) charge(n int) error {
	if b == nil {
		return nil
	}
	b.mem += n
	if b.mem > b.lim.MemoryBytes {
		return overLimit("memory_bytes", b.lim.MemoryBytes, "the run built more than %s", formatBytes(b.lim.MemoryBytes))
	}
	return nil
}

// checkInput reports an input that nests deeper than input_depth or is
// larger than input_bytes written out as JSON. The input is the run's:
// the error has the code of an invalid input.
func (p *Program) checkInput(input any) error {
	at := p.pipeline.inputPos
	if !at.IsValid() {
		at = p.pipeline.Pos
	}
	lim := p.limits
	if nestsDeeper(input, lim.InputDepth) {
		return &Error{Pos: at, Code: CodeInput, Err: overLimit("input_depth", lim.InputDepth, "input nests deeper than %d levels", lim.InputDepth)}
	}
	if n := sizeOf(input, lim.InputBytes+1); n > lim.InputBytes {
		return &Error{Pos: at, Code: CodeInput, Err: overLimit("input_bytes", lim.InputBytes, "input of more than %s", formatBytes(lim.InputBytes))}
	}
	return nil
}

// nestsDeeper reports whether v, JSON-like, nests more than limit levels
// of lists and mappings.
func nestsDeeper(v any, limit int) bool {
	switch x := v.(type) {
	case map[string]any:
		if limit < 1 {
			return true
		}
		for _, e := range x {
			if nestsDeeper(e, limit-1) {
				return true
			}
		}
	case []any:
		if limit < 1 {
			return true
		}
		for _, e := range x {
			if nestsDeeper(e, limit-1) {
				return true
			}
		}
	}
	return false
}

// sizeOf estimates, up to limit, how many bytes v takes written out as
// JSON: strings by their length, other scalars as a few bytes, each
// element and entry with its punctuation. Shared values count at every
// use, as writing them out would.
func sizeOf(v any, limit int) int {
	s := &sizer{limit: limit}
	s.any(v, 0)
	return s.n
}

// plainSized is plain(v) and, up to limit, its sizeOf, in one walk of v:
// what a run stores is converted and charged at once. Past limit the
// value returned is v as it is: the caller fails on the size.
func plainSized(v any, limit int) (any, int) {
	s := &sizer{limit: limit}
	p, _ := s.plain(v, 0)
	return p, s.n
}

// sizer is the state of one sizeOf.
type sizer struct {
	n, limit int
}

// maxSizeDepth is how deeply sizeOf follows a value; anything deeper
// counts as over the limit (the values a run sees are checked to nest
// far less deeply).
const maxSizeDepth = 1000

// any adds v, taking the JSON-like types without reflection.
func (s *sizer) any(v any, depth int) {
	if s.n > s.limit {
		return
	}
	if depth > maxSizeDepth {
		s.n = s.limit + 1
		return
	}
	switch x := v.(type) {
	case nil:
		s.n += 4
	case string:
		s.n += len(x) + 2
	case bool, float64, int, int64:
		s.n += 8
	case map[string]any:
		s.n += 2
		for k, e := range x {
			if s.n > s.limit {
				return
			}
			s.n += len(k) + 4
			s.any(e, depth+1)
		}
	case []any:
		s.n += 2
		for _, e := range x {
			if s.n > s.limit {
				return
			}
			s.n++
			s.any(e, depth+1)
		}
	default:
		s.add(reflect.ValueOf(v), depth)
	}
}

// plain adds v as any does and returns its plain form (plainOf), copying
// only the mappings and lists that change; it stops, returning v, once
// past the limit.
func (s *sizer) plain(v any, depth int) (any, bool) {
	if s.n > s.limit {
		return v, false
	}
	if depth > maxSizeDepth {
		s.n = s.limit + 1
		return v, false
	}
	switch x := v.(type) {
	case map[string]any:
		s.n += 2
		var cp map[string]any
		for k, e := range x {
			if s.n > s.limit {
				return v, false
			}
			s.n += len(k) + 4
			if ne, changed := s.plain(e, depth+1); changed {
				if cp == nil {
					cp = maps.Clone(x)
				}
				cp[k] = ne
			}
		}
		if cp == nil {
			return v, false
		}
		return cp, true
	case []any:
		s.n += 2
		var cp []any
		for i, e := range x {
			if s.n > s.limit {
				return v, false
			}
			s.n++
			if ne, changed := s.plain(e, depth+1); changed {
				if cp == nil {
					cp = slices.Clone(x)
				}
				cp[i] = ne
			}
		}
		if cp == nil {
			return v, false
		}
		return cp, true
	}
	p, changed := plainOf(v)
	s.any(p, depth)
	return p, changed
}

func (s *sizer) add(v reflect.Value, depth int) {
	if s.n > s.limit {
		return
	}
	if depth > maxSizeDepth {
		s.n = s.limit + 1
		return
	}
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			s.n += 4
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Invalid:
		s.n += 4
	case reflect.String:
		s.n += v.Len() + 2
	case reflect.Slice, reflect.Array:
		s.n += 2
		for i := 0; i < v.Len() && s.n <= s.limit; i++ {
			s.n++
			s.add(v.Index(i), depth+1)
		}
	case reflect.Map:
		s.n += 2
		for it := v.MapRange(); it.Next() && s.n <= s.limit; {
			s.n += 2
			s.add(it.Key(), depth+1)
			s.add(it.Value(), depth+1)
		}
	case reflect.Struct:
		s.n += 2
		for i := 0; i < v.NumField() && s.n <= s.limit; i++ {
			if v.Type().Field(i).IsExported() {
				s.n += len(v.Type().Field(i).Name) + 4
				s.add(v.Field(i), depth+1)
			}
		}
	default:
		s.n += 8
	}
}
