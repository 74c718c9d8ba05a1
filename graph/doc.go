// Package graph draws a loaded pipeline's decision tree as a Mermaid
// flowchart or a Graphviz DOT graph: its steps in order, every `when` as a
// decision with a true and a false branch, every switch case on the edge
// it takes, each foreach body and each used sub-pipeline as a subgraph.
//
// It reads only the engine's model (engine.Pipeline and engine.Step), so
// that both the CLI (`sevenflow graph`) and the documentation test of
// package pipelines, which cannot import the CLI, draw the same graph. The
// output is deterministic: the same pipeline gives the same bytes.
package graph
