package pipelines_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// placeholder matches values that are made up to look like a merchant's
// and could reach the live API: the reserved example domains and a
// no-reply address.
var placeholder = regexp.MustCompile(`example\.(com|org|net)|noreply@`)

// TestNoPlaceholders keeps what sevenflow ships free of placeholder facts
// (issue I: nothing invented): the shipped pipelines and their defaults,
// the schemas and the code. Test data, the example shops and the
// documentation's examples are the merchant's to write and may use the
// reserved example domains.
func TestNoPlaceholders(t *testing.T) {
	root := ".."
	skipDirs := map[string]bool{".git": true, "testdata": true, "docs": true, "shops": true, "bin": true}
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		switch {
		case strings.HasSuffix(name, "_test.go"), strings.HasSuffix(name, ".md"):
			return nil
		case !strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".json"):
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		for i, line := range strings.Split(string(src), "\n") {
			if placeholder.MatchString(line) {
				t.Errorf("%s:%d: a placeholder that could reach the live API: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked %d files: the walk missed the tree", checked)
	}
}
