package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
	"github.com/sevenflow/sevenflow/tui"
)

var debugCommand = command{
	name: "debug",
	usage: "debug PIPELINE --input FILE [--order N] [--target sim|uat|prod|URL] [--settings FILE] [--set KEY=VALUE]...\n" +
		"                [--break STEP|EXPR|'STEP if EXPR']... [--watch EXPR]... [--insecure] [--trace-pii]\n" +
		"       sevenflow debug [PIPELINE] --replay TRACE [--run N] [--break ...]... [--watch EXPR]... [--trace-pii]",
	summary:  "step through a run in the terminal debugger, live or played back from a --trace file",
	terminal: true,
	run:      runDebug,
}

// listFlags collects a repeated flag.
type listFlags []string

// String returns the values given so far.
func (l *listFlags) String() string { return strings.Join(*l, ",") }

// Set adds one value.
func (l *listFlags) Set(v string) error { *l = append(*l, v); return nil }

// debugOptions are the flags of debug.
type debugOptions struct {
	pipeline     string // "" with --replay: the trace's pipeline, shipped
	input        string
	order        int
	target       string
	settingsFile string
	sets         []string
	breaks       []string
	watches      []string
	replay       string
	run          int
	insecure     bool
	tracePII     bool
}

func runDebug(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	var o debugOptions
	fs.StringVar(&o.input, "input", "", "the order as JSON, or NDJSON (see --order)")
	fs.IntVar(&o.order, "order", 1, "which order of NDJSON input to debug, 1 for the first")
	fs.StringVar(&o.target, "target", targetSim, "the API: sim (a fresh simulator, in-process, for every run), uat, prod, or a `URL`")
	fs.StringVar(&o.settingsFile, "settings", "", "YAML `FILE` of settings deep-merged over the pipeline's")
	fs.Var((*listFlags)(&o.sets), "set", "set one setting: `KEY=VALUE` (repeatable)")
	fs.Var((*listFlags)(&o.breaks), "break", "`STEP|EXPR`: break before a step (an id or a path), or where an expression becomes true; 'STEP if EXPR' breaks at the step where it holds (repeatable)")
	fs.Var((*listFlags)(&o.watches), "watch", "an expression (`EXPR`) to show at every pause (repeatable)")
	fs.StringVar(&o.replay, "replay", "", "play back the run that 'sevenflow run --trace' recorded in `TRACE`; calls nothing")
	fs.IntVar(&o.run, "run", 1, "which run of the --replay trace, 1 for the first")
	fs.BoolVar(&o.tracePII, "trace-pii", false, tracePIIUsage)
	fs.BoolVar(&o.insecure, "insecure", false, "allow a --target of plain http:// to a host that is not loopback: the access key and the orders cross the network in clear")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageErrorf(debugHint, "debug takes one PIPELINE")
	}
	if len(rest) == 1 {
		o.pipeline = rest[0]
	}
	dbg, err := prepareDebug(ctx, e, o)
	if err != nil {
		return err
	}
	defer dbg.close()
	if !isTerminal(e.stdin) || !isTerminal(e.stdout) {
		return usageErrorf("run it in a terminal; 'sevenflow run --trace FILE' records a run to read without one",
			"debug is interactive: its standard input and output must be a terminal")
	}
	if err := dbg.preflight(ctx, e); err != nil {
		return err
	}
	r := tui.NewRenderer(e.stdout, e.getenv("NO_COLOR") != "")
	// Ask the terminal for its background now, before the program reads
	// the keys: asked later, the answer races with them.
	r.HasDarkBackground()
	st := tui.DefaultStyles(r)
	dbg.cfg.Styles = &st
	p := tea.NewProgram(tui.New(dbg.cfg), tea.WithContext(ctx), tea.WithInput(e.stdin), tea.WithOutput(e.stdout), tea.WithAltScreen())
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return failed(fmt.Errorf("debug: %w", err))
	}
	return nil
}

const debugHint = "run 'sevenflow debug --help'"

// debugSetup is a debugger ready to open: the TUI's config, and what runs
// before it and after it.
type debugSetup struct {
	cfg       tui.Config
	live      *liveRuns // nil for a replay
	preflight func(context.Context, *env) error
	close     func()
}

