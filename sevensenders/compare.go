package sevensenders

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Difference is one field of a create's body whose value differs from
// the one the resource found has.
type Difference struct {
	Pointer string // the field's JSON pointer in the body
	Stored  any    // the value the resource has
	Sent    any    // the value this run sends
	// StoredAbsent and SentAbsent say that a side has no value at all.
	StoredAbsent bool
	SentAbsent   bool
}

// String says where the values differ and both of them, as JSON:
//
//	/skus/0/net_value is "25.20" there, "26.00" in this run
func (d Difference) String() string {
	return fmt.Sprintf("%s is %s there, %s in this run", d.Pointer, showValue(d.Stored, d.StoredAbsent), showValue(d.Sent, d.SentAbsent))
}

// ChangeError is the error of a create whose resource exists with values
// other than the body's, which the API cannot change: it has no update of
// it (order items, labels, order states, product images, manifests), the
// resource is locked (a customs shipment declared in a manifest), or the
// update does not take the field.
type ChangeError struct {
	Resource    string // Found.Name
	Reason      string // "exists", or Found.Locked
	Differences []Difference
}

// Error names the resource, why it cannot change, and every difference:
//
//	customs shipment of shipment 1000003 is declared in manifest "M-ORD-1" and cannot change: /skus/0/net_value is "25.20" there, "26.00" in this run
func (e *ChangeError) Error() string {
	ds := make([]string, len(e.Differences))
	for i, d := range e.Differences {
		ds[i] = d.String()
	}
	return fmt.Sprintf("%s %s and cannot change: %s", e.Resource, e.Reason, strings.Join(ds, "; "))
}

// Compare compares body, the create that found f, with the resource. It
// looks only at the fields body sets, at any depth, and not at those the
// resource does not keep (a label's format); date-times compare as
// instants, numbers by value (also against a decimal string), country
// codes without regard to case, and an empty string or list sent matches
// a field the resource does not have. It returns the differences, none when the
// resource matches. When there are some and the API cannot change them,
// the error is a *ChangeError listing those; otherwise a PUT of body (or
// of its Operation.UpdatePart) to f.UpdatePath brings the resource in
// line.
func (f *Found) Compare(body any) ([]Difference, error) {
	if f.passed {
		return nil, nil
	}
	view, err := viewOf(body)
	if err != nil {
		return nil, fmt.Errorf("compare with %s: %w", f.Name, err)
	}
	stored, _ := f.stored.(map[string]any)
	var diffs []Difference
	for _, k := range sortedKeys(view) {
		if slices.Contains(f.unchecked, k) {
			continue
		}
		v, has := stored[k]
		diffs = compareValue(diffs, "/"+escapePointer(k), k, view[k], v, has)
	}
	if len(diffs) == 0 {
		return nil, nil
	}
	switch {
	case f.Locked != "":
		return diffs, &ChangeError{Resource: f.Name, Reason: f.Locked, Differences: diffs}
	case f.UpdatePath == "":
		return diffs, &ChangeError{Resource: f.Name, Reason: "exists", Differences: diffs}
	}
	var fixed []Difference
	for _, d := range diffs {
		if f.fixed != nil && f.fixed(d.Pointer) {
			fixed = append(fixed, d)
		}
	}
	if len(fixed) > 0 {
		return diffs, &ChangeError{Resource: f.Name, Reason: "exists", Differences: fixed}
	}
	return diffs, nil
}

// compareValue appends to out how sent, at ptr under the field key,
// differs from stored (has is false when there is no stored value).
func compareValue(out []Difference, ptr, key string, sent, stored any, has bool) []Difference {
	if stored == nil {
		has = false
	}
	differ := func() []Difference {
		return append(out, Difference{Pointer: ptr, Stored: stored, Sent: sent, StoredAbsent: !has})
	}
	switch s := sent.(type) {
	case map[string]any:
		st, isMap := stored.(map[string]any)
		if has && !isMap {
			return differ()
		}
		for _, k := range sortedKeys(s) {
			v, ok := st[k]
			out = compareValue(out, ptr+"/"+escapePointer(k), k, s[k], v, ok)
		}
		return out
	case []any:
		st, isList := stored.([]any)
		if !has && len(s) == 0 {
			return out
		}
		if !isList {
			return differ()
		}
		for i := range max(len(s), len(st)) {
			p := ptr + "/" + strconv.Itoa(i)
			switch {
			case i >= len(s):
				out = append(out, Difference{Pointer: p, Stored: st[i], SentAbsent: true})
			case i >= len(st):
				out = append(out, Difference{Pointer: p, Sent: s[i], StoredAbsent: true})
			default:
				out = compareValue(out, p, key, s[i], st[i], true)
			}
		}
		return out
	}
	if !has && sent == "" {
		// An empty string says nothing; an API may drop it (the
		// simulator does).
		return out
	}
	if !has || !sameScalar(key, sent, stored) {
		return differ()
	}
	return out
}

// sameScalar reports whether two JSON scalars of the field key mean the
// same: equal numbers (a number also equals a decimal string of it),
// strings equal as they are, as country codes in any case, or as
// date-times of the same instant.
func sameScalar(key string, a, b any) bool {
	x, xNum := number(a, false)
	y, yNum := number(b, false)
	if xNum || yNum {
		if !xNum {
			x, xNum = number(a, true)
		}
		if !yNum {
			y, yNum = number(b, true)
		}
		return xNum && yNum && x.Cmp(y) == 0
	}
	as, aStr := a.(string)
	bs, bStr := b.(string)
	if !aStr || !bStr {
		return reflect.DeepEqual(a, b)
	}
	if as == bs {
		return true
	}
	if isCountryField(key) {
		return strings.EqualFold(as, bs)
	}
	ta, aTime := parseInstant(as)
	tb, bTime := parseInstant(bs)
	return aTime && bTime && ta.Equal(tb)
}

// number returns v as an exact number: a JSON number, a Go number, or,
// when fromString is set, a decimal string.
func number(v any, fromString bool) (*big.Rat, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	case int:
		s = strconv.Itoa(x)
	case string:
		if !fromString {
			return nil, false
		}
		s = strings.TrimSpace(x)
	default:
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// isCountryField reports whether a field holds a country code: country,
// *_country, country_* (country_of_origin).
func isCountryField(key string) bool {
	return key == "country" || strings.HasSuffix(key, "_country") || strings.HasPrefix(key, "country_")
}

// instantLayouts are the date-time forms of the 7S documents: RFC 3339 and
// the "2017-08-19T15:47:00+0000" of 002's examples.
var instantLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"}

// parseInstant reads a date-time in one of instantLayouts.
func parseInstant(s string) (time.Time, bool) {
	for _, l := range instantLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// showValue writes a value in a message: as JSON, or absent.
func showValue(v any, absent bool) string {
	if absent {
		return "absent"
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// The replacers of escapePointer and unescapePointer, built once: a
// create compares every key of its body, and a replacer built per key
// was a twentieth of the bytes a batch allocated.
var (
	pointerEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// escapePointer escapes a key as a JSON pointer token (RFC 6901).
func escapePointer(k string) string {
	return pointerEscaper.Replace(k)
}

// unescapePointer undoes escapePointer.
func unescapePointer(tok string) string {
	return pointerUnescaper.Replace(tok)
}
