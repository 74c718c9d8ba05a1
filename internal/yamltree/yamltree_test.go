package yamltree

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

// sample has what a shipped pipeline may use: comments, every style,
// tags, an anchor and its alias, flow and block collections.
const sample = `# head
pipeline: sample # line
settings: &base
  name: "quoted"
  other: 'single'
  block: |
    two
    lines
  folded: >-
    one
  list: [1, 2.5, true, null]
  tagged: !!str 12
copy: *base
steps:
  - id: a
    set: { x: input.a }
# foot
`

// TestRoundTrip checks that a tree read back is the tree yaml.v3 parsed:
// the sample's and every shipped pipeline's.
func TestRoundTrip(t *testing.T) {
	srcs := map[string][]byte{"sample": []byte(sample)}
	files, err := filepath.Glob("../../pipelines/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped pipelines: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[filepath.Base(f)] = b
	}
	var all []File
	want := map[string]*yaml.Node{}
	for name, src := range srcs {
		var n yaml.Node
		if err := yaml.Unmarshal(src, &n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want[name] = &n
		all = append(all, File{Src: src, Tree: &n})
	}
	enc, err := Encode(all)
	if err != nil {
		t.Fatal(err)
	}
	trees, err := Read(enc)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range srcs {
		got, ok := trees.Tree(src)
		if !ok {
			t.Errorf("%s: no tree", name)
			continue
		}
		if !reflect.DeepEqual(got, want[name]) {
			t.Errorf("%s: the tree read back differs from the one parsed", name)
		}
	}
	if _, ok := trees.Tree([]byte(sample + "\n")); ok {
		t.Error("a tree for a source it was not made from")
	}
}

// TestAliasTarget checks that an alias read back points at its anchor's
// node, not at a copy of it.
func TestAliasTarget(t *testing.T) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(sample), &n); err != nil {
		t.Fatal(err)
	}
	enc, err := Encode([]File{{Src: []byte(sample), Tree: &n}})
	if err != nil {
		t.Fatal(err)
	}
	trees, err := Read(enc)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := trees.Tree([]byte(sample))
	root := got.Content[0]
	settings, copied := root.Content[3], root.Content[5]
	if copied.Kind != yaml.AliasNode || copied.Alias != settings {
		t.Errorf("alias points at %p, want the anchored node %p", copied.Alias, settings)
	}
}

// FuzzDecode checks that no input makes decode panic or loop.
func FuzzDecode(f *testing.F) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(sample), &n); err != nil {
		f.Fatal(err)
	}
	e := &encoder{index: map[*yaml.Node]int{}}
	e.node(&n)
	f.Add(e.buf, e.n)
	f.Add([]byte{}, 1)
	f.Fuzz(func(t *testing.T, data []byte, nodes int) {
		decode(string(data), nodes)
		_, _ = Read(data)
	})
}
