package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadCase checks the errors of invalid case.yaml files: each names
// the file, line and column.
func TestReadCase(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the whole error; FILE stands for the case.yaml
	}{
		{"not a map", "- a\n", "FILE: a test case is a map with the keys pipeline, input, and optionally settings, set and description"},
		{"unknown key", "pipeline: p.yaml\ninput: in.json\ninptu: x\n", `FILE:3:1: unknown key "inptu" (want pipeline, input, settings, set, setup or description)`},
		{"missing input", "pipeline: p.yaml\n", `FILE:1:1: missing key "input"`},
		{"twice", "pipeline: p.yaml\npipeline: q.yaml\ninput: in.json\n", "FILE:2:1: pipeline given twice"},
		{"pipeline not a string", "pipeline: [a]\ninput: in.json\n", "FILE:1:11: pipeline is a string"},
		{"no input file", "pipeline: p.yaml\ninput: nosuch.json\n", "FILE:2:8: input DIR/nosuch.json: no such file"},
		{"settings not a map", "pipeline: p.yaml\ninput: in.json\nsettings: 3\n", "FILE:3:11: settings is a map of settings deep-merged over the pipeline's"},
		{"set not a list", "pipeline: p.yaml\ninput: in.json\nset: a=b\n", "FILE:3:6: set is a list of KEY=VALUE strings"},
		{"bad set", "pipeline: p.yaml\ninput: in.json\nset: [a]\n", `FILE:3:7: want KEY=VALUE, KEY a dotted path such as warehouse.country`},
		{"setup not a list", "pipeline: p.yaml\ninput: in.json\nsetup: run\n", "FILE:3:8: setup is a list of `run: INPUT` and `sim: METHOD /sim/PATH [JSON]`"},
		{"setup unknown step", "pipeline: p.yaml\ninput: in.json\nsetup:\n  - curl: x\n", "FILE:4:5: setup is a list of `run: INPUT` and `sim: METHOD /sim/PATH [JSON]`"},
		{"setup not the admin API", "pipeline: p.yaml\ninput: in.json\nsetup:\n  - sim: POST /v2/orders {}\n", "FILE:4:10: want METHOD /sim/PATH [JSON], such as POST /sim/shipments/1000002/deliver"},
		{"setup no input file", "pipeline: p.yaml\ninput: in.json\nsetup:\n  - run: nosuch.json\n", "FILE:4:10: input DIR/nosuch.json: no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeCase(t, tc.src)
			_, err := readCase(dir)
			file := filepath.Join(dir, caseFile)
			want := expand(tc.want, file, dir)
			if err == nil || err.Error() != want {
				t.Errorf("readCase error:\n got %v\nwant %s", err, want)
			}
		})
	}
}

// TestReadCaseSettings checks that set is applied over settings.
func TestReadCaseSettings(t *testing.T) {
	dir := writeCase(t, "pipeline: standard\ninput: in.json\nsettings:\n  warehouse: {country: DE, name: Main}\nset: [warehouse.country=AT, flex=true]\n")
	tc, err := readCase(dir)
	if err != nil {
		t.Fatal(err)
	}
	if tc.Pipeline != "standard" || tc.Input != filepath.Join(dir, "in.json") {
		t.Errorf("pipeline, input = %q, %q", tc.Pipeline, tc.Input)
	}
	var got []string
	for _, l := range tc.Settings {
		got = append(got, fmt.Sprint(l.Values))
	}
	want := "map[warehouse:map[country:DE name:Main]] map[warehouse:map[country:AT]] map[flex:true]"
	if strings.Join(got, " ") != want {
		t.Errorf("settings layers %s, want %s", strings.Join(got, " "), want)
	}
}

// writeCase writes src as the case.yaml of a new directory that also
// holds in.json, and returns the directory.
func writeCase(t testing.TB, src string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{caseFile: src, "in.json": "{}"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// expand replaces FILE and DIR in s.
func expand(s, file, dir string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "FILE", file), "DIR", dir)
}
