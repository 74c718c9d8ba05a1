package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/journal"
	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
)

var runCommand = command{
	name: "run",
	usage: "run PIPELINE --input FILE|DIR|- [--target sim|uat|prod|URL] [--format text|json|junit] [--trace FILE]\n" +
		"              [--parallel N] [--rate N] [--journal FILE] [--request-timeout D]\n" +
		"              [--settings FILE] [--set KEY=VALUE]... [--limit NAME=VALUE]... [--preflight=false] [--dry-run] [--explain] [--insecure] [--trace-pii]",
	summary: "run a pipeline (a file or a shipped pipeline's name) on an order, or on a batch: NDJSON, one order a line, or a directory of JSON files",
	run:     runRun,
}

// defaultRequestTimeout is --request-timeout's default: as long as the
// client's transport waits for an answer's headers.
const defaultRequestTimeout = 30 * time.Second

// defaultRate is --rate's default: requests a second to the target.
const defaultRate = 10

// setFlags collects repeated --set KEY=VALUE flags.
type setFlags []string

// String returns the flags given so far.
func (s *setFlags) String() string { return strings.Join(*s, ",") }

// Set adds one KEY=VALUE.
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func runRun(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	input := fs.String("input", "", "the order as JSON; NDJSON (one order a line); a `DIR`ectory of JSON files, one order each; or - for stdin")
	target := fs.String("target", targetSim, "the API: sim (the simulator, in-process), uat, prod, or a `URL`")
	format := fs.String("format", "text", "output: text (the trace), json (one summary object per order, a line each) or junit (one test case per order)")
	traceFile := fs.String("trace", "", "also record every run to `FILE`, one JSON event a line (NDJSON), for `sevenflow debug --replay`")
	settingsFile := fs.String("settings", "", "YAML `FILE` of settings deep-merged over the pipeline's")
	preflight := fs.Bool("preflight", true, "run each order on a fresh strict in-process simulator first, and send nothing to the target if that fails")
	dryRun := fs.Bool("dry-run", false, "run only the preflight and print the calls and payloads a run would send; send nothing")
	tracePII := fs.Bool("trace-pii", false, tracePIIUsage)
	requestTimeout := fs.Duration("request-timeout", defaultRequestTimeout, "wait at most `D` for the answer of each request, its body included; past it the request may have arrived, and a create is read back before it is sent again")
	insecure := fs.Bool("insecure", false, "allow a --target of plain http:// to a host that is not loopback: the access key and the orders cross the network in clear")
	explainRun := fs.Bool("explain", false, "say for each step why it ran or was skipped: its condition, the values of the names in it, and where it is in the YAML")
	parallel := fs.Int("parallel", defaultParallel, fmt.Sprintf("run `N` orders at a time (1 to %d)", maxParallel))
	rateFlag := fs.Float64("rate", defaultRate, "at most `N` requests a second to the target, shared by all orders; 0 for no limit (the in-process simulator has none unless this is given)")
	journalFile := fs.String("journal", "", "record every side-effecting call in the SQLite `FILE`; run the batch again with it after a crash, and nothing is sent twice")
	var sets setFlags
	fs.Var(&sets, "set", "set one setting: `KEY=VALUE`, KEY a dotted path under settings, VALUE a YAML scalar (repeatable)")
	var limits limitFlags
	fs.Var(&limits, "limit", "set one limit over the pipeline's: `NAME=VALUE`, such as memory_bytes=128MiB (repeatable; docs/security.md lists them)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	rateGiven := false
	fs.Visit(func(f *flag.Flag) { rateGiven = rateGiven || f.Name == "rate" })
	const hint = "run 'sevenflow run --help'"
	switch {
	case len(rest) != 1:
		return usageErrorf(hint, "run needs one PIPELINE")
	case *input == "":
		return usageErrorf(hint, "run needs --input FILE (or a directory, or - for stdin)")
	case *format != "text" && *format != "json" && *format != "junit":
		return usageErrorf(hint, "unknown --format %q (want text, json or junit)", *format)
	case *explainRun && *format == "junit":
		return usageErrorf(hint, "--explain goes with --format text or json")
	case *requestTimeout <= 0:
		return usageErrorf(hint, "--request-timeout %s: want a positive duration, such as 30s", *requestTimeout)
	case *parallel < 1 || *parallel > maxParallel:
		return usageErrorf(hint, "--parallel %d: want 1 to %d", *parallel, maxParallel)
	case *rateFlag < 0:
		return usageErrorf(hint, "--rate %g: want requests a second, or 0 for no limit", *rateFlag)
	case *journalFile != "" && isSimTarget(*target):
		return usageErrorf("give --target the URL of `sevenflow sim --state FILE`, or uat or prod",
			"--journal needs a target that outlives the command: the in-process simulator forgets everything, so a rerun would skip calls it never saw")
	case *journalFile != "" && *dryRun:
		return usageErrorf(hint, "--journal with --dry-run: a dry run sends nothing to record")
	}
	layers, err := runSettings(*settingsFile, sets, limits.opt())
	if err != nil {
		return err
	}
	prog, settings, err := compileRun(e, rest[0], layers, limits.opt())
	if err != nil {
		return err
	}
	src, err := openOrders(e, *input, prog.Limits())
	if err != nil {
		return err
	}
	defer src.close()
	var clientOpts []sevensenders.Option
	if rateGiven || !isSimTarget(*target) {
		clientOpts = append(clientOpts, sevensenders.WithLimiter(sevensenders.NewLimiter(*rateFlag)))
	}
	if *insecure {
		clientOpts = append(clientOpts, sevensenders.WithInsecure())
	}
	clientOpts = append(clientOpts, sevensenders.WithRequestTimeout(*requestTimeout))
	rn, err := newRunner(ctx, e, prog, runnerConfig{
		target: *target, settings: settings, opts: settingsOptions(layers),
		preflight: *preflight, dryRun: *dryRun, explain: *explainRun, client: clientOpts, tracePII: *tracePII,
		// JSON summaries with no --trace file: the rest of each trace would
		// be masked and kept for nothing.
		summary: *format == "json" && *traceFile == "" && !*explainRun,
	})
	if err != nil {
		return err
	}
	defer rn.close()
	cfg := batchConfig{format: *format, parallel: *parallel, target: rn.base}
	if isSimTarget(*target) {
		cfg.target = "the in-process simulator"
	}
	if *traceFile != "" {
		if cfg.rec, err = createTrace(*traceFile); err != nil {
			return err
		}
		defer cfg.rec.close()
	}
	if *journalFile != "" {
		j, err := openJournal(*journalFile)
		if err != nil {
			return err
		}
		defer j.Close()
		if cfg.journal, err = j.StartRun(ctx, journal.RunInfo{Pipeline: prog.Pipeline().Name, Input: *input, Target: rn.base}); err != nil {
			return failed(err)
		}
	}
	code, err := runBatch(ctx, e, rn, src, cfg)
	if err != nil {
		return err
	}
	if err := cfg.rec.close(); err != nil {
		return err
	}
	if code != exitOK {
		return errSilent(code)
	}
	return nil
}

// compileRun loads and compiles PIPELINE and checks its settings with the
// layers over them. Errors go to stderr with their source lines (exit 2).
// It returns the settings a run sees.
func compileRun(e *env, name string, layers []*engine.Settings, opts ...engine.LoadOption) (*engine.Program, map[string]any, error) {
	// The run validates its payloads against the shared definitions:
	// they compile on another goroutine while the YAML is read.
	schemas.Warm()
	prog, err := compilePipeline(e, name, opts...)
	if err != nil {
		return nil, nil, err
	}
	settings, err := prog.CheckSettings(settingsOptions(layers)...)
	if errs := engine.Errors(err); errs != nil {
		printErrors(e.stderr, errs)
		if len(layers) == 0 && strings.Contains(err.Error(), "missing setting") {
			fmt.Fprintf(e.stderr, "hint: a shop writes the settings only it knows: a file with `extends: %s` and its settings (see docs/pipelines.md), or --settings FILE and --set KEY=VALUE\n", prog.Pipeline().Name)
		}
		return nil, nil, errSilent(exitInvalid)
	}
	return prog, settings, err
}
