package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/tui"
)

// TestReadme checks the README as a new user reads it: the first shop it
// shows is docs/examples/first-shop.yaml, and every `sevenflow` command in
// its shell blocks runs as written from the repository's root. The
// simulator command runs on a free port, and the command that targets it
// uses that port; the UAT command, with no access key here, must fail
// with the usage error that names the key. Files under /tmp/ are made in
// the test's own directory. A command that needs a terminal (debug) runs
// with none: it must check everything it was given and then fail with
// the usage error that says it needs one, as it does before it would
// wait for keys. The table of the debugger's keys is the one `?` shows.
func TestReadme(t *testing.T) {
	t.Chdir("../..")
	t.Setenv("SEVENSENDERS_ACCESS_KEY", "") // never reach the real API from a test
	src, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	shop, err := os.ReadFile("docs/examples/first-shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("```yaml\n"+string(shop)+"```")) {
		t.Error("README's first pipeline is not docs/examples/first-shop.yaml")
	}
	cmds := shellCommands(t, string(src))
	if len(cmds) < 10 {
		t.Fatalf("found %d sevenflow commands in README.md", len(cmds))
	}
	simAddr, tmp := "", t.TempDir()
	for _, args := range cmds {
		for i, a := range args {
			args[i] = strings.ReplaceAll(a, "/tmp/", tmp+"/")
		}
		name := strings.Join(args, " ")
		if args[0] == "sim" {
			base, _, _ := startSim(t)
			simAddr = strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v2")
			continue
		}
		for i, a := range args {
			if simAddr != "" {
				args[i] = strings.ReplaceAll(a, "127.0.0.1:7070", simAddr)
			}
		}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		c, _ := lookup(args[0])
		switch {
		case c.terminal:
			if code != exitInvalid || !strings.Contains(stderr.String(), "must be a terminal") {
				t.Errorf("sevenflow %s: exit %d, stderr %q: want the usage error that it needs a terminal", name, code, stderr.String())
			}
		case strings.Contains(name, "--target uat"):
			if code != exitInvalid || !strings.Contains(stderr.String(), "SEVENSENDERS_ACCESS_KEY") {
				t.Errorf("sevenflow %s: exit %d, stderr %q: want the usage error naming the access key", name, code, stderr.String())
			}
		case code != exitOK:
			t.Errorf("sevenflow %s: exit %d\n%s%s", name, code, stdout.String(), stderr.String())
		}
	}
}

// shellWords splits a command line into words as sh would, for the
// quoting a README command uses: '...' and "..." without escapes.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	in, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		t.Fatalf("README: an unclosed quote in %q", line)
	}
	if in {
		words = append(words, w.String())
	}
	return words
}

// The README's table of the debugger's keys is the help's, row for row.
func TestReadmeKeys(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, k := range tui.KeyHelp() {
		rows = append(rows, fmt.Sprintf("| `%s` | %s |", k[0], k[1]))
	}
	table := "| key | does |\n| --- | --- |\n" + strings.Join(rows, "\n") + "\n"
	if !strings.Contains(string(src), table) {
		t.Errorf("README.md has no table of the debugger's keys as ? shows them:\n%s", table)
	}
}

// shellCommands returns the arguments of every `sevenflow` command (or
// `go run ./cmd/sevenflow`) in the shell blocks of a Markdown text, with
// the comments left out.
func shellCommands(t *testing.T, src string) [][]string {
	t.Helper()
	var cmds [][]string
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(src, -1) {
		for _, line := range strings.Split(block[1], "\n") {
			line, _, _ = strings.Cut(line, "#")
			line = strings.TrimPrefix(strings.TrimSpace(line), "go run ./cmd/sevenflow ")
			if rest, ok := strings.CutPrefix(line, "sevenflow "); ok {
				line = rest
			} else if !strings.HasPrefix(line, "run ") {
				continue
			}
			cmds = append(cmds, shellWords(t, line))
		}
	}
	return cmds
}

// TestBatchDoc runs the commands of docs/batch.md as written, from the
// repository's root: the simulator on a free port, and the files they
// write (its state, the journal) in a temporary directory. The second run
// of the batch takes every create from the journal.
func TestBatchDoc(t *testing.T) {
	tmp := t.TempDir()
	t.Chdir("../..")
	src, err := os.ReadFile("docs/batch.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := shellCommands(t, string(src))
	if len(cmds) < 4 {
		t.Fatalf("found %d sevenflow commands in docs/batch.md", len(cmds))
	}
	simAddr := ""
	runs := 0
	for _, args := range cmds {
		for i, a := range args {
			switch {
			case a == "sim.json" || a == "batch.db":
				args[i] = filepath.Join(tmp, a)
			case simAddr != "":
				args[i] = strings.ReplaceAll(a, "127.0.0.1:7070", simAddr)
			}
		}
		name := strings.Join(args, " ")
		if args[0] == "sim" {
			base, _, _ := startSim(t, slices.DeleteFunc(args[1:], func(a string) bool { return a == "--addr" || a == "127.0.0.1:7070" })...)
			simAddr = strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v2")
			continue
		}
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Errorf("sevenflow %s: exit %d\n%s%s", name, code, stdout.String(), stderr.String())
		}
		if args[0] == "run" {
			runs++
			summary := stdout.String() + stderr.String()
			if want := map[int]string{1: ": 3 ok, 0 exists, 0 failed; ", 2: ": 0 ok, 3 exists, 0 failed; "}[runs]; !strings.Contains(summary, want) {
				t.Errorf("sevenflow %s: the summary lacks %q:\n%s", name, want, summary)
			}
		}
	}
}
