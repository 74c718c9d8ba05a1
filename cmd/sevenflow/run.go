package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
	"github.com/sevenflow/sevenflow/schemas"
)

var runCommand = command{
	name:    "run",
	usage:   "run PIPELINE --input FILE|- [--format text|json] [--trace FILE] [--settings FILE] [--set KEY=VALUE]...",
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
	format := fs.String("format", "text", "output: text (the trace) or json (one summary object per order)")
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
	case *format != "text" && *format != "json":
		return usageErrorf(hint, "unknown --format %q (want text or json)", *format)
	}
	settings, err := runSettings(*settingsFile, sets)
	if err != nil {
		return err
	}
	prog, err := compilePipeline(e, rest[0])
	if err != nil {
		return err
	}
	orders, err := readOrders(e, *input)
	if err != nil {
		return err
	}
	var traces bytes.Buffer
	code := exitOK
	for _, order := range orders {
		trace, err := prog.Run(ctx, order, engine.WithSettings(settings))
		if errs := engine.Errors(err); len(errs) > 0 && errs[0].Code == engine.CodeInput {
			code = exitInvalid
		} else if err != nil && code == exitOK {
			code = exitFailed
		}
		if err := trace.WriteText(&traces); err != nil {
			return err
		}
		if *format == "json" {
			err = trace.WriteJSON(e.stdout)
		} else {
			err = trace.WriteText(e.stdout)
		}
		if err != nil {
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

// loadPipeline loads PIPELINE: a file, else a shipped pipeline's name.
// extends and use resolve next to the file, then among the shipped ones.
func loadPipeline(name string) (*engine.Pipeline, error) {
	shipped := engine.WithFS("pipelines", pipelines.FS)
	if _, err := os.Stat(name); err == nil {
		return engine.LoadFile(name, shipped)
	}
	file := strings.TrimSuffix(name, ".yaml") + ".yaml"
	src, err := fs.ReadFile(pipelines.FS, file)
	if err != nil {
		return nil, usageErrorf("PIPELINE is a file or the name of a shipped pipeline", "no pipeline file or shipped pipeline %q", name)
	}
	return engine.Load("pipelines/"+file, src, shipped)
}

// registry returns the registry of every builtin.
func registry() (*engine.Registry, error) {
	reg := engine.NewRegistry()
	if err := builtins.Register(reg); err != nil {
		return nil, err
	}
	return reg, nil
}

// compilePipeline loads and compiles PIPELINE, printing every error of an
// invalid pipeline to stderr (exit 2).
func compilePipeline(e *env, name string) (*engine.Program, error) {
	reg, err := registry()
	if err != nil {
		return nil, err
	}
	p, err := loadPipeline(name)
	var prog *engine.Program
	if err == nil {
		prog, err = engine.Compile(p, reg, engine.WithInputValidator(validateInput))
	}
	if errs := engine.Errors(err); errs != nil {
		for _, x := range errs {
			fmt.Fprintln(e.stderr, x)
			fmt.Fprint(e.stderr, snippet(x.Pos))
		}
		return nil, errSilent(exitInvalid)
	}
	return prog, err
}

// validateInput checks a run's input against schemas/input/NAME.json; the
// violations become the details of the run's error.
func validateInput(name string, input any) error {
	err := schemas.Validate("input/"+name, input)
	var ve *schemas.ValidationError
	if errors.As(err, &ve) {
		return inputError{ve}
	}
	return err
}

// inputError lists each violation of the input as a detail of the run's
// error.
type inputError struct{ *schemas.ValidationError }

// Details returns the violations.
func (e inputError) Details() []engine.Detail {
	ds := make([]engine.Detail, len(e.Violations))
	for i, v := range e.Violations {
		ds[i] = engine.Detail{Pointer: v.Pointer, Message: v.Message}
	}
	return ds
}

// readOrders reads one JSON value, or several (NDJSON), from path or stdin.
func readOrders(e *env, path string) ([]any, error) {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, invalid(fmt.Errorf("read input: %w", err))
		}
		defer f.Close()
		r = f
	}
	dec := json.NewDecoder(r)
	var orders []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, invalid(fmt.Errorf("read input %s: order %d: %w", path, len(orders)+1, err))
		}
		orders = append(orders, v)
	}
	if len(orders) == 0 {
		return nil, invalid(fmt.Errorf("read input %s: no order", path))
	}
	return orders, nil
}

// runSettings reads --settings and applies each --set over it.
func runSettings(file string, sets []string) (map[string]any, error) {
	settings := map[string]any{}
	if file != "" {
		src, err := os.ReadFile(file)
		if err != nil {
			return nil, invalid(fmt.Errorf("read settings: %w", err))
		}
		if err := yaml.Unmarshal(src, &settings); err != nil {
			return nil, invalid(fmt.Errorf("read settings %s: %w", file, err))
		}
	}
	for _, s := range sets {
		key, val, ok := strings.Cut(s, "=")
		if !ok || key == "" {
			return nil, usageErrorf("write --set KEY=VALUE, e.g. --set warehouse.country=AT", "bad --set %q", s)
		}
		var v any
		if err := yaml.Unmarshal([]byte(val), &v); err != nil {
			return nil, usageErrorf("VALUE is a YAML scalar: quote it if needed", "bad --set %q: %w", s, err)
		}
		m := settings
		path := strings.Split(key, ".")
		for _, k := range path[:len(path)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		m[path[len(path)-1]] = v
	}
	return settings, nil
}

var _ engine.DetailedError = inputError{}
