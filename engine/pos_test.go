package engine_test

import (
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// TestRebase checks that expression errors land on their own position in
// the file for every style of YAML scalar.
func TestRebase(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"plain", "x: nope + 1", "t.yaml:5:10: step \"s\": unknown name `nope`"},
		{"plain later", "x: 1 + nope", "t.yaml:5:14: step \"s\": unknown name `nope`"},
		{"plain folded", "x: 1 +\n          2 + nope", "t.yaml:6:15: step \"s\": unknown name `nope`"},
		{"double quoted", `x: "1 + nope"`, "t.yaml:5:15: step \"s\": unknown name `nope`"},
		{"double quoted escapes", `x: "\"a\" +\t nope"`, "t.yaml:5:21: step \"s\": unknown name `nope`"},
		{"double quoted two lines", "x: \"1 +\n          2 + nope\"", "t.yaml:6:15: step \"s\": unknown name `nope`"},
		{"single quoted", `x: '''a'' + nope'`, "t.yaml:5:19: step \"s\": unknown name `nope`"},
		{"flow map", `{ x: 1 + nope }`, "t.yaml:4:19: step \"s\": unknown name `nope`"},
		{"literal", "x: |\n          1 +\n            nope", "t.yaml:7:13: step \"s\": unknown name `nope`"},
		{"literal keep", "x: |+\n          nope\n\n", "t.yaml:6:11: step \"s\": unknown name `nope`"},
		{"folded", "x: >\n          1 +\n          2 + nope", "t.yaml:7:15: step \"s\": unknown name `nope`"},
		{"syntax", "x: (1 + ", "t.yaml:5:13: step \"s\": unexpected token EOF"},
		{"list", "x: [1, nope]", "t.yaml:5:14: step \"s\": unknown name `nope`"},
	}
	tests = append(tests, struct{ name, value, want string }{"unicode escape", `x: "'\u00e4' + nope"`, "t.yaml:5:22: step \"s\": unknown name `nope`"})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "pipeline: t\nsteps:\n  - id: s\n    set:\n      " + tc.value + "\n"
			if tc.name == "flow map" {
				src = "pipeline: t\nsteps:\n  - id: s\n    set: " + tc.value + "\n"
			}
			p, err := engine.Load("t.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			_, err = engine.Compile(p, nil)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s\nsrc:\n%s", err, tc.want, src)
			}
		})
	}
}
