package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaskField names values to mask, such as a recipient's e-mail address.
// Pointer is a JSON pointer pattern matched against the end of a value's
// pointer in whatever holds it: "/recipient/email" matches the input's
// /recipient/email and a step output's /order/recipient/email. A segment
// "*" matches any one key or index. Kind labels the masked value.
type MaskField struct {
	Pointer string
	Kind    string
	// PointerOnly masks the value at Pointer only, not where else it
	// turns up: for a value such as a city, which a warehouse's address
	// or a shop's name may share without being about the person.
	PointerOnly bool
}

// Mask masks personal data in what a run reports, so that a trace, a
// golden file or a debugger screen can be shared: a value at a pointer
// that a MaskField matches becomes ‹kind:hash›, hash the first six hex
// digits of the value's SHA-256, so that the same value reads the same
// everywhere and a diff still shows that it changed. A masked string is
// also masked wherever else it turns up in the run, in any value and any
// text (a log line, an error, a value built from it such as "street
// house_no"), as a whole word and in any case; strings shorter than four
// characters, and those of a PointerOnly field, are masked only at their
// pointers, since elsewhere they would match words and numbers that are
// not theirs.
//
// The hash is not encryption: a value that few values are possible for (a
// postcode) can be guessed from it. A Mask never changes and is safe to
// share; WithMask applies it to a run.
type Mask struct {
	fields map[string][]maskPattern // by last segment, "*" under "*"
}

// maskPattern is a MaskField split into segments.
type maskPattern struct {
	segs  []string
	kind  string
	learn bool // mask the value elsewhere too
}

// minLearned is the length, in characters, from which a masked string is
// looked for outside its pointer.
const minLearned = 4

// maskKind is what a MaskField's Kind may be.
var maskKind = regexp.MustCompile(`^[a-z][a-z_]*$`)

// maskToken matches a value masked already.
var maskToken = regexp.MustCompile(`^‹[a-z][a-z_]*:[0-9a-f]{6}›$`)

// NewMask returns a Mask of fields. A pointer that does not begin with
// "/" or a kind that is not a lower-case word is an error.
func NewMask(fields ...MaskField) (*Mask, error) {
	m := &Mask{fields: map[string][]maskPattern{}}
	for _, f := range fields {
		if !strings.HasPrefix(f.Pointer, "/") || f.Pointer == "/" {
			return nil, fmt.Errorf("mask field %q: want a JSON pointer such as /recipient/email", f.Pointer)
		}
		if !maskKind.MatchString(f.Kind) {
			return nil, fmt.Errorf("mask field %s: kind %q: want a lower-case word", f.Pointer, f.Kind)
		}
		segs := strings.Split(f.Pointer[1:], "/")
		for i, s := range segs {
			segs[i] = unescaper.Replace(s)
		}
		last := segs[len(segs)-1]
		m.fields[last] = append(m.fields[last], maskPattern{segs: segs, kind: f.Kind, learn: !f.PointerOnly})
	}
	return m, nil
}

// WithMask masks every value the run reports with m: the events of its
// trace (and so every rendering and serialisation of them), the trace's
// input, step outputs, vars and error, the error Run returns, and, under a
// debugger, each Pause and what Pause.Eval gives. The run itself sees the
// real values. A nil m masks nothing.
func WithMask(m *Mask) RunOption {
	return func(c *runConfig) { c.mask = m }
}

// Events returns a masked copy of the events of one recorded run (a
// --trace file's, to play it back without showing what the run was not
// told to mask), as WithMask would have recorded them. Values masked
// already stay as they are.
func (m *Mask) Events(events []Event) []Event {
	k := m.masker()
	out := make([]Event, len(events))
	for i, e := range events {
		out[i] = k.event(e)
	}
	return out
}

// masker is a Mask at work on one run: it remembers each string it
// masked at a pointer, to mask it elsewhere too. A nil masker masks
// nothing.
type masker struct {
	m       *Mask
	learned map[string]string // lower-cased value -> token
	sorted  []string          // the keys of learned, longest first; nil until needed
	re      *regexp.Regexp    // the learned values, for textFolded; nil until needed
}

// masker returns a new masker of m, or nil for a nil m.
func (m *Mask) masker() *masker {
	if m == nil {
		return nil
	}
	return &masker{m: m, learned: map[string]string{}}
}

// fieldAt returns the field matching path, if one does.
func (k *masker) fieldAt(path []string) (maskPattern, bool) {
	if len(path) == 0 {
		return maskPattern{}, false
	}
	for _, key := range []string{path[len(path)-1], "*"} {
		for _, p := range k.m.fields[key] {
			if matchSuffix(p.segs, path) {
				return p, true
			}
		}
	}
	return maskPattern{}, false
}

// matchSuffix reports whether path ends with segs, "*" matching any
// segment.
func matchSuffix(segs, path []string) bool {
	if len(segs) > len(path) {
		return false
	}
	tail := path[len(path)-len(segs):]
	for i, s := range segs {
		if s != "*" && s != tail[i] {
			return false
		}
	}
	return true
}

