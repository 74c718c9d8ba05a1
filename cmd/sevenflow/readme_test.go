package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadme checks the README as a new user reads it: the first shop it
// shows is docs/examples/first-shop.yaml, and every `sevenflow` command in
// its shell blocks runs as written from the repository's root. The
// simulator command runs on a free port, and the command that targets it
// uses that port; the UAT command, with no access key here, must fail
// with the usage error that names the key.
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
	var cmds [][]string
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(src), -1) {
		for _, line := range strings.Split(block[1], "\n") {
			line, _, _ = strings.Cut(line, "#")
			line = strings.TrimPrefix(strings.TrimSpace(line), "go run ./cmd/sevenflow ")
			if rest, ok := strings.CutPrefix(line, "sevenflow "); ok {
				line = rest
			} else if !strings.HasPrefix(line, "run ") {
				continue
			}
			cmds = append(cmds, strings.Fields(line))
		}
	}
	if len(cmds) < 10 {
		t.Fatalf("found %d sevenflow commands in README.md", len(cmds))
	}
	simAddr := ""
	for _, args := range cmds {
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
		switch {
		case strings.Contains(name, "--target uat"):
			if code != exitInvalid || !strings.Contains(stderr.String(), "SEVENSENDERS_ACCESS_KEY") {
				t.Errorf("sevenflow %s: exit %d, stderr %q: want the usage error naming the access key", name, code, stderr.String())
			}
		case code != exitOK:
			t.Errorf("sevenflow %s: exit %d\n%s%s", name, code, stdout.String(), stderr.String())
		}
	}
}
