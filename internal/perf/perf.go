package perf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/internal/reference"
	"github.com/sevenflow/sevenflow/pipelines"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// Clock and Seed are those of the CLI's in-process simulator, so that
// runs here answer as `sevenflow run` does.
var (
	Clock = time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	Seed  = int64(1)
)

// Root returns the repository's root directory: the nearest directory
// above the working directory that holds go.mod and shops/.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "shops", "example.yaml")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("perf: no repository root above the working directory")
		}
		dir = up
	}
}

// Shop is a compiled shop file and the reference runners for its
// settings.
type Shop struct {
	Prog     *engine.Program
	Opts     []engine.RunOption // the settings layers given to LoadShop
	Settings map[string]any     // the settings a run sees
	Ref      *reference.Runner  // the reference, validating payloads
	RefBare  *reference.Runner  // the reference, without validation
}

// LoadShop loads and compiles the pipeline file at path against every
// builtin, with layers of settings over its own.
func LoadShop(path string, layers ...*engine.Settings) (*Shop, error) {
	prog, err := Compile(path)
	if err != nil {
		return nil, err
	}
	s := &Shop{Prog: prog}
	for _, l := range layers {
		s.Opts = append(s.Opts, engine.WithSettingsLayer(l))
	}
	if s.Settings, err = prog.CheckSettings(s.Opts...); err != nil {
		return nil, err
	}
	rs, err := reference.ParseSettings(s.Settings)
	if err != nil {
		return nil, err
	}
	if s.Ref, err = reference.New(rs, reference.Validate(true)); err != nil {
		return nil, err
	}
	if s.RefBare, err = reference.New(rs); err != nil {
		return nil, err
	}
	return s, nil
}

// Compile loads the pipeline file at path, resolving extends and use next
// to it and among the shipped pipelines, and compiles it against every
// builtin, as `sevenflow run FILE` does.
func Compile(path string) (*engine.Program, error) {
	reg := engine.NewRegistry()
	if err := builtins.Register(reg); err != nil {
		return nil, err
	}
	p, err := engine.LoadFile(path, engine.WithFS("pipelines", pipelines.FS), engine.WithParsed(pipelines.Parsed))
	if err != nil {
		return nil, err
	}
	return engine.Compile(p, reg)
}

// Pipeline runs the shop's pipeline on order against c, with opts
// besides the shop's.
func (s *Shop) Pipeline(ctx context.Context, c *sevensenders.Client, order any, opts ...engine.RunOption) (*engine.Trace, error) {
	return s.Prog.Run(builtins.ContextWithClient(ctx, c), order, append(opts, s.Opts...)...)
}

// SimOptions are the options of the CLI's in-process simulator for a run
// with settings: strict, the fixed clock, seed and access key, and the
// shop's warehouse as the account's.
func SimOptions(settings map[string]any) []sim.Option {
	return []sim.Option{sim.WithMode(sim.Strict), sim.WithClock(Clock), sim.WithSeed(Seed), sim.WithAccessKey(sim.DefaultAccessKey),
		sim.WithShopWarehouse(settings)}
}

// Transport is how a Target's client reaches its simulator.
type Transport string

// The transports of a Target.
const (
	Loopback Transport = "loopback" // real HTTP over a loopback socket
	Memory   Transport = "memory"   // the simulator's handler called in memory
)

// Target is a simulator and a client of it. Reset replaces the simulator
// with a fresh one behind the same address, as the CLI's preflight does
// for every order.
type Target struct {
	Origin string // where the simulator is served, such as http://127.0.0.1:PORT
	Close  func()
	opts   []sim.Option
	cur    atomic.Pointer[sim.Server]
	hc     *http.Client
}

// Serve serves h on a free loopback port and returns its origin and the
// function that stops it.
func Serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("perf: listen: %w", err)
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = hs.Close(); <-done }, nil
}

// NewTarget starts a fresh simulator made with opts, reached by t.
func NewTarget(t Transport, opts ...sim.Option) (*Target, error) {
	tg := &Target{opts: opts}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tg.cur.Load().ServeHTTP(w, r) })
	tg.Reset()
	origin, stop, err := Serve(h)
	if err != nil {
		return nil, err
	}
	tg.Origin, tg.Close = origin, stop
	switch t {
	case Loopback:
	case Memory:
		tg.hc = &http.Client{Transport: sevensenders.HandlerTransport(h)}
	default:
		stop()
		return nil, fmt.Errorf("perf: unknown transport %q", t)
	}
	return tg, nil
}

// Reset puts a fresh simulator behind the target and returns it.
func (t *Target) Reset() *sim.Server {
	s := sim.New(t.opts...)
	t.cur.Store(s)
	return s
}

// Sim returns the simulator behind the target.
func (t *Target) Sim() *sim.Server { return t.cur.Load() }

// Client returns a new client of the target. With observe, it reports
// every exchange to the run's trace, as the CLI's clients do.
func (t *Target) Client(observe bool, opts ...sevensenders.Option) *sevensenders.Client {
	return NewClient(t.Origin, t.hc, observe, opts...)
}

// NewClient returns a client of the simulator at origin, through hc (nil
// for the default HTTP client). With observe, it reports every exchange
// to the run's trace, as the CLI's clients do.
func NewClient(origin string, hc *http.Client, observe bool, opts ...sevensenders.Option) *sevensenders.Client {
	all := []sevensenders.Option{sevensenders.WithAccessKey(sim.DefaultAccessKey), sevensenders.WithUserAgent("sevenflow/perf")}
	if observe {
		all = append(all, sevensenders.WithObserver(builtins.RecordExchange))
	}
	if hc != nil {
		all = append(all, sevensenders.WithHTTPClient(hc))
	}
	return sevensenders.NewClient(origin+"/v2", append(all, opts...)...)
}

// ReadOrder reads an order file as a run takes it.
func ReadOrder(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var o map[string]any
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, fmt.Errorf("perf: %s: %w", path, err)
	}
	return o, nil
}