// token is the masked form of v: ‹kind:hash›.
func token(kind, v string) string {
	sum := sha256.Sum256([]byte(v))
	return "‹" + kind + ":" + hex.EncodeToString(sum[:3]) + "›"
}

// value returns v masked, whose pointer is path: v itself where nothing
// in it is masked, else a copy that shares the parts with nothing to
// mask (masked values are read, never changed, so sharing is safe). Most
// of a run's values hold no personal data, and copying them all was most
// of what masking cost. Values it cannot walk (a Go struct a builtin
// returned) are walked as their JSON.
func (k *masker) value(v any, path []string) any {
	if k == nil {
		return v
	}
	if len(path) == 0 {
		path = make([]string, 0, 16) // the walk's appends reuse it
	}
	out, _ := k.walk(v, path)
	return out
}

// walk is value, also reporting whether the result differs from v.
func (k *masker) walk(v any, path []string) (any, bool) {
	// An unchanged value is returned as v, already boxed: boxing a
	// string or a slice again would allocate.
	switch x := v.(type) {
	case nil, bool:
		return v, false
	case string:
		m := k.leaf(x, path)
		if m == x {
			return v, false
		}
		return m, true
	case json.Number, float64, float32, int, int64, int32, uint, uint64, uint32:
		if f, ok := k.fieldAt(path); ok {
			return token(f.kind, fmt.Sprint(x)), true
		}
		return v, false
	case map[string]any:
		var out map[string]any
		for key, e := range x {
			me, changed := k.walk(e, append(path, key))
			if !changed {
				continue
			}
			if out == nil {
				out = maps.Clone(x)
			}
			out[key] = me
		}
		if out == nil {
			return v, false
		}
		return out, true
	case []any:
		var out []any
		for i, e := range x {
			me, changed := k.walk(e, append(path, strconv.Itoa(i)))
			if !changed {
				continue
			}
			if out == nil {
				out = slices.Clone(x)
			}
			out[i] = me
		}
		if out == nil {
			return v, false
		}
		return out, true
	case json.RawMessage:
		if !k.mayMask(x) {
			return v, false
		}
		out, _ := k.walk(decodeJSON(x), path)
		return out, true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return v, false
	}
	out, _ := k.walk(decodeJSON(b), path)
	return out, true
}

// mayMask reports whether the JSON text raw may hold something to mask,
// looking at its bytes before anything decodes them: a key that ends a
// field's pointer, or a learned value. Text with an escape or a byte
// past ASCII, whose decoded form the bytes do not show, always may.
func (k *masker) mayMask(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			return true
		}
	}
	for key := range k.m.fields {
		if key == "*" || bytes.Contains(raw, []byte(`"`+key+`"`)) {
			return true
		}
	}
	if len(k.learned) == 0 {
		return false
	}
	lower := bytes.ToLower(raw)
	for v := range k.learned {
		if bytes.Contains(lower, []byte(v)) {
			return true
		}
	}
	return false
}

// decodeJSON decodes b with json.Number numbers; nil if it is not JSON.
func decodeJSON(b []byte) any {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// leaf masks a string at path: all of it at a field's pointer (learning
// it), else each learned value in it.
func (k *masker) leaf(s string, path []string) string {
	f, ok := k.fieldAt(path)
	if !ok || s == "" || maskToken.MatchString(s) {
		return k.text(s)
	}
	t := token(f.kind, s)
	if f.learn && utf8.RuneCountInString(s) >= minLearned {
		lower := strings.ToLower(s)
		if _, seen := k.learned[lower]; !seen {
			k.learned[lower] = t
			k.sorted, k.re = nil, nil
		}
	}
	return t
}

// Masker applies a Mask to one value after another, as a run does to its
// events: each string it masks at a field's pointer it masks wherever it
// finds it later, in values and in text. Use one per order, such as a
// journal's record of the order's calls. A Masker is not safe for
// concurrent use.
type Masker struct{ k *masker }

// NewMasker returns a Masker of m; that of a nil Mask masks nothing.
func (m *Mask) NewMasker() *Masker { return &Masker{k: m.masker()} }

// Value returns v, a JSON-like value, masked, its pointers taken from its
// root: v itself where nothing in it is masked, else a copy sharing the
// parts with nothing to mask.
func (x *Masker) Value(v any) any { return x.k.value(v, nil) }

// Text returns s with each string masked so far masked in it too.
func (x *Masker) Text(s string) string { return x.k.text(s) }

// maskTokenIn matches a masked value inside a string.
var maskTokenIn = regexp.MustCompile(`‹[a-z][a-z_]*:[0-9a-f]{6}›`)

// IsMasked reports whether v, a JSON-like value, holds a masked value
// anywhere: it is not what it was, and must not be sent anywhere as if
// it were.
func IsMasked(v any) bool {
	switch v := v.(type) {
	case string:
		return maskTokenIn.MatchString(v)
	case map[string]any:
		for k, x := range v {
			if maskTokenIn.MatchString(k) || IsMasked(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if IsMasked(x) {
				return true
			}
		}
	}
	return false
}
