package schemas

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// BenchmarkValidate validates one valid payload of every request schema
// and of the pipeline input, the first in testdata/schemas/NAME/valid:
// what a call step costs before it sends anything.
func BenchmarkValidate(b *testing.B) {
	dirs, err := filepath.Glob(filepath.Join(testdataDir, "*", "valid"))
	if err != nil {
		b.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join(testdataDir, "input", "*", "valid"))
	if err != nil {
		b.Fatal(err)
	}
	dirs = append(dirs, more...)
	slices.Sort(dirs)
	for _, dir := range dirs {
		name, _ := filepath.Rel(testdataDir, filepath.Dir(dir))
		name = filepath.ToSlash(name)
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil || len(files) == 0 {
			continue
		}
		data, err := os.ReadFile(files[0])
		if err != nil {
			b.Fatal(err)
		}
		v, err := decode(data)
		if err != nil {
			b.Fatal(err)
		}
		if err := Validate(name, v); err != nil {
			b.Fatalf("%s: %v", files[0], err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Validate(name, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
