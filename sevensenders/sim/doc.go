// Package sim is a simulator of the Seven Senders (7S) API: an
// http.Handler that keeps orders, shipments, labels, customs shipments,
// manifests and products in memory and answers the way the 7S documents
// say, strict where they are strict and liberal where clients in the wild
// differ from them.
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
// clock, push tracking events, deliver shipments, list the requests
// received and reset. docs/simulator.md lists every endpoint and rule.
//
// Request bodies are normalised (empty strings dropped, ISO-8601 times
// rewritten as RFC 3339) and then validated with package schemas; the
// rules a schema cannot express (existence, ownership, uniqueness, locks,
// order state transitions, the carrier table) are checked here.
package sim
