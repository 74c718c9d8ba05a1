package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// Exit codes shared by every command.
const (
	exitOK      = 0 // success
	exitFailed  = 1 // a run or a test failed
	exitInvalid = 2 // bad usage, or an invalid pipeline or input
)

// env is everything a command may touch: its I/O and the process environment.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one sub-command of the CLI.
type command struct {
	name    string
	usage   string // the synopsis after "sevenflow "
	summary string // one line for `sevenflow help`
	// terminal is set for an interactive command, which fails (exit 2)
	// when its standard input or output is not a terminal.
	terminal bool
	// run defines its flags on fs, parses args with parseFlags and does
	// the work. fs is new for each call and prints usage to e.stderr.
	run func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error
}

// commands lists the sub-commands in the order `sevenflow help` shows them.
func commands() []command {
	return []command{
		versionCommand,
		simCommand,
		schemaCommand,
		runCommand,
		journalCommand,
		testCommand,
		lintCommand,
		graphCommand,
		debugCommand,
	}
}

// exitError carries the exit code a failure maps to, and an optional hint
// that tells the user what to do next.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf reports bad usage (exit 2).
func usageErrorf(hint, format string, args ...any) error {
	return &exitError{code: exitInvalid, err: fmt.Errorf(format, args...), hint: hint}
}

// invalid marks err as an invalid pipeline, input or file (exit 2).
func invalid(err error) error {
	return &exitError{code: exitInvalid, err: err}
}

// failed marks err as a failed run or test (exit 1).
func failed(err error) error {
	return &exitError{code: exitFailed, err: err}
}

// errSilent is returned by a command that has already reported its failure
// on its own output and only needs the exit code.
type errSilent int

func (e errSilent) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// run is the whole CLI: it parses args, runs one command and returns the
// process exit code. Only main calls os.Exit.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			if c, ok := lookup(args[1]); ok {
				fmt.Fprintf(stdout, "usage: sevenflow %s\n\n%s\n", c.usage, c.summary)
				return exitOK
			}
		}
		printHelp(stdout)
		if len(args) == 0 {
			return exitInvalid
		}
		return exitOK
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "sevenflow: unknown command %q%s\nRun 'sevenflow help' for the list of commands.\n", args[0], suggest(args[0]))
		return exitInvalid
	}
	err := c.run(ctx, e, newFlagSet(e, c), args[1:])
	return report(stderr, c.name, err)
}

// report prints err (if any) and returns its exit code.
func report(stderr io.Writer, name string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var silent errSilent
	if errors.As(err, &silent) {
		return int(silent)
	}
	code := exitFailed
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	fmt.Fprintf(stderr, "sevenflow %s: %s\n", name, err)
	if ee != nil && ee.hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", ee.hint)
	}
	return code
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// suggest returns `, did you mean "x"?` for the closest command name.
func suggest(name string) string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	best := engine.Closest(name, names)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(", did you mean %q?", best)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "sevenflow runs Seven Senders fulfilment pipelines.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage:")
	cs := commands()
	width := 0
	for _, c := range cs {
		width = max(width, len(c.name))
	}
	for _, c := range cs {
		fmt.Fprintf(w, "  sevenflow %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'sevenflow COMMAND --help' for the flags of a command.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 a run or test failed, 2 bad usage or an invalid pipeline or input.")
}

// newFlagSet returns a flag set for command c that prints its usage to e.stderr
// and never exits the process.
func newFlagSet(e *env, c command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: sevenflow %s\n\n%s\n", c.usage, c.summary)
		var flags strings.Builder
		fs.SetOutput(&flags)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
		if flags.Len() > 0 {
			fmt.Fprintf(e.stderr, "\nflags:\n%s", flags.String())
		}
	}
	return fs
}

// parseFlags parses args with fs, allowing flags after positional arguments
// (`sevenflow run shop.yaml --input order.json`), and returns the positional
// arguments. A parse error is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageErrorf("run 'sevenflow "+fs.Name()+" --help' for its flags", "%w", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	return positional, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
