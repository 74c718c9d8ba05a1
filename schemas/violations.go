package schemas

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// messageKey is the annotation that holds a rule's readable reason, next to
// the keyword it explains.
const messageKey = "x-message"

// messageKeywords are the keywords an x-message explains. Structural keywords
// (properties, items, $ref, allOf, unevaluatedProperties, ...) are left out
// so that a message never swallows an unrelated nested failure.
var messageKeywords = []string{
	"required", "anyOf", "oneOf", "not", "enum", "const", "type", "pattern",
	"format", "minimum", "exclusiveMinimum", "minLength", "minItems",
}

// formatMessages are the readable texts of failed format assertions.
var formatMessages = map[string]string{
	"date-time": "must be an RFC 3339 date-time such as 2024-01-15T10:30:00Z",
	"date":      "must be a date such as 2024-01-15",
	"email":     "must be an email address",
	"uri":       "must be an absolute URL",
}

// violations flattens the error tree of one validation into a sorted,
// de-duplicated list.
func violations(ve *jsonschema.ValidationError) []Violation {
	var out []Violation
	walk(ve, &out)
	if len(out) == 0 { // cannot happen with these schemas; never report "valid"
		leaf := ve
		for len(leaf.Causes) > 0 {
			leaf = leaf.Causes[0]
		}
		out = append(out, Violation{Pointer: leaf.InstanceLocation, Message: leaf.Message, Keyword: keyword(leaf)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pointer != out[j].Pointer {
			return out[i].Pointer < out[j].Pointer
		}
		return out[i].Message < out[j].Message
	})
	return slices.Compact(out)
}

func walk(ve *jsonschema.ValidationError, out *[]Violation) {
	if msg, ok := xMessage(ve); ok {
		leaf := ve
		for len(leaf.Causes) > 0 {
			leaf = leaf.Causes[0]
		}
		kw := keyword(leaf)
		if kw == "required" {
			for _, name := range quoted(leaf.Message) {
				*out = append(*out, Violation{Pointer: leaf.InstanceLocation + "/" + escape(name), Message: msg, Keyword: kw})
			}
			return
		}
		*out = append(*out, Violation{Pointer: leaf.InstanceLocation, Message: msg, Keyword: kw})
		return
	}
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			walk(c, out)
		}
		return
	}
	*out = append(*out, leafViolations(ve)...)
}

// xMessage returns the x-message of the schema object holding the keyword
// that ve reports, if that keyword is one an x-message explains.
func xMessage(ve *jsonschema.ValidationError) (string, bool) {
	loc := ve.AbsoluteKeywordLocation
	i := strings.LastIndexByte(loc, '/')
	if i < 0 || !slices.Contains(messageKeywords, loc[i+1:]) {
		return "", false
	}
	obj, _ := resolveRef(loc[:i]).(map[string]any)
	msg, ok := obj[messageKey].(string)
	return msg, ok
}

// keyword is the last keyword of ve's keyword location.
func keyword(ve *jsonschema.ValidationError) string {
	loc := ve.KeywordLocation
	return loc[strings.LastIndexByte(loc, '/')+1:]
}

func leafViolations(ve *jsonschema.ValidationError) []Violation {
	ptr := ve.InstanceLocation
	kw := keyword(ve)
	at := func(msg string) []Violation {
		return []Violation{{Pointer: ptr, Message: msg, Keyword: kw}}
	}
	switch kw {
	case "required":
		var vs []Violation
		for _, name := range quoted(ve.Message) {
			vs = append(vs, Violation{Pointer: ptr + "/" + escape(name), Message: "required", Keyword: kw})
		}
		return vs
	case "additionalProperties":
		var vs []Violation
		for _, name := range quoted(strings.TrimPrefix(ve.Message, "additionalProperties")) {
			vs = append(vs, Violation{Pointer: ptr + "/" + escape(name), Message: "unknown property", Keyword: kw})
		}
		return vs
	case "unevaluatedProperties":
		// A property whose own rule failed counts as unevaluated too; report
		// only names the schema does not declare.
		known := map[string]bool{}
		collectProperties(schemaAt(ve), known, 0)
		name := ptr[strings.LastIndexByte(ptr, '/')+1:]
		if known[unescapeToken.Replace(name)] {
			return nil
		}
		return []Violation{{Pointer: ptr, Message: "unknown property", Keyword: "additionalProperties"}}
	case "format":
		f, _ := schemaAt(ve)["format"].(string)
		if msg, ok := formatMessages[f]; ok {
			return at(msg)
		}
		return at("must be a valid " + f)
	case "enum":
		vals, _ := schemaAt(ve)["enum"].([]any)
		parts := make([]string, len(vals))
		for i, v := range vals {
			b, _ := json.Marshal(v)
			parts[i] = string(b)
		}
		return at("must be one of " + strings.Join(parts, ", "))
	case "const":
		b, _ := json.Marshal(schemaAt(ve)["const"])
		return at("must be " + string(b))
	case "not":
		return at("not allowed")
	case "minProperties", "minLength":
		return at("must not be empty")
	case "minItems":
		if n, _ := schemaAt(ve)["minItems"].(float64); n == 1 {
			return at("must not be empty")
		}
		return at(ve.Message)
	case "uniqueItems":
		var i, j int
		if _, err := fmt.Sscanf(ve.Message, "items at index %d and %d are equal", &i, &j); err == nil {
			return at(fmt.Sprintf("items %d and %d are the same", i, j))
		}
		return at(ve.Message)
	case "type":
		return at(strings.Replace(ve.Message, ", but got", ", got", 1))
	}
	return at(ve.Message)
}

// schemaAt returns the schema object holding the keyword ve reports.
func schemaAt(ve *jsonschema.ValidationError) map[string]any {
	loc := ve.AbsoluteKeywordLocation
	obj, _ := resolveRef(loc[:max(strings.LastIndexByte(loc, '/'), 0)]).(map[string]any)
	return obj
}

// quoted returns the single-quoted names in a validator message such as
// "missing properties: 'a', 'b'", sorted.
func quoted(msg string) []string {
	var names []string
	for {
		i := strings.IndexByte(msg, '\'')
		if i < 0 {
			break
		}
		msg = msg[i+1:]
		var b strings.Builder
		j := 0
		for ; j < len(msg); j++ {
			if msg[j] == '\\' && j+1 < len(msg) {
				j++
				b.WriteByte(msg[j])
				continue
			}
			if msg[j] == '\'' {
				break
			}
			b.WriteByte(msg[j])
		}
		names = append(names, b.String())
		if j >= len(msg) {
			break
		}
		msg = msg[j+1:]
	}
	sort.Strings(names)
	return names
}

// escape escapes a property name as a JSON pointer token.
func escape(name string) string {
	return escapeToken.Replace(name)
}
