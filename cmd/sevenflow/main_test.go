package main

import (
	"context"
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script and the goldens of the test cases (as sevenflow test --update)")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sevenflow": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScript runs the CLI scripts in testdata/script: one per command and
// behaviour, named <command>-<behaviour>.txtar. The repository root is $ROOT.
func TestScript(t *testing.T) {
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("ROOT", root+"/../..")
			return nil
		},
	})
}
