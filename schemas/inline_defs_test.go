package schemas

import (
	"encoding/json"
	"reflect"
	"testing"
)

// settingsDoc is a settings schema as a shipped pipeline writes one: refs
// to whole shared definitions, one of which (country_code) is also used
// inside a list.
const settingsDoc = `{
  "type": "object",
  "properties": {
    "warehouse": {"type": "object", "properties": {"country": {"$ref": "https://sevenflow.dev/schemas/defs.json#/$defs/country_code"}}},
    "incoterm": {"$ref": "https://sevenflow.dev/schemas/defs.json#/$defs/incoterm"},
    "net_always": {"type": "array", "items": {"$ref": "https://sevenflow.dev/schemas/defs.json#/$defs/country_code"}},
    "email": {"$ref": "https://sevenflow.dev/schemas/defs.json#/$defs/email"}
  }
}`

func decodeDoc(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestInlinedValidatesTheSame checks that a settings schema whose shared
// definitions were copied into it (inlineDefs) finds the same violations,
// with the same messages, as the schema that refers to defs.json.
func TestInlinedValidatesTheSame(t *testing.T) {
	if err := reg.load(); err != nil {
		t.Fatal(err)
	}
	doc := decodeDoc(t, settingsDoc)
	if !inlineDefs(doc) {
		t.Fatal("inlineDefs refused a doc of whole-definition refs")
	}
	inlined, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	compile := func(url string, src []byte) *Schema {
		t.Helper()
		// As Prepare does: the document is registered for the
		// look-ups of x-message.
		setDoc(url, decodeDoc(t, string(src)))
		s, err := compileInline(url, src)
		if err != nil {
			t.Fatal(err)
		}
		return &Schema{name: "s", schema: s}
	}
	asIs := compile(inlinePrefix+"test-as-is.json", []byte(settingsDoc))
	copied := compile(inlinePrefix+"test-inlined.json", inlined)
	for i, inst := range []string{
		`{"warehouse": {"country": "DE"}, "incoterm": "DAP", "net_always": ["GB"], "email": "a@b.de"}`,
		`{"warehouse": {"country": "Germany"}, "incoterm": "dap", "net_always": ["GB", "xx1"], "email": "no"}`,
		`{"warehouse": {"country": 49}, "incoterm": null}`,
	} {
		v := decodeDoc(t, inst)
		want, got := asIs.Validate(v), copied.Validate(v)
		if (i > 0) != (want != nil) {
			t.Fatalf("%s: as is: %v; the instances after the first are invalid", inst, want)
		}
		if (want == nil) != (got == nil) || !reflect.DeepEqual(violationsOf(got), violationsOf(want)) {
			t.Errorf("%s:\n inlined: %v\n as is:   %v", inst, got, want)
		}
	}
}

func violationsOf(err error) []Violation {
	if ve, ok := err.(*ValidationError); ok {
		return ve.Violations
	}
	return nil
}

// TestInlineDefsRefuses checks the documents inlineDefs leaves as they
// are, because moving a definition into them could change what a ref
// means.
func TestInlineDefsRefuses(t *testing.T) {
	if err := reg.load(); err != nil {
		t.Fatal(err)
	}
	const ref = `"https://sevenflow.dev/schemas/defs.json#/$defs/`
	for name, src := range map[string]string{
		"no refs":             `{"type": "object"}`,
		"an $id below root":   `{"properties": {"a": {"$id": "https://example.com/a", "$ref": ` + ref + `country_code"}}}`,
		"a ref into a def":    `{"properties": {"a": {"$ref": ` + ref + `country_code/x-message"}}}`,
		"an unknown def":      `{"properties": {"a": {"$ref": ` + ref + `no_such_thing"}}}`,
		"$defs not a mapping": `{"$defs": [], "properties": {"a": {"$ref": ` + ref + `country_code"}}}`,
		"a key taken":         `{"$defs": {"defs.json:country_code": {}}, "properties": {"a": {"$ref": ` + ref + `country_code"}}}`,
		"not an object":       `true`,
	} {
		doc := decodeDoc(t, src)
		before := decodeDoc(t, src)
		if inlineDefs(doc) {
			t.Errorf("%s: inlined", name)
		}
		if !reflect.DeepEqual(doc, before) {
			t.Errorf("%s: changed the document it refused", name)
		}
	}
}
