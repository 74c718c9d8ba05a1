package sim

import (
	"strconv"
	"strings"

	"github.com/sevenflow/sevenflow/schemas"
)

// reading is how compatible mode reads one value that breaks the schema
// under a lenient rule.
type reading struct {
	rule, pointer, message string
	apply                  func() // rewrites the value in the body
	waive                  bool   // what is left wrong at pointer is forgiven
}

// readingsOf returns a reading for each pointer of vs that a lenient rule
// covers, in pointer order.
func readingsOf(schema string, obj Object, vs []schemas.Violation) []reading {
	keywords := map[string][]string{}
	var pointers []string
	for _, v := range vs {
		if _, seen := keywords[v.Pointer]; !seen {
			pointers = append(pointers, v.Pointer)
		}
		keywords[v.Pointer] = append(keywords[v.Pointer], v.Keyword)
	}
	var out []reading
	for _, p := range pointers {
		if r, found := readingOf(schema, obj, p, keywords[p]); found {
			out = append(out, r)
		}
	}
	return out
}

// readingOf finds the lenient rule, if any, that reads the value at
// pointer, which failed the schema keywords.
func readingOf(schema string, obj Object, pointer string, keywords []string) (reading, bool) {
	s, found := locate(obj, pointer)
	if pointer == "" || !found {
		return reading{}, false
	}
	if s.key == "shipment_id" || s.parentKey == "shipment_ids" {
		if n, isNum := s.get().(float64); isNum {
			id := formatNumber(n)
			return reading{rule: ruleShipmentIDString, pointer: pointer, message: id + " read as " + quote(id),
				apply: func() { s.set(id) }}, true
		}
	}
	if keyFields[s.key] {
		return reading{}, false
	}
	switch x := s.get().(type) {
	case nil:
		if s.removable() {
			return placeholder(schema, obj, pointer, "null", s), true
		}
	case string:
		return stringReading(schema, obj, pointer, x, s)
	case float64:
		if x == 0 && !contains(keywords, "type") && mandatory(schema, obj, pointer) {
			return reading{rule: ruleMandatoryPlaceholder, pointer: pointer, waive: true, apply: func() {},
				message: "0 for a mandatory field accepted"}, true
		}
	case []any:
		if len(x) == 0 && contains(keywords, "type") {
			return reading{rule: rulePHPEmptyMap, pointer: pointer, message: "[] read as an empty object {}",
				apply: func() { s.set(Object{}) }}, true
		}
	}
	return reading{}, false
}

// stringReading reads "", a date-time variant or a carrier name in
// another case.
func stringReading(schema string, obj Object, pointer, x string, s slot) (reading, bool) {
	switch {
	case x == "" && s.removable():
		return placeholder(schema, obj, pointer, `""`, s), true
	case dateKeys[s.key]:
		if t, isTime := parseTime(x); isTime {
			v := rfc3339(t)
			return reading{rule: ruleDateTimeVariant, pointer: pointer, message: quote(x) + " read as " + v,
				apply: func() { s.set(v) }}, true
		}
	case s.parentKey == "carrier" && (s.key == "name" || s.key == "carrier_name"):
		if name, known := carrierName(x); known && name != x {
			return reading{rule: ruleCarrierNameCase, pointer: pointer, message: quote(x) + " read as " + quote(name),
				apply: func() { s.set(name) }}, true
		}
	}
	return reading{}, false
}

// slot is the place of one value inside a decoded body.
type slot struct {
	key, parentKey string // the last two tokens of the pointer
	obj            Object // the parent, if an object
	arr            []any  // the parent, if an array
	index          int
}

func (s slot) get() any {
	if s.obj != nil {
		return s.obj[s.key]
	}
	return s.arr[s.index]
}

func (s slot) set(v any) {
	if s.obj != nil {
		s.obj[s.key] = v
		return
	}
	s.arr[s.index] = v
}

// removable reports whether the value can be left out: an object field.
func (s slot) removable() bool { return s.obj != nil }

func (s slot) remove() {
	if s.obj != nil {
		delete(s.obj, s.key)
	}
}

// locate follows a JSON pointer into obj to an existing value.
func locate(obj Object, pointer string) (slot, bool) {
	toks := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	var cur any = obj
	s := slot{}
	for i, tok := range toks {
		tok = unescapeToken.Replace(tok)
		s = slot{key: tok, parentKey: s.key}
		switch x := cur.(type) {
		case Object:
			v, has := x[tok]
			if !has {
				return slot{}, false
			}
			s.obj, cur = x, v
		case []any:
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(x) {
				return slot{}, false
			}
			s.arr, s.index, cur = x, n, x[n]
		default:
			return slot{}, false
		}
		if i == len(toks)-1 {
			return s, true
		}
	}
	return slot{}, false
}

// unescapeToken turns a JSON pointer token into the name it stands for.
var unescapeToken = strings.NewReplacer("~1", "/", "~0", "~")
