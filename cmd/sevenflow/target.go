package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// targetSim is the --target of the in-process simulator.
const targetSim = "sim"

// The in-process simulator's fixed clock, ID seed and access key, so that
// runs against it are the same byte for byte.
var (
	simClock = time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	simSeed  = int64(1)
)

// targetHint is the hint of a --target usage error.
const targetHint = "use --target sim (the default, no credentials needed), or export " +
	sevensenders.EnvAccessKey + " for uat, prod or a URL"

// openTarget opens the Seven Senders API that --target names: a client
// of it, and a function that releases it:
//
//   - "sim" or "": a simulator made with simOpts (a fixed clock and seed),
//     served in this process on a loopback port (for its admin API) and
//     spoken to in memory (sevensenders.HandlerTransport), the same
//     requests without a socket; the close function stops it.
//   - "uat", "prod" (or "production"): the real API, with the access key
//     from SEVENSENDERS_ACCESS_KEY.
//   - an http(s) URL, such as that of `sevenflow sim`: the access key from
//     SEVENSENDERS_ACCESS_KEY, else "sim" for a loopback host.
//
// The client reports every exchange to the run's trace
// (builtins.RecordExchange). A missing access key, an unknown target or
// plain HTTP to a host that is not loopback (without --insecure) is a
// usage error (exit 2).
func openTarget(ctx context.Context, e *env, target string, simOpts []sim.Option) (*openedTarget, error) {
	return openTargetWith(ctx, e, target, simOpts)
}

// openTargetWith is openTarget with more options of the client, such as
// a limiter or sevensenders.WithInsecure.
func openTargetWith(ctx context.Context, e *env, target string, simOpts []sim.Option, clientOpts ...sevensenders.Option) (*openedTarget, error) {
	if isSimTarget(target) {
		return openSim(ctx, simOpts, clientOpts...)
	}
	base, err := sevensenders.BaseURL(target)
	if err != nil {
		return nil, usageErrorf(targetHint, "unknown --target %q: want sim, uat, prod or an http(s) URL", target)
	}
	key := e.getenv(sevensenders.EnvAccessKey)
	if key == "" {
		if !isLoopbackURL(base) {
			return nil, usageErrorf(targetHint, "--target %s needs the access key in %s", target, sevensenders.EnvAccessKey)
		}
		key = sim.DefaultAccessKey
	}
	client := newClient(base, key, clientOpts...)
	if err := client.Err(); errors.Is(err, sevensenders.ErrPlainHTTP) {
		return nil, usageErrorf(insecureHint, "--target %s: plain HTTP to a host that is not loopback would send the access key and the orders in clear", target)
	}
	return &openedTarget{client: client, base: base, close: func() {}}, nil
}

// insecureHint is the hint of a --target refused for plain HTTP.
const insecureHint = "use an https:// URL, or give --insecure if every network between here and the target is trusted"

// openedTarget is a --target in use: a client of its API and how to let
// go of it. For the in-process simulator, origin is where it is served
// (its admin API is origin + /sim/...).
type openedTarget struct {
	client *sevensenders.Client
	base   string // the API's base URL
	origin string
	close  func()
}

// isSimTarget reports whether target is the in-process simulator.
func isSimTarget(target string) bool {
	return target == "" || strings.EqualFold(target, targetSim)
}

// openSim serves a new simulator made with opts on a free loopback port
// and returns a client of it and the function that stops it. The client
// calls the simulator's handler in memory, with the served URL, so that
// what the simulator answers (a label's download_url) is what it would
// answer over the socket; sevenflow sim and --target URL keep the HTTP
// path tested.
func openSim(ctx context.Context, opts []sim.Option, clientOpts ...sevensenders.Option) (*openedTarget, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, failed(fmt.Errorf("start the simulator: %w", err))
	}
	srv := sim.New(opts...)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	stop := func() {
		// Close ends Serve with http.ErrServerClosed; wait for it so
		// that nothing of the simulator outlives the command.
		_ = hs.Close()
		<-done
	}
	origin := "http://" + ln.Addr().String()
	mem := &inMemory{rt: sevensenders.HandlerTransport(srv)}
	closeAll := func() { mem.closed.Store(true); stop() }
	clientOpts = append([]sevensenders.Option{sevensenders.WithHTTPClient(&http.Client{Transport: mem})}, clientOpts...)
	return &openedTarget{client: newClient(origin+"/v2", sim.DefaultAccessKey, clientOpts...), base: origin + "/v2", origin: origin, close: closeAll}, nil
}

// errSimClosed is the transport error of a request to an in-process
// simulator that was stopped.
var errSimClosed = errors.New("the in-process simulator is stopped")

// inMemory is the transport of a client of an in-process simulator: its
// handler called in memory, until the simulator is stopped.
type inMemory struct {
	rt     http.RoundTripper
	closed atomic.Bool
}

// RoundTrip serves req with the simulator's handler, or fails once it is
// stopped, as a refused connection would.
func (m *inMemory) RoundTrip(req *http.Request) (*http.Response, error) {
	if m.closed.Load() {
		return nil, errSimClosed
	}
	return m.rt.RoundTrip(req)
}

// newClient returns a client of base that traces its exchanges, with
// the options of extra.
func newClient(base, key string, extra ...sevensenders.Option) *sevensenders.Client {
	opts := []sevensenders.Option{
		sevensenders.WithAccessKey(key),
		sevensenders.WithObserver(builtins.RecordExchange),
		sevensenders.WithUserAgent("sevenflow/" + buildVersion()),
	}
	return sevensenders.NewClient(base, append(opts, extra...)...)
}

// isLoopbackURL reports whether rawURL's host is localhost or a loopback
// address.
func isLoopbackURL(rawURL string) bool {
	u, err := url.Parse(rawURL)
	return err == nil && sevensenders.IsLoopback(u.Hostname())
}
