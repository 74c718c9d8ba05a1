package engine_test

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/engine"
)

// TestWithParsed checks that the loader takes the tree WithParsed gives
// for a source instead of parsing it, and parses a source it has none for.
func TestWithParsed(t *testing.T) {
	const src = "pipeline: written\nsteps:\n  - id: a\n    set: { x: 1 }\n"
	var other yaml.Node
	if err := yaml.Unmarshal([]byte("pipeline: given\nsteps:\n  - id: b\n    set: { y: 2 }\n"), &other); err != nil {
		t.Fatal(err)
	}
	asked := 0
	trees := func(s []byte) (*yaml.Node, bool) {
		asked++
		if string(s) == src {
			return &other, true
		}
		return nil, false
	}
	p, err := engine.Load("a.yaml", []byte(src), engine.WithParsed(trees))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "given" || asked != 1 {
		t.Errorf("loaded %q after %d asks, want the given tree's pipeline after 1", p.Name, asked)
	}
	p, err = engine.Load("b.yaml", []byte("pipeline: parsed\nsteps: []\n"), engine.WithParsed(trees))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "parsed" {
		t.Errorf("loaded %q, want the source parsed", p.Name)
	}
}
