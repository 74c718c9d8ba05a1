package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

var simCommand = command{
	name:    "sim",
	usage:   "sim [--addr 127.0.0.1:7070] [--access-key KEY] [--clock RFC3339] [--seed N] [--state FILE]",
	summary: "serve the Seven Senders API simulator over HTTP",
	run: func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
		addr := fs.String("addr", "127.0.0.1:7070", "listen on this `host:port` (port 0 picks a free one)")
		key := fs.String("access-key", sim.DefaultAccessKey, "the access `key` POST /v2/token accepts")
		clock := fs.String("clock", "", "start a manual clock at this RFC 3339 `time` (moved by POST /sim/clock)")
		seed := fs.Int64("seed", 1, "IDs start at `N`*1000000+1")
		state := fs.String("state", "", "keep the state in `FILE` across restarts")
		rest, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return usageErrorf("run 'sevenflow sim --help' for its flags", "sim takes no arguments, got %q", rest[0])
		}
		opts := []sim.Option{sim.WithAccessKey(*key), sim.WithSeed(*seed)}
		if *clock != "" {
			t, err := time.Parse(time.RFC3339, *clock)
			if err != nil {
				return usageErrorf("give a time such as 2024-01-15T10:30:00Z", "--clock %q: %w", *clock, err)
			}
			opts = append(opts, sim.WithClock(t))
		}
		if *state != "" {
			opts = append(opts, sim.WithStateFile(*state))
		}
		srv, err := sim.Open(opts...)
		if err != nil {
			return invalid(fmt.Errorf("state file: %w", err))
		}
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			return failed(fmt.Errorf("listen: %w", err))
		}
		hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
		fmt.Fprintf(e.stdout, "sevenflow sim listening on http://%s/v2\n", ln.Addr())
		done := make(chan error, 1)
		go func() { done <- hs.Serve(ln) }()
		select {
		case err := <-done:
			return failed(fmt.Errorf("serve: %w", err))
		case <-ctx.Done():
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(shutdown); err != nil {
			return failed(fmt.Errorf("shut down: %w", err))
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			return failed(fmt.Errorf("serve: %w", err))
		}
		return nil
	},
}
