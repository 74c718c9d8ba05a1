package main

import (
	"context"
	"flag"

	"github.com/sevenflow/sevenflow/graph"
)

var graphCommand = command{
	name:    "graph",
	usage:   "graph PIPELINE [--format mermaid|dot]",
	summary: "draw a pipeline's decision tree (a file or a shipped pipeline's name) as Mermaid or Graphviz DOT",
	run:     runGraph,
}

func runGraph(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	format := fs.String("format", string(graph.Mermaid), "output: mermaid (a flowchart for Markdown) or dot (for Graphviz: dot -Tsvg)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	const hint = "run 'sevenflow graph --help'"
	f := graph.Format(*format)
	switch {
	case len(rest) != 1:
		return usageErrorf(hint, "graph needs one PIPELINE")
	case f != graph.Mermaid && f != graph.DOT:
		return usageErrorf(hint, "unknown --format %q (want mermaid or dot)", *format)
	}
	// Compiled, not only loaded: a graph of a pipeline that does not run
	// would draw decisions that cannot be taken.
	prog, err := compilePipeline(e, rest[0])
	if err != nil {
		return err
	}
	return graph.New(prog.Pipeline()).Write(e.stdout, f)
}
