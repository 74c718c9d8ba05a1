package schemas_test

import (
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/schemas"
)

// TestShapeOfInputOrder checks the flattened view of the input schema:
// $refs followed, required names kept, closed objects marked.
func TestShapeOfInputOrder(t *testing.T) {
	sh, err := schemas.ShapeOf("input/order")
	if err != nil {
		t.Fatal(err)
	}
	if sh.Type != "object" || !sh.Closed {
		t.Errorf("order: type %q closed %v, want a closed object", sh.Type, sh.Closed)
	}
	for _, name := range []string{"order_id", "order_date", "recipient", "order_items"} {
		if !sh.IsRequired(name) {
			t.Errorf("%s is not required", name)
		}
	}
	if got := sh.At("recipient", "country").Type; got != "string" {
		t.Errorf("recipient/country: type %q, want string", got)
	}
	if got := sh.At("order_items", "0", "sku").Type; got != "string" {
		t.Errorf("order_items/0/sku: type %q, want string", got)
	}
	if sh.At("order_items", "0", "upc_code") == nil {
		t.Error("order_items/0/upc_code: no shape")
	}
	if sh.At("no_such_field") != nil {
		t.Error("an undeclared field of a closed object has a shape")
	}
}

// TestCompileDocument compiles a settings schema written in YAML form,
// validates with it and reads its shape.
func TestCompileDocument(t *testing.T) {
	doc := map[string]any{
		"type":                 "object",
		"additionalProperties": false,
		"required":             []any{"label"},
		"properties": map[string]any{
			"label":   map[string]any{"enum": []any{"sevensenders", "own"}, "description": "7S label or own"},
			"flex":    map[string]any{"type": "boolean", "default": false},
			"country": map[string]any{"$ref": "https://sevenflow.dev/schemas/defs.json#/$defs/country_code"},
		},
	}
	s, err := schemas.Compile("settings of test", doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(map[string]any{"label": "own", "flex": true}); err != nil {
		t.Errorf("valid settings: %v", err)
	}
	err = s.Validate(map[string]any{"label": "lite", "flexx": true})
	want := "settings of test: /flexx: unknown property; /label: must be one of \"sevensenders\", \"own\""
	if err == nil || err.Error() != want {
		t.Errorf("invalid settings:\n got %v\nwant %s", err, want)
	}
	sh := s.Shape()
	if got := strings.Join(sh.PropertyNames(), ","); got != "country,flex,label" {
		t.Errorf("properties %s", got)
	}
	if label := sh.At("label"); len(label.Enum) != 2 || label.Type != "string" || sh.At("flex").Type != "boolean" {
		t.Errorf("label %v, flex %v", sh.At("label"), sh.At("flex"))
	}
	if sh.At("country").Type != "string" {
		t.Errorf("country via $ref: type %q", sh.At("country").Type)
	}
	again, err := schemas.Compile("settings of test", doc)
	if err != nil || again == nil {
		t.Fatalf("compile again: %v", err)
	}
}
