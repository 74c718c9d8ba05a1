package sevensenders

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Answer is what an operation's 2xx answer holds.
type Answer int

// The kinds of answer.
const (
	AnswerJSON Answer = iota // a JSON object or array
	AnswerNone               // nothing: a delete (204)
	AnswerFile               // a file, such as a label's PDF or ZPL
)

// Operation is one operation of the 7S API, described once: the sevensenders.*
// builtins, the look-up before a create (Lookup), the read-back after an
// ambiguous failure (Do) and the builtins' documentation are all derived
// from it. Operations lists them.
type Operation struct {
	// Name is the operation's name, such as "create_order"; the builtin
	// is sevensenders.<Name>.
	Name string
	// Method is the HTTP method, such as http.MethodPost.
	Method string
	// Path is below the base URL; a segment in braces, such as {id}, is a
	// path key.
	Path string
	// Schema names the request body's schema in package schemas; "" for
	// no body.
	Schema   string
	Query    []string // the query keys a GET takes, in the order sent
	Required []string // the query keys that must be given
	// Answer says what a 2xx answer holds.
	Answer Answer
	// Key says by which of the merchant's values the resource a create
	// makes is found again, such as "order_id"; "" for an operation that
	// creates nothing.
	Key string
	// Update is the path of the PUT that changes what a create made, its
	// path keys filled from the resource found (id is the 7S id, which
	// 002 says updates need); "" when the API cannot change it.
	Update string
	// UpdateSchema names the schema of the PUT body. A field it does not
	// take cannot change.
	UpdateSchema string
	// UpdatePart, when set, names the body field that holds what Update
	// changes, such as the order inline in a label request; the rest of
	// the body cannot change, and only that field is sent.
	UpdatePart string
	// Fixed lists body fields the API keeps as they were created, though
	// the update schema takes them.
	Fixed []string
	// Doc is one line: what the operation does and its 7S doc section.
	Doc string

	locate locator // finds what a create makes; nil when Key is ""
}

// Operations returns every operation of the 7S API that sevenflow knows,
// one resource group after another. The slice is new on every call.
func Operations() []Operation {
	return slices.Clone(operations())
}

// The table, built once and never changed: a create looks itself up in
// it on every call.
var (
	opsOnce  sync.Once
	opsTable []Operation
)

// operations returns the table; callers must not change it.
func operations() []Operation {
	opsOnce.Do(func() { opsTable = buildOperations() })
	return opsTable
}

// buildOperations makes the table, one resource group after another.
func buildOperations() []Operation {
	var ops []Operation
	ops = append(ops, orderOperations()...)
	ops = append(ops, shipmentOperations()...)
	ops = append(ops, labelOperations()...)
	ops = append(ops, customsOperations()...)
	ops = append(ops, productOperations()...)
	ops = append(ops, directoryOperations()...)
	return ops
}

// PathKeys returns the names in braces of op.Path, in order.
func (op Operation) PathKeys() []string {
	var keys []string
	for seg := range strings.SplitSeq(op.Path, "/") {
		if k, ok := strings.CutPrefix(seg, "{"); ok {
			keys = append(keys, strings.TrimSuffix(k, "}"))
		}
	}
	return keys
}

// segmentAliases maps the other spellings of path segments the documents
// use (002 /order, /order-states) to the ones the table uses.
var segmentAliases = map[string]string{
	"order":        "orders",
	"shipment":     "shipments",
	"label":        "labels",
	"product":      "products",
	"manifest":     "manifests",
	"item":         "items",
	"image":        "images",
	"order-states": "order_states",
	"order_state":  "order_states",
	"order-state":  "order_states",
}

// createFor returns the create operation that a POST to path (below the
// base URL, with or without a query) runs, and the values of its path
// keys, unescaped.
func createFor(path string) (Operation, map[string]string, bool) {
	p, _, _ := strings.Cut(path, "?")
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, op := range operations() {
		if op.locate == nil || op.Method != http.MethodPost {
			continue
		}
		if params, ok := matchPath(op.Path, segs); ok {
			return op, params, true
		}
	}
	return Operation{}, nil, false
}

// matchPath reports whether segs fit the template tmpl, accepting the
// aliases of literal segments, and returns the path keys' values.
func matchPath(tmpl string, segs []string) (map[string]string, bool) {
	pattern := strings.Split(strings.Trim(tmpl, "/"), "/")
	if len(pattern) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pattern {
		seg := segs[i]
		if k, ok := strings.CutPrefix(p, "{"); ok {
			v, err := url.PathUnescape(seg)
			if err != nil || v == "" {
				return nil, false
			}
			params[strings.TrimSuffix(k, "}")] = v
			continue
		}
		if a, ok := segmentAliases[seg]; ok {
			seg = a
		}
		if seg != p {
			return nil, false
		}
	}
	return params, true
}

// fillPath replaces each path key in braces of tmpl with its value from
// obj, escaped; ok is false when one has no value.
func fillPath(tmpl string, obj map[string]any) (string, bool) {
	segs := strings.Split(tmpl, "/")
	for i, seg := range segs {
		k, isKey := strings.CutPrefix(seg, "{")
		if !isKey {
			continue
		}
		v := scalarString(obj[strings.TrimSuffix(k, "}")])
		if v == "" {
			return "", false
		}
		segs[i] = url.PathEscape(v)
	}
	return strings.Join(segs, "/"), true
}

// isFixed reports whether the field at the body pointer ptr cannot change
// by the operation's update: it is outside UpdatePart, the update schema
// does not take it, or the operation lists it as fixed.
func (op Operation) isFixed(ptr string, updatable []string) bool {
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		toks[i] = unescapePointer(t)
	}
	if op.UpdatePart != "" {
		if len(toks) < 2 || toks[0] != op.UpdatePart {
			return true
		}
		toks = toks[1:]
	}
	return slices.Contains(op.Fixed, toks[0]) || !slices.Contains(updatable, toks[0])
}
