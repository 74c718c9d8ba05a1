package schemas

import (
	"slices"
	"sort"
	"strings"
)

// Shape is what a schema says about the structure of a value, flattened:
// every $ref followed and every allOf merged. It is a summary for tools,
// not a validator: the engine types expressions with it, lint suggests
// setting names from it and the docs list settings from it. Validate is
// what decides whether a value is valid.
type Shape struct {
	// Type is "object", "array", "string", "boolean", "number" or
	// "integer", or "" when the schema allows several or says nothing.
	Type string
	// Nullable is true when null is one of the allowed values.
	Nullable    bool
	Description string
	Default     any
	Enum        []any
	// Properties are an object's declared properties; Required names
	// those that must be present.
	Properties map[string]*Shape
	Required   []string
	// Closed is true when an object takes no other property; otherwise
	// Extra, if not nil, is the shape of the other properties.
	Closed bool
	Extra  *Shape
	// Items is the shape of an array's elements (nil: any).
	Items *Shape
}

// maxShapeDepth bounds $ref chains, so a recursive schema cannot loop.
const maxShapeDepth = 32

// ShapeOf returns the shape of the embedded schema called name, such as
// "input/order" or "customs_shipment".
func ShapeOf(name string) (*Shape, error) {
	doc, err := document(name)
	if err != nil {
		return nil, err
	}
	return shapeOf(doc, baseURL+name+".json", 0), nil
}

// DocumentShape returns the shape of a schema document decoded from JSON or
// YAML (maps, lists, scalars). Its $refs may point at the embedded schemas
// by their absolute $id, as "https://sevenflow.dev/schemas/defs.json#/$defs/country".
func DocumentShape(doc any) *Shape {
	return shapeOf(doc, "", 0)
}

// IsRequired reports whether name is a required property of s.
func (s *Shape) IsRequired(name string) bool {
	return s != nil && slices.Contains(s.Required, name)
}

// PropertyNames returns the names of s's declared properties, sorted.
func (s *Shape) PropertyNames() []string {
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// At returns the shape of the value at the JSON pointer tokens path below
// s: a property, an extra property, or an array element. It returns nil
// where the schema says nothing.
func (s *Shape) At(path ...string) *Shape {
	for _, tok := range path {
		switch {
		case s == nil:
			return nil
		case s.Type == "array":
			s = s.Items
		case s.Properties[tok] != nil:
			s = s.Properties[tok]
		default:
			s = s.Extra
		}
	}
	return s
}

func shapeOf(v any, base string, depth int) *Shape {
	obj, _ := v.(map[string]any)
	sh := &Shape{}
	if obj == nil || depth > maxShapeDepth {
		return sh
	}
	if ref, ok := obj["$ref"].(string); ok {
		loc := ref
		if len(ref) > 0 && ref[0] == '#' {
			loc = base + ref
		}
		url := loc
		if i := strings.IndexByte(loc, '#'); i >= 0 {
			url = loc[:i]
		}
		if target := resolveRef(loc); target != nil {
			merge(sh, shapeOf(target, url, depth+1))
		}
	}
	if all, ok := obj["allOf"].([]any); ok {
		for _, sub := range all {
			merge(sh, shapeOf(sub, base, depth+1))
		}
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		if alts, ok := obj[key].([]any); ok {
			merge(sh, union(alts, base, depth))
		}
	}
	switch t := obj["type"].(type) {
	case string:
		sh.Type = t
	case []any:
		var types []string
		for _, x := range t {
			if s, ok := x.(string); ok && s != "null" {
				types = append(types, s)
			} else if ok {
				sh.Nullable = true
			}
		}
		sh.Type = ""
		if len(types) == 1 {
			sh.Type = types[0]
		}
	}
	if d, ok := obj["description"].(string); ok {
		sh.Description = d
	}
	if d, ok := obj["default"]; ok {
		sh.Default = d
	}
	if e, ok := obj["enum"].([]any); ok {
		sh.Enum = e
		for _, x := range e {
			if x == nil {
				sh.Nullable = true
			}
		}
	}
	if sh.Type == "" && len(sh.Enum) > 0 {
		sh.Type = enumType(sh.Enum)
	}
	if props, ok := obj["properties"].(map[string]any); ok {
		if sh.Properties == nil {
			sh.Properties = map[string]*Shape{}
		}
		for name, p := range props {
			sh.Properties[name] = mergeInto(sh.Properties[name], shapeOf(p, base, depth+1))
		}
	}
	if req, ok := obj["required"].([]any); ok {
		for _, r := range req {
			if s, ok := r.(string); ok && !slices.Contains(sh.Required, s) {
				sh.Required = append(sh.Required, s)
			}
		}
	}
	for _, key := range []string{"additionalProperties", "unevaluatedProperties"} {
		switch a := obj[key].(type) {
		case bool:
			sh.Closed = !a
		case map[string]any:
			sh.Extra = shapeOf(a, base, depth+1)
		}
	}
	if items, ok := obj["items"]; ok {
		sh.Items = shapeOf(items, base, depth+1)
	}
	return sh
}

// enumType is "string" or "boolean" when every value of an enum is one,
// else "".
func enumType(vals []any) string {
	t := ""
	for _, v := range vals {
		var vt string
		switch v.(type) {
		case string:
			vt = "string"
		case bool:
			vt = "boolean"
		default:
			return ""
		}
		if t != "" && t != vt {
			return ""
		}
		t = vt
	}
	return t
}

// union is the shape of anyOf or oneOf alternatives: their common type,
// if they share one, and the properties of all of them.
func union(alts []any, base string, depth int) *Shape {
	out := &Shape{}
	for i, a := range alts {
		s := shapeOf(a, base, depth+1)
		if i == 0 {
			out.Type = s.Type
		} else if out.Type != s.Type {
			out.Type = ""
		}
		out.Nullable = out.Nullable || s.Nullable
		for name, p := range s.Properties {
			if out.Properties == nil {
				out.Properties = map[string]*Shape{}
			}
			out.Properties[name] = mergeInto(out.Properties[name], p)
		}
	}
	return out
}

// mergeInto merges src into dst, making dst if it is nil.
func mergeInto(dst, src *Shape) *Shape {
	if dst == nil {
		return src
	}
	merge(dst, src)
	return dst
}

// merge adds what src says to dst: src's type, enum, description and
// default where dst has none, the union of their properties and required
// names, and src's openness.
func merge(dst, src *Shape) {
	if dst.Type == "" {
		dst.Type = src.Type
	}
	dst.Nullable = dst.Nullable || src.Nullable
	if dst.Description == "" {
		dst.Description = src.Description
	}
	if dst.Default == nil {
		dst.Default = src.Default
	}
	if dst.Enum == nil {
		dst.Enum = src.Enum
	}
	for name, p := range src.Properties {
		if dst.Properties == nil {
			dst.Properties = map[string]*Shape{}
		}
		dst.Properties[name] = mergeInto(dst.Properties[name], p)
	}
	for _, r := range src.Required {
		if !slices.Contains(dst.Required, r) {
			dst.Required = append(dst.Required, r)
		}
	}
	dst.Closed = dst.Closed || src.Closed
	if dst.Extra == nil {
		dst.Extra = src.Extra
	}
	if dst.Items == nil {
		dst.Items = src.Items
	}
}
