package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

var runCommand = command{
	name:    "run",
	usage:   "run PIPELINE --input FILE|- [--target sim|uat|prod|URL] [--format text|json|junit] [--trace FILE] [--settings FILE] [--set KEY=VALUE]...",
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
	target := fs.String("target", "sim", "the API: sim (the simulator, in-process), uat, prod, or a `URL`")
	format := fs.String("format", "text", "output: text (the trace), json (one summary object per order) or junit (one test case per order)")
	traceFile := fs.String("trace", "", "also write the text trace of every run to `FILE`")
	settingsFile := fs.String("settings", "", "YAML `FILE` of settings deep-merged over the pipeline's")
	var sets setFlags
	fs.Var(&sets, "set", "set one setting: `KEY=VALUE`, KEY a dotted path under settings, VALUE a YAML scalar (repeatable)")
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
	}
	settings, err := runSettings(*settingsFile, sets)
	if err != nil {
		return err
	}
	p, loadErr := loadPipeline(rest[0])
	if loadErr != nil && engine.Errors(loadErr) == nil {
		return loadErr
	}
	sess, err := openSession(ctx, e, *target)
	if err != nil {
		return err
	}
	defer sess.close()
	prog, err := compileLoaded(e.stderr, sess.reg, p, loadErr)
	if err != nil {
		return err
	}
	orders, err := readOrders(e, *input)
	if err != nil {
		return err
	}
	var traces bytes.Buffer
	suite := junitSuite{Name: prog.Pipeline().Name}
	code := exitOK
	for i, order := range orders {
		trace, err := prog.Run(ctx, order, settingsOptions(settings)...)
		code = max(code, runExitCode(err))
		if err := writeTextTrace(&traces, trace); err != nil {
			return err
		}
		switch *format {
		case "json":
			err = trace.WriteJSON(e.stdout)
		case "junit":
			var c junitCase
			c, err = junitRun(suite.Name, i, trace)
			suite.Cases = append(suite.Cases, c)
		default:
			err = writeTextTrace(e.stdout, trace)
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
	if *traceFile != "" {
		if err := os.WriteFile(*traceFile, traces.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write trace: %w", err)
		}
	}
	if code != exitOK {
		return errSilent(code)
	}
	return nil
}
