package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
	"github.com/sevenflow/sevenflow/schemas"
)

var lintCommand = command{
	name:    "lint",
	usage:   "lint [--format text|json] [--limit NAME=VALUE]... PATH...",
	summary: "check pipeline files (or every *.yaml and *.yml under directories) without running them",
	run:     runLint,
}

// lintFinding is one error of `lint --format json`.
type lintFinding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Step    string `json:"step,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func runLint(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	// Lint is short and its memory is bounded by the limits of what it
	// reads; with the default, a third of its time went to collecting a
	// heap of a few megabytes.
	roomyHeap()
	format := fs.String("format", "text", "output: text (FILE:LINE:COL: message) or json (a list of findings)")
	var limits limitFlags
	fs.Var(&limits, "limit", "set one limit over the pipelines': `NAME=VALUE`, such as file_bytes=2MiB (repeatable; docs/security.md lists them)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	const hint = "run 'sevenflow lint --help'"
	switch {
	case len(rest) == 0:
		return usageErrorf(hint, "lint needs at least one PATH")
	case *format != "text" && *format != "json":
		return usageErrorf(hint, "unknown --format %q (want text or json)", *format)
	}
	files, err := pipelineFiles(rest)
	if err != nil {
		return err
	}
	// Lint validates no payload: the shared definitions are only read
	// (for the settings schema and the operations' keys), while the YAML
	// is.
	schemas.Preload()
	reg, err := registry()
	if err != nil {
		return err
	}
	findings := []lintFinding{}
	// A sub-pipeline that several files use reports its errors once.
	seen := map[string]bool{}
	for _, f := range files {
		errs, err := lintFile(f, reg, limits.opt())
		if err != nil {
			return err
		}
		for _, x := range errs {
			if seen[x.Error()] {
				continue
			}
			seen[x.Error()] = true
			msg := ""
			if x.Err != nil {
				msg = x.Err.Error()
			}
			findings = append(findings, lintFinding{File: x.Pos.File, Line: x.Pos.Line, Col: x.Pos.Col, Step: x.Step, Code: x.Code, Message: msg})
			if *format == "text" {
				fmt.Fprintln(e.stdout, x)
				fmt.Fprint(e.stdout, snippet(x.Pos))
			}
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(findings); err != nil {
			return err
		}
	}
	if len(findings) > 0 {
		if *format == "text" {
			fmt.Fprintf(e.stderr, "sevenflow lint: %s in %s\n", plural(len(findings), "error"), plural(len(files), "file"))
		}
		return errSilent(exitInvalid)
	}
	if *format == "text" {
		fmt.Fprintf(e.stdout, "%s ok\n", plural(len(files), "file"))
	}
	return nil
}

// lintFile loads and compiles one file and returns every error, sorted: the
// loader's and, for what it could read, the compiler's. A test case's
// case.yaml is checked as a case: its pipeline with its settings.
func lintFile(file string, reg *engine.Registry, opts ...engine.LoadOption) ([]*engine.Error, error) {
	if filepath.Base(file) == caseFile {
		return lintCase(file, reg, opts...)
	}
	p, err := loadPipeline(file, opts...)
	errs := engine.Errors(err)
	if err != nil && errs == nil {
		return nil, err
	}
	if p != nil {
		prog, err := engine.Compile(p, reg)
		errs = append(errs, engine.Errors(err)...)
		if err == nil && !isShipped(file) {
			// A shop must write the settings only it can know (its
			// warehouse, its customs ids); a shipped workflow leaves them
			// to the shop.
			_, err := prog.CheckSettings()
			errs = append(errs, engine.Errors(err)...)
		}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].Pos, errs[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return errs, nil
}

// lintCase checks a test case: its case.yaml, its pipeline, and the
// pipeline's settings with the case's over them.
func lintCase(file string, reg *engine.Registry, opts ...engine.LoadOption) ([]*engine.Error, error) {
	tc, err := readCase(filepath.Dir(file))
	if err != nil {
		if errs := engine.Errors(err); errs != nil {
			return errs, nil
		}
		return []*engine.Error{{Pos: engine.Pos{File: file, Line: 1, Col: 1}, Code: engine.CodeBadValue, Err: err}}, nil
	}
	p, err := loadPipeline(tc.Pipeline, opts...)
	if err != nil {
		if errs := engine.Errors(err); errs != nil {
			return errs, nil
		}
		return nil, err
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		return engine.Errors(err), nil
	}
	_, err = prog.CheckSettings(settingsOptions(tc.Settings)...)
	return engine.Errors(err), nil
}

// isShipped reports whether file is one of the shipped pipelines: its
// name and contents are those of a file of package pipelines.
func isShipped(file string) bool {
	shipped, err := fs.ReadFile(pipelines.FS, filepath.Base(file))
	if err != nil {
		return false
	}
	disk, err := os.ReadFile(file)
	return err == nil && bytes.Equal(disk, shipped)
}

// plural returns "1 file" or "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// maxSnippet is how many characters of a source line an error shows.
const maxSnippet = 200

// snippet returns the line of the file at pos and a caret under pos's
// column, indented, or "" if the file cannot be read. A line longer than
// maxSnippet characters is cut to a window around the column.
func snippet(pos engine.Pos) string {
	src, err := os.ReadFile(pos.File)
	if err != nil || pos.Line < 1 {
		return ""
	}
	lines := strings.SplitN(string(src), "\n", pos.Line+1)
	if pos.Line > len(lines) {
		return ""
	}
	line := []rune(strings.ReplaceAll(strings.TrimSuffix(lines[pos.Line-1], "\r"), "\t", " "))
	col := min(max(pos.Col-1, 0), len(line))
	if len(line) > maxSnippet {
		start := max(0, min(col-maxSnippet/2, len(line)-maxSnippet))
		cut := string(line[start : start+maxSnippet])
		if start > 0 {
			cut, col = "…"+cut, col-start+1
		}
		if start+maxSnippet < len(line) {
			cut += "…"
		}
		line = []rune(cut)
	}
	return fmt.Sprintf("    | %s\n    | %s^\n", string(line), strings.Repeat(" ", col))
}

// pipelineFiles expands paths: files as given, directories to every *.yaml
// and *.yml under them, sorted.
func pipelineFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, invalid(err)
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(path); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, invalid(err)
		}
	}
	sort.Strings(files)
	return files, nil
}
