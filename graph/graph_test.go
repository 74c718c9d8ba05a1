package graph_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/graph"
	"github.com/sevenflow/sevenflow/pipelines"
)

var update = flag.Bool("update", false, "rewrite golden files")

// formats are the formats under test and the extension of their goldens.
var formats = []struct {
	format graph.Format
	ext    string
}{
	{graph.Mermaid, "mmd"},
	{graph.DOT, "dot"},
}

// TestGolden draws the shipped standard workflow and testdata/kinds.yaml
// (every kind of step, and labels full of syntax characters) in each
// format and compares them with testdata/NAME.EXT.golden; -update rewrites
// them.
func TestGolden(t *testing.T) {
	for _, name := range []string{"standard", "kinds"} {
		p := load(t, name)
		for _, f := range formats {
			t.Run(name+"/"+string(f.format), func(t *testing.T) {
				var out bytes.Buffer
				if err := graph.New(p).Write(&out, f.format); err != nil {
					t.Fatal(err)
				}
				if again := render(t, p, f.format); again != out.String() {
					t.Fatal("two drawings of the same pipeline differ")
				}
				check(t, filepath.Join("testdata", name+"."+f.ext+".golden"), out.Bytes())
			})
		}
	}
}

// TestDecisions checks that both formats name every decision of the
// standard workflow and the pipelines it uses: every `when` and every
// switch case's condition (and, since they end a run, every assert), each
// on one line.
func TestDecisions(t *testing.T) {
	p := load(t, "standard")
	conds := decisions(p)
	if len(conds) < 20 {
		t.Fatalf("found %d decisions in standard; the walk misses some", len(conds))
	}
	for _, f := range formats {
		t.Run(string(f.format), func(t *testing.T) {
			text := labels(render(t, p, f.format), f.format)
			for _, c := range conds {
				if !strings.Contains(text, c) {
					t.Errorf("%s output lacks the decision %q", f.format, c)
				}
			}
		})
	}
}

// TestDOTRenders runs Graphviz on the DOT of every shipped pipeline and of
// testdata/kinds.yaml: it must exit 0 with nothing on stderr (no warning,
// no syntax error). Without Graphviz the test is skipped, except in CI
// (CI set), which installs it.
func TestDOTRenders(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("Graphviz's dot is not installed (apt-get install graphviz)")
		}
		t.Fatalf("CI must have Graphviz's dot: %v", err)
	}
	names := []string{"kinds"}
	files, err := fs.Glob(pipelines.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		names = append(names, strings.TrimSuffix(f, ".yaml"))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(dot, "-Tsvg")
			cmd.Stdin = strings.NewReader(render(t, load(t, name), graph.DOT))
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("dot -Tsvg: %v\n%s", err, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Fatalf("dot -Tsvg wrote to stderr:\n%s", stderr.String())
			}
			if !bytes.Contains(stdout.Bytes(), []byte("<svg")) {
				t.Fatalf("dot -Tsvg wrote no SVG:\n%.200s", stdout.String())
			}
		})
	}
}

// TestWriteUnknownFormat checks that Write names the formats it knows.
func TestWriteUnknownFormat(t *testing.T) {
	err := graph.New(load(t, "kinds")).Write(new(bytes.Buffer), "svg")
	want := `graph: unknown format "svg" (want mermaid or dot)`
	if err == nil || err.Error() != want {
		t.Fatalf("Write(svg) = %v, want %s", err, want)
	}
}

// load loads a shipped pipeline by name, or testdata/NAME.yaml, as the
// CLI does.
func load(t testing.TB, name string) *engine.Pipeline {
	t.Helper()
	shipped := engine.WithFS("pipelines", pipelines.FS)
	var p *engine.Pipeline
	var err error
	if file := filepath.Join("testdata", name+".yaml"); fileExists(file) {
		p, err = engine.LoadFile(file, shipped)
	} else {
		var src []byte
		src, err = fs.ReadFile(pipelines.FS, name+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		p, err = engine.Load("pipelines/"+name+".yaml", src, shipped)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func render(t testing.TB, p *engine.Pipeline, f graph.Format) string {
	t.Helper()
	var b strings.Builder
	if err := graph.New(p).Write(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// decisions lists the conditions of p and of every pipeline it uses, each
// on one line: `when`s, switch cases and asserts.
func decisions(p *engine.Pipeline) []string {
	var out []string
	add := func(e *engine.Expr) {
		if e != nil {
			out = append(out, strings.Join(strings.Fields(e.Src), " "))
		}
	}
	var walk func(steps []*engine.Step)
	walk = func(steps []*engine.Step) {
		for _, s := range steps {
			add(s.When)
			add(s.Assert)
			for _, c := range s.Cases {
				add(c.When)
				walk(c.Steps)
			}
			walk(s.Steps)
			if s.Sub != nil {
				walk(s.Sub.Steps)
			}
		}
	}
	walk(p.Steps)
	return out
}

// labels undoes the escapes and line breaks of a format's labels, so that
// a label's text reads as it was given.
func labels(out string, f graph.Format) string {
	if f == graph.DOT {
		return strings.NewReplacer(`\n`, " ", `\"`, `"`, `\\`, `\`).Replace(out)
	}
	return strings.NewReplacer("<br/>", " ", "#quot;", `"`, "#amp;", "&", "#lt;", "<", "#gt;", ">",
		"#124;", "|", "#96;", "`", "#35;", "#").Replace(out)
}

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
		t.Fatalf("%v (go test ./graph -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./graph -update rewrites it):\n%s", path, diff.Diff(path, want, "got", got))
	}
}
