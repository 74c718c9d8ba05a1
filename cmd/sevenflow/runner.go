package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
)

// compileLoaded compiles p, which loadPipeline returned with loadErr,
// against reg. The errors of an invalid pipeline go to w, each with its
// source line and a caret, and the error returned is errSilent(exitInvalid).
func compileLoaded(w io.Writer, reg *engine.Registry, p *engine.Pipeline, loadErr error) (*engine.Program, error) {
	err := loadErr
	var prog *engine.Program
	if err == nil {
		prog, err = engine.Compile(p, reg)
	}
	if errs := engine.Errors(err); errs != nil {
		printErrors(w, errs)
		return nil, errSilent(exitInvalid)
	}
	return prog, err
}

// printErrors prints each error with the source line it points at.
func printErrors(w io.Writer, errs []*engine.Error) {
	for _, x := range errs {
		fmt.Fprintln(w, x)
		fmt.Fprint(w, snippet(x.Pos))
	}
}

// runExitCode is the exit code of a run that returned err: 2 for an input
// that fails the pipeline's input schema, 1 for any other failure.
func runExitCode(err error) int {
	switch errs := engine.Errors(err); {
	case err == nil:
		return exitOK
	case len(errs) > 0 && errs[0].Code == engine.CodeInput:
		return exitInvalid
	}
	return exitFailed
}

// writeTextTrace writes the text trace of one run, which is what `run`
// prints. A failed run's error line is followed by each finding (JSON
// pointer and message) of the error that its message does not already
// spell out, one per line.
func writeTextTrace(w io.Writer, t *engine.Trace) error {
	return writeTraceText(w, t, engine.TextOptions{})
}

// writeTraceText is writeTextTrace in the form opts says: a test case's
// trace.golden is the golden form (see goldenForm).
func writeTraceText(w io.Writer, t *engine.Trace, opts engine.TextOptions) error {
	var b bytes.Buffer
	if err := opts.WriteTrace(&b, t); err != nil {
		return err
	}
	for _, x := range engine.Errors(t.Err) {
		msg := opts.Error(x)
		for _, d := range x.Details() {
			line := d.Message
			if d.Pointer != "" {
				line = d.Pointer + ": " + d.Message
			}
			if d.Source != "" {
				line += " <- " + d.Source
			}
			if !strings.Contains(msg, line) {
				fmt.Fprintf(&b, "  %s\n", line)
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// loadPipeline loads PIPELINE: a file, else a shipped pipeline's name.
// extends and use resolve next to the file, then among the shipped ones.
func loadPipeline(name string, opts ...engine.LoadOption) (*engine.Pipeline, error) {
	if _, err := os.Stat(name); err == nil {
		return engine.LoadFile(name, append([]engine.LoadOption{engine.WithFS("pipelines", pipelines.FS), engine.WithParsed(pipelines.Parsed)}, opts...)...)
	}
	return loadShipped(name, pipelines.FS, opts...)
}

// loadShipped loads the shipped pipeline called name (with or without
// .yaml) from shipped: pipelines.FS, or a test's changed copy of it.
func loadShipped(name string, shipped fs.FS, opts ...engine.LoadOption) (*engine.Pipeline, error) {
	file := strings.TrimSuffix(name, ".yaml") + ".yaml"
	src, err := fs.ReadFile(shipped, file)
	if err != nil {
		return nil, usageErrorf("PIPELINE is a file or the name of a shipped pipeline", "no pipeline file or shipped pipeline %q", name)
	}
	return engine.Load("pipelines/"+file, src, append([]engine.LoadOption{engine.WithFS("pipelines", shipped), engine.WithParsed(pipelines.Parsed)}, opts...)...)
}

// registry returns the registry of every builtin.
func registry() (*engine.Registry, error) {
	reg := engine.NewRegistry()
	if err := builtins.Register(reg); err != nil {
		return nil, err
	}
	return reg, nil
}

// compilePipeline loads and compiles PIPELINE against the builtins that
// need no API, printing every error of an invalid pipeline to stderr
// (exit 2).
func compilePipeline(e *env, name string, opts ...engine.LoadOption) (*engine.Program, error) {
	reg, err := registry()
	if err != nil {
		return nil, err
	}
	p, err := loadPipeline(name, opts...)
	return compileLoaded(e.stderr, reg, p, err)
}

// runSettings reads --settings and each --set into layers of settings,
// in the order they apply. Of opts, WithLimits applies to the settings
// file.
func runSettings(file string, sets []string, opts ...engine.LoadOption) ([]*engine.Settings, error) {
	var layers []*engine.Settings
	if file != "" {
		src, err := os.ReadFile(file)
		if err != nil {
			return nil, invalid(fmt.Errorf("read settings: %w", err))
		}
		l, err := engine.LoadSettings(file, src, opts...)
		if err != nil {
			return nil, invalid(err)
		}
		layers = append(layers, l)
	}
	for _, s := range sets {
		l, err := engine.ParseSetting(s, engine.Pos{File: "--set " + s})
		if err != nil {
			return nil, usageErrorf("write --set KEY=VALUE, e.g. --set warehouse.country=AT", "%w", err)
		}
		layers = append(layers, l)
	}
	return layers, nil
}

// settingsOptions are the run options of layers of settings.
func settingsOptions(layers []*engine.Settings) []engine.RunOption {
	opts := make([]engine.RunOption, len(layers))
	for i, l := range layers {
		opts[i] = engine.WithSettingsLayer(l)
	}
	return opts
}