// prepareDebug checks the flags, compiles the pipeline, reads the order
// or the trace and sets the breakpoints. It opens no target: the
// config's Start does, for each run.
func prepareDebug(ctx context.Context, e *env, o debugOptions) (*debugSetup, error) {
	if o.replay != "" {
		return prepareReplay(e, o)
	}
	switch {
	case o.pipeline == "":
		return nil, usageErrorf(debugHint, "debug needs a PIPELINE, or --replay TRACE")
	case o.input == "":
		return nil, usageErrorf(debugHint, "debug needs --input FILE")
	case o.input == "-":
		return nil, usageErrorf(debugHint, "debug reads its keys from standard input: give --input a FILE")
	}
	layers, err := runSettings(o.settingsFile, o.sets)
	if err != nil {
		return nil, err
	}
	prog, settings, err := compileRun(e, o.pipeline, layers)
	if err != nil {
		return nil, err
	}
	orders, err := readOrders(e, o.input, prog.Limits())
	if err != nil {
		return nil, err
	}
	if o.order < 1 || o.order > len(orders) {
		return nil, usageErrorf(debugHint, "--order %d: %s has %d order(s)", o.order, o.input, len(orders))
	}
	ord := orders[o.order-1]
	d := engine.NewDebugger(prog)
	if err := setBreakpoints(e, d, o.breaks); err != nil {
		return nil, err
	}
	mask, err := personalMask(o.tracePII)
	if err != nil {
		return nil, err
	}
	opts := append(settingsOptions(layers), engine.WithInputPositions(ord.position), engine.WithMask(mask))
	lr := &liveRuns{ctx: ctx, e: e, d: d, input: ord.value, opts: opts, target: o.target, simOpts: simOptions(settings, simClock), open: openTargetWith}
	if o.insecure {
		lr.clientOpts = append(lr.clientOpts, sevensenders.WithInsecure())
	}
	if !isSimTarget(o.target) {
		// A real target opens nothing: find out now, not in the
		// debugger, whether it can be opened at all.
		t, err := openTargetWith(ctx, e, o.target, nil, lr.clientOpts...)
		if err != nil {
			return nil, err
		}
		t.close()
	}
	return &debugSetup{
		cfg: tui.Config{
			Pipeline: prog.Pipeline(), Breakpoints: d, Start: lr.start, Target: o.target,
			Source: pipelineSource, Watches: o.watches,
		},
		preflight: func(ctx context.Context, e *env) error {
			if isSimTarget(o.target) {
				return nil
			}
			return debugPreflight(ctx, e, prog, ord, opts, settings, o.target)
		},
		live:  lr,
		close: lr.close,
	}, nil
}

// liveRuns starts the live runs of a debugger: each on a target opened for
// it (a fresh simulator, so that a restarted run does what the first did).
type liveRuns struct {
	ctx     context.Context
	e       *env
	d       *engine.Debugger
	input   any
	opts    []engine.RunOption
	target  string
	simOpts []sim.Option
	// clientOpts are more options of the target's client: --insecure.
	clientOpts []sevensenders.Option
	open       func(context.Context, *env, string, []sim.Option, ...sevensenders.Option) (*openedTarget, error)

	mu     sync.Mutex // start runs on the TUI's commands, close after it
	opened *openedTarget
}

// start opens the target, closing the one of the run before, and starts a
// run on it.
func (lr *liveRuns) start() (tui.Run, error) {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	lr.closeLocked()
	t, err := lr.open(lr.ctx, lr.e, lr.target, lr.simOpts, lr.clientOpts...)
	if err != nil {
		return nil, err
	}
	lr.opened = t
	ctx := sevensenders.ContextWithRetryBudget(lr.ctx, sevensenders.DefaultRetryBudget)
	return lr.d.Start(builtins.ContextWithClient(ctx, t.client), lr.input, lr.opts...), nil
}

// close closes the target of the last run.
func (lr *liveRuns) close() {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	lr.closeLocked()
}

func (lr *liveRuns) closeLocked() {
	if lr.opened != nil {
		lr.opened.close()
		lr.opened = nil
	}
}

// debugPreflight runs the order on a strict simulator before a debugger
// sends anything to a real target, as run does; a failure is printed with
// its trace, and nothing is sent.
func debugPreflight(ctx context.Context, e *env, prog *engine.Program, o *order, opts []engine.RunOption, settings map[string]any, target string) error {
	pf, err := openPreflight(ctx, simOptions(settings, simClock))
	if err != nil {
		return err
	}
	defer pf.stop()
	t, err := pf.check(ctx, prog, o, opts)
	if err == nil {
		return nil
	}
	fmt.Fprintln(e.stderr, "preflight failed on a strict simulator: nothing was sent to "+target)
	if werr := writeTextTrace(e.stderr, t); werr != nil {
		return werr
	}
	return &exitError{code: exitFailed, err: fmt.Errorf("preflight: %w", err), hint: "debug the order on the simulator first: --target sim"}
}

