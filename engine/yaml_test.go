package engine

import (
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestPlainScalar checks that plainScalar decodes a scalar as yaml.v3's
// Decode does into an `any`, or leaves it to Decode.
func TestPlainScalar(t *testing.T) {
	scalars := []string{
		`text`, `"quoted"`, `'single'`, `""`, `!!str 12`, `"12"`,
		`~`, `null`, `Null`, `NULL`, ``, `!!null ""`,
		`true`, `false`, `True`, `FALSE`, `!!bool true`,
		`0`, `7`, `-7`, `200`, `-0`, `007`, `+5`, `1_000`, `0x1F`, `0o17`, `0b101`,
		`123456789012345678`, `1234567890123456789`, `99999999999999999999`, `-9223372036854775808`,
		`1.5`, `1e3`, `.inf`, `-.Inf`, `.nan`, `2001-12-14`, `2001-12-14T21:59:43.10-05:00`,
		`!!binary aGVsbG8=`, `!!float 3`, `!!int "3"`,
	}
	for _, src := range scalars {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("v: "+src), &doc); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		n := doc.Content[0].Content[1]
		got, ok := plainScalar(n)
		if !ok {
			continue
		}
		var want any
		if err := n.Decode(&want); err != nil {
			t.Errorf("%q: plainScalar = %#v, but Decode fails: %v", src, got, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q (%s): plainScalar = %#v, Decode = %#v", src, n.Tag, got, want)
		}
	}
	for _, src := range []string{`text`, `~`, `true`, `200`, `-7`} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("v: "+src), &doc); err != nil {
			t.Fatal(err)
		}
		if _, ok := plainScalar(doc.Content[0].Content[1]); !ok {
			t.Errorf("%q: plainScalar leaves it to Decode, want it read", src)
		}
	}
}
