package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
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
// "Preflight" for what that means. Orders checked in parallel each take a
// server of their own from a pool, so that their simulators never mix;
// the preflight's clients have no limiter: it never touches the target.
type preflight struct {
	opts []sim.Option

	mu   sync.Mutex
	free []*pfServer // servers not in use
	all  []*pfServer
}

// pfServer serves one check's simulator on a loopback port.
type pfServer struct {
	url     string
	handler http.Handler // the current simulator's, served at url
	current atomic.Pointer[sim.Server]
	stop    func()
}

// openPreflight makes the pool of preflight servers, each simulator made
// with opts, and starts the first server. Call stop when done.
func openPreflight(ctx context.Context, opts []sim.Option) (*preflight, error) {
	pf := &preflight{opts: opts}
	s, err := pf.start(ctx)
	if err != nil {
		return nil, err
	}
	pf.free = []*pfServer{s}
	return pf, nil
}

// start serves a new preflight server on a free loopback port.
func (pf *preflight) start(ctx context.Context) (*pfServer, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, failed(fmt.Errorf("start the preflight simulator: %w", err))
	}
	s := &pfServer{url: "http://" + ln.Addr().String() + "/v2"}
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.current.Load().ServeHTTP(w, r)
	})
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	s.stop = func() {
		_ = hs.Close()
		<-done
	}
	pf.mu.Lock()
	pf.all = append(pf.all, s)
	pf.mu.Unlock()
	return s, nil
}

// stop stops every server of the pool.
func (pf *preflight) stop() {
	pf.mu.Lock()
	defer pf.mu.Unlock()
	for _, s := range pf.all {
		s.stop()
	}
	pf.all, pf.free = nil, nil
}

// check runs the order on a fresh simulator, spoken to in memory with
// the served URL, and returns the trace.
func (pf *preflight) check(ctx context.Context, prog *engine.Program, o *order, opts []engine.RunOption) (*engine.Trace, error) {
	pf.mu.Lock()
	var s *pfServer
	if n := len(pf.free); n > 0 {
		s, pf.free = pf.free[n-1], pf.free[:n-1]
	}
	pf.mu.Unlock()
	if s == nil {
		var err error
		if s, err = pf.start(ctx); err != nil {
			return failedTrace(prog.Pipeline().Name, o.value, err), err
		}
	}
	defer func() {
		pf.mu.Lock()
		pf.free = append(pf.free, s)
		pf.mu.Unlock()
	}()
	s.current.Store(sim.New(pf.opts...))
	client := newClient(s.url, sim.DefaultAccessKey, sevensenders.WithHTTPClient(&http.Client{Transport: sevensenders.HandlerTransport(s.handler)}))
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
