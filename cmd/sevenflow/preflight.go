package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// preflight runs an order through the whole pipeline on a fresh, strict,
// in-process simulator before anything is sent to the target, so that an
// order that would fail halfway (a payload the documents reject, a fact
// the order lacks) sends nothing. The simulator is new for every order and
// holds nothing the real target may hold; see docs/pipelines.md
// "Preflight" for what that means. Orders checked in parallel (a batch)
// each speak to a simulator of their own, in memory; the preflight's
// clients have no limiter: it never touches the target.
type preflight struct {
	url     string
	handler http.Handler // the current simulator's, served at url
	current atomic.Pointer[sim.Server]
	opts    []sim.Option
	stop    func()
}

// openPreflight serves the preflight simulators on a free loopback port,
// each made with opts. Call stop when done.
func openPreflight(ctx context.Context, opts []sim.Option) (*preflight, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, failed(fmt.Errorf("start the preflight simulator: %w", err))
	}
	pf := &preflight{url: "http://" + ln.Addr().String() + "/v2", opts: opts}
	pf.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pf.current.Load().ServeHTTP(w, r)
	})
	hs := &http.Server{Handler: pf.handler, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	pf.stop = func() {
		_ = hs.Close()
		<-done
	}
	return pf, nil
}

// check runs the order on a fresh simulator, spoken to in memory, and
// returns the trace. The loopback port serves the latest check's
// simulator, so that what a simulator answers (a label's download_url)
// is what it would answer over the socket.
func (pf *preflight) check(ctx context.Context, prog *engine.Program, o *order, opts []engine.RunOption) (*engine.Trace, error) {
	srv := sim.New(pf.opts...)
	pf.current.Store(srv)
	client := newClient(pf.url, sim.DefaultAccessKey, sevensenders.WithHTTPClient(&http.Client{Transport: sevensenders.HandlerTransport(srv)}))
	ctx = builtins.ContextWithClient(ctx, client)
	return prog.Run(ctx, o.value, slices.Concat(opts, []engine.RunOption{engine.WithInputPositions(o.position)})...)
}

// calls counts the API exchanges of a trace.
func calls(t *engine.Trace) int {
	n := 0
	for _, e := range t.Events {
		if _, ok := e.(engine.Exchanged); ok {
			n++
		}
	}
	return n
}

// retries counts the exchanges of a trace that were retries of a
// request already sent.
func retries(t *engine.Trace) int {
	n := 0
	for _, e := range t.Events {
		if x, ok := e.(engine.Exchanged); ok && x.Exchange.Retry > 0 {
			n++
		}
	}
	return n
}
