package engine

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	exprparser "github.com/expr-lang/expr/parser"
	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/pipelines"
)

// TestPathTree checks that pathTree makes the tree expr's parser makes,
// node for node and position for position, of every path it takes, and
// takes no text the parser reads otherwise.
func TestPathTree(t *testing.T) {
	srcs := []string{
		"input.order_id", "input.recipient.first_name", "settings.warehouse.name", "vars.a1.b_2",
		"steps.prepare.parcels", "x.y", "_a._b", "input.order.not", "input.in", "a.true",
		"input", "1.a", "a.1", "a..b", "a.b.", ".a", "a .b", "a?.b", "a.b()", "a[0]", "true.a",
		"nil.a", "not.a", "a.é", "a-b.c", "let.a", "if.a", "a.if",
	}
	srcs = append(srcs, shippedExpressions(t)...)
	taken := 0
	for _, src := range srcs {
		got, ok := pathTree(src)
		want, err := exprparser.Parse(src)
		if !ok {
			continue
		}
		taken++
		if err != nil {
			t.Errorf("%q: pathTree took it, the parser fails: %v", src, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: pathTree made\n%#v\nthe parser\n%#v", src, got.Node, want.Node)
		}
	}
	if taken < 100 {
		t.Errorf("pathTree took %d of %d expressions: want the shipped paths", taken, len(srcs))
	}
}

// FuzzPathTree checks pathTree against expr's parser on arbitrary text.
func FuzzPathTree(f *testing.F) {
	for _, s := range []string{"input.order_id", "a.b.c", "a.not", "a?.b", "a.b()", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, ok := pathTree(src)
		if !ok {
			return
		}
		want, err := exprparser.Parse(src)
		if err != nil {
			t.Fatalf("%q: pathTree took it, the parser fails: %v", src, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: pathTree made\n%#v\nthe parser\n%#v", src, got.Node, want.Node)
		}
	})
}

// shippedExpressions returns every string value of the shipped
// pipelines' YAML that pathTree might be given: each scalar, whole.
func shippedExpressions(t *testing.T) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(pipelines.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		data, err := fs.ReadFile(pipelines.FS, path)
		if err != nil {
			return err
		}
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			return err
		}
		var walk func(*yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode {
				out = append(out, n.Value)
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&n)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
