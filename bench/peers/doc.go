// Package peers compares sevenflow with another rules engine on the same
// decision table, as a merchant choosing one would: the decisions of the
// standard workflow (pipelines/standard.yaml) for one order and one shop
// (which calls it makes, which customs value rule of 004 applies, which
// carrier a shipment names by the 002 scenario, and whether it fails
// before a call), written once as a sevenflow pipeline (decisions.yaml,
// whose call builtins only record that they were called) and once in
// Rego (decisions.rego), evaluated through OPA's Go SDK as a prepared
// query.
//
// It is a module of its own, so that sevenflow does not depend on OPA.
// TestSameDecisions checks that both, and the shipped workflow itself
// run with recording builtins, decide the same for 10,000 orders;
// BenchmarkDecisions times both on them. `make bench` runs both.
package peers
