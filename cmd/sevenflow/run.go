package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

var runCommand = command{
	name: "run",
	usage: "run PIPELINE --input FILE|- [--target sim|uat|prod|URL] [--format text|json|junit] [--trace FILE]\n" +
		"              [--settings FILE] [--set KEY=VALUE]... [--limit NAME=VALUE]... [--preflight=false] [--dry-run] [--explain]",
	summary: "run a pipeline (a file or a shipped pipeline's name) on an order, or on each line of NDJSON input",
	run:     runRun,
}

// setFlags collects repeated --set KEY=VALUE flags.
type setFlags []string

// String returns the flags given so far.
func (s *setFlags) String() string { return strings.Join(*s, ",") }

// Set adds one KEY=VALUE.
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func runRun(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	input := fs.String("input", "", "the order as JSON, or NDJSON (one order per line); - for stdin")
	target := fs.String("target", targetSim, "the API: sim (the simulator, in-process), uat, prod, or a `URL`")
	format := fs.String("format", "text", "output: text (the trace), json (one summary object per order) or junit (one test case per order)")
	traceFile := fs.String("trace", "", "also record every run to `FILE`, one JSON event a line (NDJSON), for `sevenflow debug --replay`")
	settingsFile := fs.String("settings", "", "YAML `FILE` of settings deep-merged over the pipeline's")
	preflight := fs.Bool("preflight", true, "run each order on a fresh strict in-process simulator first, and send nothing to the target if that fails")
	dryRun := fs.Bool("dry-run", false, "run only the preflight and print the calls and payloads a run would send; send nothing")
	explainRun := fs.Bool("explain", false, "say for each step why it ran or was skipped: its condition, the values of the names in it, and where it is in the YAML")
	var sets setFlags
	fs.Var(&sets, "set", "set one setting: `KEY=VALUE`, KEY a dotted path under settings, VALUE a YAML scalar (repeatable)")
	var limits limitFlags
	fs.Var(&limits, "limit", "set one limit over the pipeline's: `NAME=VALUE`, such as memory_bytes=128MiB (repeatable; docs/security.md lists them)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	const hint = "run 'sevenflow run --help'"
	switch {
	case len(rest) != 1:
		return usageErrorf(hint, "run needs one PIPELINE")
	case *input == "":
		return usageErrorf(hint, "run needs --input FILE (or - for stdin)")
	case *format != "text" && *format != "json" && *format != "junit":
		return usageErrorf(hint, "unknown --format %q (want text, json or junit)", *format)
	case *explainRun && *format == "junit":
		return usageErrorf(hint, "--explain goes with --format text or json")
	}
	layers, err := runSettings(*settingsFile, sets, limits.opt())
	if err != nil {
		return err
	}
	prog, settings, err := compileRun(e, rest[0], layers, limits.opt())
	if err != nil {
		return err
	}
	orders, err := readOrders(e, *input, prog.Limits())
	if err != nil {
		return err
	}
	rn, err := newRunner(ctx, e, prog, runnerConfig{
		target: *target, settings: settings, opts: settingsOptions(layers),
		preflight: *preflight, dryRun: *dryRun, explain: *explainRun,
	})
	if err != nil {
		return err
	}
	defer rn.close()
	var rec *traceRecorder
	if *traceFile != "" {
		if rec, err = createTrace(*traceFile); err != nil {
			return err
		}
		defer rec.close()
	}
	suite := junitSuite{Name: prog.Pipeline().Name}
	code := exitOK
	for i, o := range orders {
		res := rn.run(ctx, o)
		code = max(code, runExitCode(res.trace.Err))
		if err := rec.write(res.trace); err != nil {
			return err
		}
		switch *format {
		case "json":
			err = rn.writeJSON(e.stdout, res)
		case "junit":
			var c junitCase
			c, err = junitRun(suite.Name, i, res.trace)
			suite.Cases = append(suite.Cases, c)
		default:
			err = rn.writeText(e.stdout, res)
		}
		if err != nil {
			return err
		}
	}
	if *format == "junit" {
		if err := writeJUnit(e.stdout, suite); err != nil {
			return err
		}
	}
	if err := rec.close(); err != nil {
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
