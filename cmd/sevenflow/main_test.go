package main

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script and the goldens of the test cases (as sevenflow test --update)")

func TestMain(m *testing.M) {
	testscript.Main(cleanup{m}, map[string]func(){
		"sevenflow": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// cleanup runs the tests, then removes the command sharedSevenflow built.
type cleanup struct{ m *testing.M }

// Run runs the tests.
func (c cleanup) Run() int {
	defer removeBinary()
	return c.m.Run()
}

// TestScript runs the CLI scripts in testdata/script: one per command and
// behaviour, named <command>-<behaviour>.txtar. The repository root is $ROOT.
func TestScript(t *testing.T) {
	t.Parallel()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("ROOT", root+"/../..")
			// A binary built with -race sleeps a second before it exits
			// (so that other goroutines can report); every sevenflow
			// command of a script is such a process. The detector stays
			// on: a race still fails the command with exit 66.
			e.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			return nil
		},
	})
}
