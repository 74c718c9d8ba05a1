// Package sim is a simulator of the Seven Senders (7S) API: an
// http.Handler that keeps orders, shipments, labels, customs shipments,
// manifests and products in memory and answers the way the 7S documents
// say: in strict mode exactly as strict as they are, in compatible mode as
// liberal as the live API is with the clients in the wild, with a warning.
//
// The CLI serves it with `sevenflow sim`, and tests and `--target sim` run
// it in-process:
//
//	srv := sim.New(sim.WithClock(start), sim.WithSeed(1))
//	ts := httptest.NewServer(srv)
//	defer ts.Close()
//
// API paths live under /v2 and need a bearer token from POST /v2/token.
// Paths under /sim/ are the simulator's own admin API (no token): move the
// clock, push tracking events, deliver shipments, inject faults, set the
// account's warehouses, list the requests received and the warnings
// given, and reset. docs/simulator.md lists every endpoint and rule.
//
// Every rule is an entry of one table (Rules), with the place in the 7S
// documents that states it. The simulator has two modes: Strict (the
// default) answers a broken rule with its error; Compatible accepts what
// the live API is known to accept from real clients and reports each
// documented rule it let pass as a Warning header, a log line and
// GET /sim/warnings:
//
//	srv := sim.New(sim.WithMode(sim.Compatible), sim.WithLog(os.Stderr))
//
// Request bodies are validated with package schemas; in compatible mode a
// violation that a lenient rule covers (PHP's [] for {}, null or "" for a
// field, a date-time without an offset, ...) is read instead, with a
// warning. The rules a schema cannot express (existence, ownership,
// uniqueness, locks, order state transitions, the carrier table, the
// account's warehouses) are checked here.
package sim
