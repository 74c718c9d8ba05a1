package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// Each hostile input must end within hostileDeadline with a clear error,
// an exit code of 1 or 2 (or 0 where lint has nothing to say), never a
// panic, a fatal error or a hang, with the process's peak RSS under
// hostileRSS, and with no line of errors longer than hostileLine. The
// deadline stops a hang; it is not a measure of speed.
const (
	hostileDeadline = 5 * time.Second
	hostileRSS      = 512 << 20
	hostileLine     = 500 // the longest line of output, in characters
)

// hostileCase is one directory of testdata/hostile: pipeline.yaml, an
// optional input.json, and want, which lists for each command its exit
// code and a text its output must hold ("lint 2 over the limit ...").
type hostileCase struct {
	name string
	dir  string
	want []hostileWant
}

type hostileWant struct {
	cmd  string // lint or run
	code int
	text string
}

// TestHostile runs every hostile input of testdata/hostile, and the large
// ones it generates, through `sevenflow lint` and `sevenflow run` as
// processes of a binary built without the race detector, in parallel.
func TestHostile(t *testing.T) {
	cases := readHostile(t, "../../testdata/hostile")
	cases = append(cases, generateHostile(t)...)
	bin := buildSevenflow(t)
	for _, hc := range cases {
		t.Run(hc.name, func(t *testing.T) {
			t.Parallel()
			input := filepath.Join(hc.dir, "input.json")
			if _, err := os.Stat(input); err != nil {
				input = filepath.Join(t.TempDir(), "input.json")
				if err := os.WriteFile(input, []byte(`{"order_id": "H-1"}`), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, w := range hc.want {
				args := []string{"lint", "pipeline.yaml"}
				if w.cmd == "run" {
					args = []string{"run", "pipeline.yaml", "--input", input}
				}
				runHostile(t, bin, hc.dir, args, w)
			}
		})
	}
}

// runHostile runs sevenflow with args in dir and checks what it did
// against w.
func runHostile(t *testing.T, bin, dir string, args []string, w hostileWant) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	name := "sevenflow " + strings.Join(args, " ")
	if ctx.Err() != nil {
		t.Fatalf("%s did not end within %s (a hang?):\n%s", name, hostileDeadline, clipOutput(out.String()+errs.String()))
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	// Errors (stderr, and what lint prints) repeat little of the file; a
	// run's trace on stdout shows the values the run built.
	errText := errs.String()
	if args[0] == "lint" {
		errText = out.String() + errText
	}
	text := out.String() + errs.String()
	if code != w.code {
		t.Errorf("%s: exit %d, want %d:\n%s", name, code, w.code, clipOutput(text))
	}
	if !strings.Contains(text, w.text) {
		t.Errorf("%s: output does not hold %q:\n%s", name, w.text, clipOutput(text))
	}
	for _, bad := range []string{"panic:", "fatal error:", "goroutine ", "SIGSEGV"} {
		if strings.Contains(text, bad) {
			t.Errorf("%s: output holds %q:\n%s", name, bad, clipOutput(text))
		}
	}
	sc := bufio.NewScanner(strings.NewReader(errText))
	sc.Buffer(nil, len(errText)+1)
	for sc.Scan() {
		if n := utf8.RuneCountInString(sc.Text()); n > hostileLine {
			t.Errorf("%s: a line of %d characters: %.120s…", name, n, sc.Text())
		}
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatalf("%s: no resource usage", name)
	}
	if ru.Maxrss*1024 > hostileRSS {
		t.Errorf("%s: peak RSS %d MiB, want under %d MiB", name, ru.Maxrss>>10, hostileRSS>>20)
	}
	t.Logf("%s: exit %d in %s, peak RSS %d MiB", name, code, took.Round(time.Millisecond), ru.Maxrss>>10)
}

// clipOutput cuts a command's output for a test's log.
func clipOutput(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// readHostile reads the cases of dir.
func readHostile(t *testing.T, dir string) []hostileCase {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []hostileCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		d, err := filepath.Abs(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(filepath.Join(d, "want"))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, hostileCase{name: e.Name(), dir: d, want: parseWant(t, e.Name(), string(src))})
	}
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", dir)
	}
	return cases
}

// parseWant reads a want file: "CMD CODE TEXT" lines and # comments.
func parseWant(t *testing.T, name, src string) []hostileWant {
	t.Helper()
	var ws []hostileWant
	for i, line := range strings.Split(src, "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, " ", 3)
		code, err := strconv.Atoi(fields[min(1, len(fields)-1)])
		if len(fields) < 2 || (fields[0] != "lint" && fields[0] != "run") || err != nil {
			t.Fatalf("%s/want:%d: want CMD CODE TEXT, not %q", name, i+1, line)
		}
		w := hostileWant{cmd: fields[0], code: code}
		if len(fields) == 3 {
			w.text = fields[2]
		}
		ws = append(ws, w)
	}
	return ws
}

// generateHostile writes the cases too large to keep in the repository.
func generateHostile(t *testing.T) []hostileCase {
	t.Helper()
	root := t.TempDir()
	write := func(dir, name string, fill func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<16)
		fill(w)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	text := func(s string) func(w *bufio.Writer) { return func(w *bufio.Writer) { w.WriteString(s) } }
	hook := "pipeline: big-input\nsteps:\n  - id: hook\n    script: 'return input.order_id'\n"
	type gen struct {
		name     string
		pipeline func(w *bufio.Writer)
		input    func(w *bufio.Writer)
		want     string
	}
	gens := []gen{
		{name: "gen-input-56mb", pipeline: text(hook),
			input: func(w *bufio.Writer) {
				w.WriteString(`{"order_id": "H-1", "items": [`)
				for i := range 700_000 {
					if i > 0 {
						w.WriteString(",")
					}
					fmt.Fprintf(w, `{"sku": "SKU-%07d", "description": "a line of a very large order", "qty": 1}`, i)
				}
				w.WriteString("]}\n")
			},
			want: "lint 0\nrun 2 input.json:1:4194305: order of more than 4194304 bytes: over the limit input_bytes = 4 MiB"},
		{name: "gen-input-deep", pipeline: text(hook),
			input: func(w *bufio.Writer) {
				w.WriteString(`{"order_id": "H-1", "deep": ` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "}\n")
			},
			want: "lint 0\nrun 2 order nests deeper than 64 levels: over the limit input_depth = 64"},
		{name: "gen-input-10m-items", pipeline: text("pipeline: long-list\nsteps:\n  - foreach: input.items\n    steps: [{ set: { x: 1 } }]\n"),
			input: func(w *bufio.Writer) {
				w.WriteString(`{"items": [0`)
				for range 10_000_000 - 1 {
					w.WriteString(",0")
				}
				w.WriteString("]}\n")
			},
			want: "lint 0\nrun 2 over the limit input_bytes = 4 MiB"},
		{name: "gen-foreach-100k-items", pipeline: text("pipeline: long-list\nsteps:\n  - foreach: input.items\n    steps: [{ set: { x: 1 } }]\n"),
			input: func(w *bufio.Writer) {
				w.WriteString(`{"items": [0`)
				for range 100_000 - 1 {
					w.WriteString(",0")
				}
				w.WriteString("]}\n")
			},
			want: "lint 0\nrun 1 foreach over 100000 items after 0 iterations: over the limit iterations = 10000"},
		{name: "gen-settings-3.6mb", pipeline: func(w *bufio.Writer) {
			w.WriteString("pipeline: big-settings\nsettings:\n")
			for i := range 300_000 {
				fmt.Fprintf(w, "  k%06d: %d\n", i, i)
			}
			w.WriteString("steps: []\n")
		}, want: "lint 2 over the limit file_bytes = 1 MiB (raise it with --limit file_bytes=N)\nrun 2 over the limit file_bytes = 1 MiB"},
		{name: "gen-settings-many-keys", pipeline: func(w *bufio.Writer) {
			w.WriteString("pipeline: many-keys\nsettings:\n")
			for i := range 30_000 {
				fmt.Fprintf(w, "  k%d: %d\n", i, i)
			}
			w.WriteString("steps:\n  - assert: settings.k29999 == 1\n    message: thirty thousand settings, read in linear time\n")
		}, want: "lint 0 1 file ok\nrun 1 thirty thousand settings, read in linear time"},
		{name: "gen-yaml-50mb", pipeline: func(w *bufio.Writer) {
			w.WriteString("pipeline: huge\nsteps:\n")
			for range 1_000_000 {
				w.WriteString("  - set: { x: 1, y: 2, z: 3, note: padding }\n")
			}
		}, want: "lint 2 over the limit file_bytes = 1 MiB\nrun 2 over the limit file_bytes = 1 MiB"},
		{name: "gen-expr-1m-parens", pipeline: text("pipeline: parens\nsteps:\n  - set: { x: '" + strings.Repeat("(", 1_000_000) + "1" + strings.Repeat(")", 1_000_000) + "' }\n"),
			want: "lint 2 over the limit file_bytes = 1 MiB\nrun 2 over the limit file_bytes = 1 MiB"},
		{name: "gen-expr-long-line", pipeline: text("pipeline: long\nsteps:\n  - assert: '" + strings.Repeat("1 + ", 200_000) + "1 == 2'\n"),
			want: "lint 2 expression of 800006 bytes: over the limit expr_bytes = 4 KiB\nrun 2 over the limit expr_bytes = 4 KiB"},
		{name: "gen-hook-too-large", pipeline: text("pipeline: big-hook\nsteps:\n  - script: |\n      return 1\n" + strings.Repeat("      // padding padding padding padding padding\n", 2000)),
			want: "lint 2 over the limit hook_bytes = 64 KiB\nrun 2 over the limit hook_bytes = 64 KiB"},
	}
	var cases []hostileCase
	for _, g := range gens {
		dir := filepath.Join(root, g.name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		write(dir, "pipeline.yaml", g.pipeline)
		if g.input != nil {
			write(dir, "input.json", g.input)
		}
		cases = append(cases, hostileCase{name: g.name, dir: dir, want: parseWant(t, g.name, g.want)})
	}
	return cases
}

// buildSevenflow builds the command without the race detector: the
// detector multiplies memory, and the peak RSS of the real binary is what
// the hostile tests measure.
func buildSevenflow(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sevenflow")
	if out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return path
}
