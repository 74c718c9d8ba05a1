package builtins_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
)

// personalKey matches the keys that may hold a person's data.
var personalKey = regexp.MustCompile(`^(recipient_)?(first_name|last_name|company_name|email|phone|street|house_no|address|address_details|city|zip|zip_code)$`)

// notPersonal are the properties of the schemas whose keys look personal
// and are not: they are a business's.
var notPersonal = map[string]string{
	"pudo_locations /*/address":              "a public pick-up point",
	"pudo_locations /*/city":                 "a public pick-up point",
	"pudo_locations /*/zip":                  "a public pick-up point",
	"warehouses /*/address":                  "the merchant's warehouse",
	"shipment /warehouse_address":            "the merchant's warehouse",
	"shipment_update /warehouse_address":     "the merchant's warehouse",
	"label /warehouse_address":               "the merchant's warehouse",
	"order_item_response /warehouse_address": "the merchant's warehouse",
}

// Every property of every schema whose key looks like personal data is
// masked by PersonalData, or named in notPersonal with the reason; and
// every field of PersonalData is a property of some schema, so that a
// renamed field cannot slip past the mask unnoticed.
func TestPersonalDataCoversTheSchemas(t *testing.T) {
	fields := builtins.PersonalData()
	if _, err := engine.NewMask(fields...); err != nil {
		t.Fatal(err)
	}
	used, seen := map[string]bool{}, map[string]bool{}
	for _, name := range schemas.Names() {
		src, err := schemas.Source(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		for _, path := range properties(t, doc, nil, 0) {
			key := path[len(path)-1]
			ptr := "/" + strings.Join(path, "/")
			covered := false
			for _, f := range fields {
				if suffixMatch(strings.Split(f.Pointer[1:], "/"), path) {
					covered, used[f.Pointer] = true, true
				}
			}
			_, allowed := notPersonal[name+" "+ptr]
			seen[name+" "+ptr] = true
			switch {
			case covered && allowed:
				t.Errorf("%s %s is masked and listed as not personal", name, ptr)
			case !covered && !allowed && personalKey.MatchString(key) && key != "recipient_country":
				t.Errorf("%s %s looks personal and is not masked: add it to PersonalData, or to notPersonal with the reason", name, ptr)
			}
		}
	}
	for p := range notPersonal {
		if !seen[p] {
			t.Errorf("notPersonal names %s, which no schema has", p)
		}
	}
	for _, f := range fields {
		if !used[f.Pointer] {
			t.Errorf("%s masks no property of any schema", f.Pointer)
		}
	}
}

// suffixMatch reports whether path ends with segs, "*" matching any.
func suffixMatch(segs, path []string) bool {
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

// defs is defs.json's $defs, which the schemas refer to.
func defs(t *testing.T) map[string]any {
	t.Helper()
	src, err := schemas.Source("defs")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	return doc["$defs"].(map[string]any)
}

// properties returns the paths of the properties a schema describes, an
// array's items as "*", following references into defs.json.
func properties(t *testing.T, s any, path []string, depth int) [][]string {
	m, ok := s.(map[string]any)
	if !ok || depth > 20 {
		return nil
	}
	var out [][]string
	if ref, ok := m["$ref"].(string); ok {
		if _, name, found := strings.Cut(ref, "#/$defs/"); found {
			out = append(out, properties(t, defs(t)[name], path, depth+1)...)
		}
	}
	if props, ok := m["properties"].(map[string]any); ok {
		for k, v := range props {
			p := append(slices.Clip(path), k)
			out = append(out, p)
			out = append(out, properties(t, v, p, depth+1)...)
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		out = append(out, properties(t, m[k], append(slices.Clip(path), "*"), depth+1)...)
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if list, ok := m[k].([]any); ok {
			for _, x := range list {
				out = append(out, properties(t, x, path, depth+1)...)
			}
		}
	}
	for _, k := range []string{"if", "then", "else"} {
		out = append(out, properties(t, m[k], path, depth+1)...)
	}
	return out
}
