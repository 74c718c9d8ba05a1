package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// envAdminKey holds the admin key when --admin-key is not given, so that
// it need not show in the process list.
const envAdminKey = "SEVENFLOW_SIM_ADMIN_KEY"

var simCommand = command{
	name:    "sim",
	usage:   "sim [--addr 127.0.0.1:7070] [--access-key KEY] [--admin-key KEY] [--clock RFC3339] [--seed N] [--state FILE] [--strict] [--warehouse 'NAME|ADDRESS|CC']... [--faults FILE] [--read-timeout D] [--write-timeout D] [--idle-timeout D]",
	summary: "serve the Seven Senders API simulator over HTTP",
	run: func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
		addr := fs.String("addr", "127.0.0.1:7070", "listen on this `host:port` (port 0 picks a free one)")
		key := fs.String("access-key", sim.DefaultAccessKey, "the access `key` POST /v2/token accepts")
		adminKey := fs.String("admin-key", "", "require `KEY` in the "+sim.AdminKeyHeader+" header of every /sim/ request (default $"+envAdminKey+")")
		clock := fs.String("clock", "", "start a manual clock at this RFC 3339 `time` (moved by POST /sim/clock)")
		seed := fs.Int64("seed", 1, "IDs start at `N`*1000000+1")
		state := fs.String("state", "", "keep the state in `FILE` (a snapshot) and FILE.log (the changes since) across restarts")
		strict := fs.Bool("strict", false, "refuse every request that breaks a documented rule, as sevenflow's own runs do (default: compatible, with a warning)")
		var warehouses warehouseFlags
		fs.Var(&warehouses, "warehouse", "a warehouse of the account, `'NAME|ADDRESS|CC'` (repeatable; replaces the default ones)")
		faults := fs.String("faults", "", "inject the faults of `FILE` (YAML or JSON; see docs/simulator.md)")
		timeouts := sim.DefaultTimeouts
		fs.DurationVar(&timeouts.Read, "read-timeout", timeouts.Read, "cut off a client that takes longer than `D` to send a request")
		fs.DurationVar(&timeouts.Write, "write-timeout", timeouts.Write, "cut off a client that takes longer than `D` to take an answer")
		fs.DurationVar(&timeouts.Idle, "idle-timeout", timeouts.Idle, "close a kept-alive connection idle for `D`")
		rest, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return usageErrorf("run 'sevenflow sim --help' for its flags", "sim takes no arguments, got %q", rest[0])
		}
		for name, d := range map[string]time.Duration{"read": timeouts.Read, "write": timeouts.Write, "idle": timeouts.Idle} {
			if d <= 0 {
				return usageErrorf("give a duration such as 30s", "--%s-timeout %s: must be positive", name, d)
			}
		}
		timeouts.ReadHeader = min(timeouts.ReadHeader, timeouts.Read)
		mode := sim.Compatible
		if *strict {
			mode = sim.Strict
		}
		if *adminKey == "" {
			*adminKey = e.getenv(envAdminKey)
		}
		opts := []sim.Option{sim.WithAccessKey(*key), sim.WithAdminKey(*adminKey), sim.WithSeed(*seed), sim.WithMode(mode), sim.WithLog(e.stderr)}
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
		if len(warehouses) > 0 {
			opts = append(opts, sim.WithWarehouses(warehouses...))
		}
		if *faults != "" {
			set, err := readFaultsFile(*faults)
			if err != nil {
				return err
			}
			opts = append(opts, sim.WithFaults(set))
			fmt.Fprintf(e.stderr, "sevenflow sim: %d faults to inject from %s (GET /sim/faults lists them)\n", set.Len(), *faults)
		}
		srv, err := sim.Open(opts...)
		if err != nil {
			return invalid(fmt.Errorf("state file: %w", err))
		}
		serr := serveSim(ctx, e, sim.HTTPServer(srv, timeouts), *addr, mode, *adminKey != "")
		if err := srv.Close(); err != nil && serr == nil {
			return failed(err)
		}
		return serr
	},
}

// serveSim serves the simulator with hs on addr until ctx ends, then shuts
// it down.
func serveSim(ctx context.Context, e *env, hs *http.Server, addr string, mode sim.Mode, adminKey bool) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return failed(fmt.Errorf("listen: %w", err))
	}
	fmt.Fprintf(e.stdout, "sevenflow sim listening on http://%s/v2\n", ln.Addr())
	if !isLoopbackAddr(addr) {
		open := ", and its admin API under /sim/ (state, reset, clock, faults): give --admin-key"
		if adminKey {
			open = ""
		}
		fmt.Fprintf(e.stderr, "sevenflow sim: warning: %s is not a loopback address: whoever reaches it can use the simulator with its access key%s\n", ln.Addr(), open)
	}
	if mode == sim.Compatible {
		fmt.Fprintln(e.stderr, "sevenflow sim: compatible mode: a documented rule a request breaks is a warning (Warning header, this log, GET /sim/warnings); --strict makes it an error")
	} else {
		fmt.Fprintln(e.stderr, "sevenflow sim: strict mode: a request that breaks a documented rule is refused")
	}
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
}

// readFaultsFile reads the faults file of --faults.
func readFaultsFile(path string) (*sim.Faults, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, invalid(fmt.Errorf("faults file: %w", err))
	}
	set, err := sim.ReadFaults(path, b)
	if err != nil {
		return nil, invalid(err)
	}
	return set, nil
}

// isLoopbackAddr reports whether addr (host:port) listens on loopback
// only: localhost or a loopback IP. An empty host is every interface.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// warehouseFlags collects --warehouse 'NAME|ADDRESS|CC'.
type warehouseFlags []sim.Warehouse

// String returns the warehouses given so far.
func (w *warehouseFlags) String() string {
	var parts []string
	for _, wh := range *w {
		parts = append(parts, wh.Name+"|"+wh.Address+"|"+wh.Country)
	}
	return strings.Join(parts, ", ")
}

// isoCountry is an ISO 3166-1 alpha-2 code in either case.
var isoCountry = regexp.MustCompile(`^[A-Za-z]{2}$`)

// Set adds one warehouse: a name, an address on one line and a country
// code, separated by "|".
func (w *warehouseFlags) Set(v string) error {
	parts := strings.Split(v, "|")
	if len(parts) != 3 {
		return fmt.Errorf("%q: want 'NAME|ADDRESS|CC', such as 'Main Warehouse|Kochhannstr. 38 10247 Berlin|DE'", v)
	}
	name, addr, cc := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
	switch {
	case name == "":
		return fmt.Errorf("%q: the name is empty", v)
	case !isoCountry.MatchString(cc):
		return fmt.Errorf("%q: %q is not an ISO 3166-1 alpha-2 country code such as DE", v, cc)
	}
	*w = append(*w, sim.Warehouse{Name: name, Address: addr, Country: strings.ToUpper(cc)})
	return nil
}
