// Package reference is the yardstick of sevenflow's performance: the
// standard workflow (pipelines/standard.yaml and the sub-pipelines it
// uses) for the example shop, written by hand in plain Go, as a merchant
// would write the integration without a rules engine.
//
// It makes the same decisions as the pipeline and sends the same calls,
// with the same bodies, through the same client (package sevensenders):
// every create is looked up by the merchant's key first and converges as
// the sevensenders.* builtins do, and with Validate every payload is
// checked against its schema before it is sent. A test runs it and the
// pipeline on every golden order of shops/example.yaml, each on a fresh
// simulator, and compares the requests; the benchmarks of internal/perf
// compare their cost.
//
// The expression helpers (customs_destination, next_pickup,
// convert_weight, ...) are those of package builtins, called as Go
// functions, so that a difference in a rounding rule cannot hide in the
// yardstick.
package reference
