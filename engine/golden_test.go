package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden runs every case in ../testdata/engine: pipeline.yaml (plus
// any files it extends or uses) and input.json. A case with error.golden
// must fail to load or compile with exactly that text, one error per line;
// the others must match trace.golden: the text trace in goldenText form,
// then the JSON summary.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("../testdata/engine/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	reg := testRegistry(t)
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			display := "testdata/engine/" + name
			src, err := os.ReadFile(filepath.Join(dir, "pipeline.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var input any
			if in, err := os.ReadFile(filepath.Join(dir, "input.json")); err == nil {
				if err := json.Unmarshal(in, &input); err != nil {
					t.Fatal(err)
				}
			}
			var out bytes.Buffer
			golden := "trace.golden"
			p, err := engine.Load(display+"/pipeline.yaml", src, engine.WithFS(display, os.DirFS(dir)))
			var prog *engine.Program
			if err == nil {
				prog, err = engine.Compile(p, reg)
			}
			if err != nil {
				golden = "error.golden"
				for _, e := range engine.Errors(err) {
					out.WriteString(e.Error() + " [" + e.Code + "]\n")
				}
			} else {
				trace, _ := prog.Run(context.Background(), input, engine.WithMask(goldenMask(t)))
				if err := goldenText.WriteTrace(&out, trace); err != nil {
					t.Fatal(err)
				}
				out.WriteString("---\n")
				enc := json.NewEncoder(&out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(trace.Summary()); err != nil {
					t.Fatal(err)
				}
				checkSummaryTrace(t, prog, input, trace)
			}
			check(t, filepath.Join(dir, golden), out.Bytes())
		})
	}
}

// goldenMask masks personal data in goldens, as sevenflow test does.
func goldenMask(t testing.TB) *engine.Mask {
	t.Helper()
	m, err := engine.NewMask(builtins.PersonalData()...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// goldenText is the form of a trace in a golden file: steps by path and
// every JSON value one field a line, so that a diff shows the field.
var goldenText = engine.TextOptions{Paths: true, Pretty: true}

// check compares got with the golden file, or rewrites it with -update.
func check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n%s", path, diff.Diff(path, want, "got", got))
	}
}

// TestGoldenNoStrayFiles keeps each case to one golden.
func TestGoldenNoStrayFiles(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/engine/*")
	for _, dir := range dirs {
		_, e1 := os.Stat(filepath.Join(dir, "trace.golden"))
		_, e2 := os.Stat(filepath.Join(dir, "error.golden"))
		if e1 == nil && e2 == nil && !*update {
			t.Errorf("%s: both trace.golden and error.golden", strings.TrimPrefix(dir, "../"))
		}
	}
}

// checkSummaryTrace checks that a run with WithSummaryTrace has the same
// summary as the full trace of the same run, and keeps no event that
// carries the run's values.
func checkSummaryTrace(t *testing.T, prog *engine.Program, input any, full *engine.Trace) {
	t.Helper()
	short, _ := prog.Run(context.Background(), input, engine.WithMask(goldenMask(t)), engine.WithSummaryTrace())
	want, _ := json.Marshal(full.Summary())
	got, _ := json.Marshal(short.Summary())
	if !bytes.Equal(got, want) {
		t.Errorf("WithSummaryTrace: summary\n%s\nwant\n%s", got, want)
	}
	for _, e := range short.Events {
		switch e := e.(type) {
		case engine.RunStart:
			if e.Settings != nil {
				t.Error("WithSummaryTrace kept the settings")
			}
		case engine.StepEnd:
			if e.Output != nil {
				t.Errorf("WithSummaryTrace kept the output of %s", e.Path)
			}
		case engine.Exchanged:
			if e.Exchange.Request != nil || e.Exchange.Response != nil {
				t.Errorf("WithSummaryTrace kept the bodies of %s %s", e.Exchange.Method, e.Exchange.Path)
			}
		case engine.RunEnd, engine.StepStart, engine.Log, engine.Defaulted:
		default:
			t.Errorf("WithSummaryTrace kept a %T", e)
		}
	}
}
