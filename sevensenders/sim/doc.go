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
// Paths under /sim/ are the simulator's own admin API (no token; the key
// of WithAdminKey in the AdminKeyHeader header when one is set): move the
// clock, push tracking events, deliver shipments, inject faults, set the
// account's warehouses, list the requests received and the warnings
// given, and reset. docs/simulator.md lists every endpoint and rule.
//
// One client cannot stall the others: a request's body is read before the
// lock is taken and its answer written after it is released, and
// HTTPServer, which `sevenflow sim` serves with, cuts off slow clients.
// Look-ups go through indexes, so a request costs the same at ten orders
// as at ten thousand. WithStateFile keeps the state in a snapshot and an
// append-only log, one synced record per change. Faults (ReadFaults,
// WithFaults, /sim/faults) make the wire fail as a real one does: error
// statuses with Retry-After, expired tokens, connections reset in the
// middle of an answer, answers delayed past the client's timeout after
// the change is made, slow bodies; per route, and drawn from a seed.
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
