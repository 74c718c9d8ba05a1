package pipelines_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/sevenflow/sevenflow/graph"
)

// graphed are the workflows whose steps differ from standard's: each has
// its graph in docs/pipelines.md. The other workflows only pin settings of
// standard, and the document says that their graph is standard's.
var graphed = []string{"standard", "analytics", "pudo-checkout"}

// TestDocsGraphs checks each graphed workflow's Mermaid graph in
// docs/pipelines.md, between `<!-- graph NAME -->` and
// `<!-- end graph NAME -->`, against the one `sevenflow graph NAME` draws;
// -update rewrites them. Every other workflow must draw as standard does,
// and every Mermaid block of the document must be a drawn one.
func TestDocsGraphs(t *testing.T) {
	src, err := os.ReadFile(pipelinesDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	for _, name := range graphed {
		t.Run(name, func(t *testing.T) {
			prog, _ := compile(t, name)
			want := "```mermaid\n" + graph.New(prog.Pipeline()).Mermaid() + "```\n"
			start, end, ok := section(doc, graphBegin(name), graphEnd(name))
			if !ok {
				t.Fatalf("%s has no graph of %s: add the lines %q and %q where it goes (go test -update draws it)",
					pipelinesDoc, name, graphBegin(name), graphEnd(name))
			}
			got := doc[start:end]
			if got == want {
				return
			}
			if *update {
				doc = doc[:start] + want + doc[end:]
				return
			}
			t.Errorf("%s: the graph of %s is not the pipeline's (go test ./pipelines -update redraws it):\n%s",
				pipelinesDoc, name, diff.Diff("docs", []byte(got), "pipeline", []byte(want)))
		})
	}
	standard, _ := compile(t, "standard")
	want := graph.New(standard.Pipeline()).Mermaid()
	for _, name := range workflows {
		if slices.Contains(graphed, name) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			prog, _ := compile(t, name)
			p := *prog.Pipeline()
			p.Name = standard.Pipeline().Name
			if got := graph.New(&p).Mermaid(); got != want {
				t.Errorf("%s draws otherwise than standard: add it to graphed and its graph to %s\n%s",
					name, pipelinesDoc, diff.Diff("standard", []byte(want), name, []byte(got)))
			}
		})
	}
	if *update && doc != string(src) {
		if err := os.WriteFile(pipelinesDoc, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	marker := regexp.MustCompile(`^<!-- graph \S+ -->$`)
	lines := strings.Split(doc, "\n")
	for i, line := range lines {
		if line == "```mermaid" && (i == 0 || !marker.MatchString(lines[i-1])) {
			t.Errorf("%s:%d: a Mermaid block that is not drawn from a pipeline: put a graph section there, or no diagram", pipelinesDoc, i+1)
		}
	}
}
