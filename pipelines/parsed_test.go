package pipelines_test

import (
	"bytes"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/internal/yamltree"
	"github.com/sevenflow/sevenflow/pipelines"
)

// parsedFile is what `go test ./pipelines -update` writes.
const parsedFile = "parsed.bin"

// TestParsed checks that parsed.bin holds the tree of every shipped
// pipeline as it is now (-update rewrites it), and that Parsed gives
// each of them exactly what yaml.v3 parses and nothing for other text.
func TestParsed(t *testing.T) {
	names, err := fs.Glob(pipelines.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no shipped pipelines: %v", err)
	}
	var files []yamltree.File
	for _, name := range names {
		src, err := fs.ReadFile(pipelines.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files = append(files, yamltree.File{Src: src, Tree: &doc})
	}
	want, err := yamltree.Encode(files)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(parsedFile)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if *update && !bytes.Equal(got, want) {
		if err := os.WriteFile(parsedFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		// This binary embeds the file as it was: the next run checks Parsed.
		t.Logf("rewrote %s; run the test again to check what Parsed gives", parsedFile)
		return
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not the trees of the pipelines here: run `go test ./pipelines -run TestParsed -update` (or `make golden`)", parsedFile)
	}
	for i, name := range names {
		tree, ok := pipelines.Parsed(files[i].Src)
		if !ok {
			t.Errorf("%s: Parsed has no tree", name)
			continue
		}
		if !reflect.DeepEqual(tree, files[i].Tree) {
			t.Errorf("%s: Parsed gives a tree other than yaml.v3's", name)
		}
	}
	changed := strings.Replace(string(files[0].Src), "\n", "\n\n", 1)
	if _, ok := pipelines.Parsed([]byte(changed)); ok {
		t.Error("Parsed gives a tree for a changed pipeline")
	}
}