// prepareReplay reads run N of a --trace file and the pipeline it is of:
// PIPELINE, or the shipped pipeline the run names.
func prepareReplay(e *env, o debugOptions) (*debugSetup, error) {
	if o.input != "" || o.settingsFile != "" || len(o.sets) > 0 {
		return nil, usageErrorf(debugHint, "--replay plays the recorded input and settings back: leave out --input, --settings and --set")
	}
	f, err := os.Open(o.replay)
	if err != nil {
		return nil, invalid(fmt.Errorf("replay: %w", err))
	}
	runs, err := readTrace(o.replay, f)
	f.Close()
	if err != nil {
		return nil, invalid(err)
	}
	if o.run < 1 || o.run > len(runs) {
		return nil, usageErrorf(debugHint, "--run %d: %s has %d run(s)", o.run, o.replay, len(runs))
	}
	events := runs[o.run-1]
	mask, err := personalMask(o.tracePII)
	if err != nil {
		return nil, err
	}
	if mask != nil {
		// A trace recorded with --trace-pii is shown masked all the same.
		events = mask.Events(events)
	}
	name := events[0].(engine.RunStart).Pipeline
	file := o.pipeline
	if file == "" {
		if _, err := fs.Stat(pipelines.FS, name+".yaml"); err != nil {
			return nil, usageErrorf("give the pipeline's file: sevenflow debug FILE --replay "+o.replay,
				"run %d of %s is of pipeline %q, which is not a shipped pipeline", o.run, o.replay, name)
		}
		file = name
	}
	schemas.Warm() // for the run's payloads, while the YAML is read
	prog, err := compilePipeline(e, file)
	if err != nil {
		return nil, err
	}
	if got := prog.Pipeline().Name; got != name {
		return nil, invalid(fmt.Errorf("replay: run %d of %s is of pipeline %q, and %s is pipeline %q", o.run, o.replay, name, file, got))
	}
	d := engine.NewDebugger(prog)
	s, err := d.Replay(events)
	if err != nil {
		return nil, invalid(err)
	}
	s.Stop()
	<-s.Done()
	if err := setBreakpoints(e, d, o.breaks); err != nil {
		return nil, err
	}
	return &debugSetup{
		cfg: tui.Config{
			Pipeline: prog.Pipeline(), Breakpoints: d, Target: "replay " + filepath.Base(o.replay),
			Start:  func() (tui.Run, error) { return d.Replay(events) },
			Source: pipelineSource, Watches: o.watches,
		},
		preflight: func(context.Context, *env) error { return nil },
		close:     func() {},
	}, nil
}

// stepRef is what a --break that names a step looks like: ids joined by
// "/", each maybe with an iteration ("parcels[1]/dispatch", "parcels[]").
var stepRef = regexp.MustCompile(`^[A-Za-z_][\w-]*(\[\d*\])?(/[A-Za-z_][\w-]*(\[\d*\])?)*$`)

// breakpointOf reads a --break: "STEP if EXPR", a step (an id or a
// path), or else an expression, which breaks where it becomes true.
func breakpointOf(v string) engine.Breakpoint {
	if at, when, ok := strings.Cut(v, " if "); ok && stepRef.MatchString(strings.TrimSpace(at)) {
		return engine.Breakpoint{At: strings.TrimSpace(at), When: strings.TrimSpace(when)}
	}
	if stepRef.MatchString(v) {
		return engine.Breakpoint{At: v}
	}
	return engine.Breakpoint{When: v}
}

// setBreakpoints sets each --break on d. An error is printed as lint
// prints one, with a caret under an expression's column (exit 2).
func setBreakpoints(e *env, d *engine.Debugger, breaks []string) error {
	bad := false
	for _, v := range breaks {
		b := breakpointOf(v)
		err := d.SetBreakpoint(b)
		if err != nil && b.At == v && b.When == "" {
			// A word that names no step may be an expression (a name
			// in scope); if it is not, the step's error suggests the
			// closest step.
			if d.SetBreakpoint(engine.Breakpoint{When: v}) == nil {
				continue
			}
		}
		if err != nil {
			bad = true
			fmt.Fprintf(e.stderr, "--break %s: %s\n", v, err)
			printCaret(e.stderr, b.When, err)
		}
	}
	if bad {
		return errSilent(exitInvalid)
	}
	return nil
}

// printCaret prints, for an error in the expression src, the line it is
// on and a caret under its column.
func printCaret(w io.Writer, src string, err error) {
	es := engine.Errors(err)
	if src == "" || len(es) == 0 || es[0].Pos.File != "eval" {
		return
	}
	lines := strings.Split(src, "\n")
	if p := es[0].Pos; p.Line >= 1 && p.Line <= len(lines) {
		fmt.Fprintf(w, "    | %s\n    | %s^\n", lines[p.Line-1], strings.Repeat(" ", max(0, p.Col-1)))
	}
}

// pipelineSource returns a pipeline file's text by the name positions
// give it: a file on disk, else a shipped pipeline ("pipelines/x.yaml").
func pipelineSource(file string) ([]byte, error) {
	if b, err := os.ReadFile(file); err == nil {
		return b, nil
	}
	if rest, ok := strings.CutPrefix(file, "pipelines/"); ok {
		return fs.ReadFile(pipelines.FS, rest)
	}
	return nil, fmt.Errorf("source of %s: %w", file, fs.ErrNotExist)
}

// isTerminal reports whether f is a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(file.Fd())
}
