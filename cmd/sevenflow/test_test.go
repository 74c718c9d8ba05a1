package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// TestReadCase checks the errors of invalid case.yaml files: each names
// the file, line and column.
func TestReadCase(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the whole error; FILE stands for the case.yaml
	}{
		{"not a map", "- a\n", "FILE: a test case is a map with the keys pipeline, input, and optionally description, settings, set, setup, expect, error, clock and warehouses"},
		{"unknown key", "pipeline: p.yaml\ninput: in.json\ninptu: x\n", `FILE:3:1: unknown key "inptu" (want pipeline, input, description, settings, set, setup, expect, error, clock or warehouses)`},
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
		{"expect unknown", "pipeline: p.yaml\ninput: in.json\nexpect: fail\n", "FILE:3:9: expect is ok or failed"},
		{"expect failed without error", "pipeline: p.yaml\ninput: in.json\nexpect: failed\n", "FILE:3:9: expect: failed needs error: the text the run's error contains, so that another failure does not pass"},
		{"error without expect failed", "pipeline: p.yaml\ninput: in.json\nerror: boom\n", "FILE:3:8: error is the text a failing run's error contains: give it with expect: failed"},
		{"error with expect ok", "pipeline: p.yaml\ninput: in.json\nexpect: ok\nerror: boom\n", "FILE:4:8: error is the text a failing run's error contains: give it with expect: failed"},
		{"error not a string", "pipeline: p.yaml\ninput: in.json\nexpect: failed\nerror: [a]\n", "FILE:4:8: error is a string"},
		{"clock not RFC 3339", "pipeline: p.yaml\ninput: in.json\nclock: 2024-01-15\n", "FILE:3:8: clock is a date-time in RFC 3339, such as 2024-01-15T12:00:00Z"},
		{"warehouses not a list", "pipeline: p.yaml\ninput: in.json\nwarehouses: {name: x}\n", "FILE:3:13: warehouses is a list of {name, address, country}"},
		{"warehouse unknown key", "pipeline: p.yaml\ninput: in.json\nwarehouses:\n  - {name: x, city: y}\n", `FILE:4:15: unknown warehouse key "city" (want name, address or country)`},
		{"warehouse without name", "pipeline: p.yaml\ninput: in.json\nwarehouses:\n  - {country: DE}\n", "FILE:4:5: a warehouse needs a name"},
		{"warehouse value not a string", "pipeline: p.yaml\ninput: in.json\nwarehouses:\n  - {name: [x]}\n", "FILE:4:12: warehouse name is a string"},
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

// TestReadCaseExpectClockWarehouses checks the keys that say how a run
// is to end and what the simulator is like.
func TestReadCaseExpectClockWarehouses(t *testing.T) {
	dir := writeCase(t, `pipeline: standard
input: in.json
expect: failed
error: 'step "fits"'
clock: 2024-03-01T09:30:00+01:00
warehouses:
  - { name: Lager Wien, address: "Lagerstrasse 5, 1200 Wien", country: AT }
  - { name: Depot }
`)
	tc, err := readCase(dir)
	if err != nil {
		t.Fatal(err)
	}
	if tc.Expect != expectFailed || tc.Error != `step "fits"` {
		t.Errorf("expect, error = %q, %q", tc.Expect, tc.Error)
	}
	if want := time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC); !tc.Clock.Equal(want) {
		t.Errorf("clock = %s, want %s", tc.Clock, want)
	}
	want := []sim.Warehouse{{Name: "Lager Wien", Address: "Lagerstrasse 5, 1200 Wien", Country: "AT"}, {Name: "Depot"}}
	if !reflect.DeepEqual(tc.Warehouses, want) {
		t.Errorf("warehouses = %+v, want %+v", tc.Warehouses, want)
	}
	tc, err = readCase(writeCase(t, "pipeline: standard\ninput: in.json\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tc.Expect != expectOK || !tc.Clock.IsZero() || tc.Warehouses != nil {
		t.Errorf("defaults: expect %q, clock %s, warehouses %v", tc.Expect, tc.Clock, tc.Warehouses)
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

// `test --limit` sets a limit over the pipelines' for every case, as
// `run --limit` does for a run: a case whose run builds more than
// memory_bytes fails, and one whose pipeline file is over file_bytes is
// not valid.
func TestTestLimit(t *testing.T) {
	const dir = "../../testdata/cases/example-ch-basel"
	for _, tc := range []struct {
		limit string
		code  int
		want  string
	}{
		{"memory_bytes=1KiB", exitFailed, "over the limit memory_bytes = 1 KiB"},
		{"file_bytes=100", exitInvalid, "over the limit file_bytes = 100 bytes"},
	} {
		code, out := runCLI(t, "test", "--limit", tc.limit, dir)
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("test --limit %s: exit %d, want %d with %q:\n%s", tc.limit, code, tc.code, tc.want, out)
		}
	}
	if code, out := runCLI(t, "test", dir); code != exitOK {
		t.Errorf("test without --limit: exit %d\n%s", code, out)
	}
}
