// Package perf wires runs of a pipeline and of the hand-written reference
// (package reference) to simulators, the way `sevenflow run` wires its
// in-process target, for the benchmarks of this package, the reference's
// equivalence test and `make bench`.
//
// A Target is a fresh simulator and a client of it: over a loopback
// socket (real HTTP, as the client's tests and `--target URL` use) or in
// memory (an http.RoundTripper over the simulator's handler, as the
// in-process target uses). The benchmarks report both.
//
// The benchmarks are go test benchmarks; `make bench` runs them with
// -count 6 and checks the budgets of docs/performance.md.
package perf
