package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
	"github.com/sevenflow/sevenflow/tui"
	"github.com/sevenflow/sevenflow/tui/tuitest"
)

// debugModel returns the debugger `sevenflow debug` would open with o, at
// 100x30 with no colour, started and paused before its first step.
func debugModel(t *testing.T, o debugOptions, before func(*debugSetup)) (tea.Model, *debugSetup) {
	t.Helper()
	var stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr, getenv: func(string) string { return "" }}
	dbg, err := prepareDebug(context.Background(), e, o)
	if err != nil {
		t.Fatalf("prepare: %v\n%s", err, stderr.String())
	}
	t.Cleanup(dbg.close)
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.Ascii)
	st := tui.DefaultStyles(r)
	dbg.cfg.Styles = &st
	if before != nil {
		before(dbg)
	}
	var m tea.Model = tui.New(dbg.cfg)
	m = tuitest.Send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = tuitest.Init(m)
	t.Cleanup(func() { tuitest.Send(m, tuitest.Key("q")) })
	return m, dbg
}

// A run recorded with `run --trace` and played back with `debug --replay`
// shows the screens the live run shows, key for key, and calls nothing:
// the replay opens no target, and its runs have no client, so a call would
// fail and its screens differ.
func TestDebugReplayShowsTheLiveScreens(t *testing.T) {
	t.Chdir("../..")
	trace := filepath.Join(t.TempDir(), "t.ndjson")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"run", "shops/example.yaml", "--input", "testdata/orders/gb-london.json", "--trace", trace}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, stderr.String())
	}
	opened := 0
	liveM, _ := debugModel(t, debugOptions{pipeline: "shops/example.yaml", input: "testdata/orders/gb-london.json", order: 1, target: targetSim}, func(dbg *debugSetup) {
		open := dbg.live.open
		dbg.live.open = func(ctx context.Context, e *env, target string, opts []sim.Option, clientOpts ...sevensenders.Option) (*openedTarget, error) {
			opened++
			return open(ctx, e, target, opts, clientOpts...)
		}
	})
	replayM, replaySetup := debugModel(t, debugOptions{pipeline: "shops/example.yaml", replay: trace, run: 1}, nil)
	if replaySetup.live != nil {
		t.Fatal("a replay has live runs")
	}

	steps := []string{"s", "s", "n", "s", "o", "2", "s", "s", "3", "4", "c", "left", "left", "1", "left", "right", "tab", "down", "enter", "c"}
	ended := false
	for i, k := range append([]string{""}, steps...) {
		if k != "" {
			liveM = tuitest.Send(liveM, tuitest.Key(k))
			replayM = tuitest.Send(replayM, tuitest.Key(k))
		}
		ended = ended || strings.Contains(liveM.View(), "│ run ok ")
		live := strings.Split(liveM.View(), "\n")
		replay := strings.Split(replayM.View(), "\n")
		for j := range live {
			want := live[j]
			if j == len(live)-2 { // the status bar names the target
				want = strings.Join(strings.Fields(strings.Replace(want, " │ sim │ ", " │ replay t.ndjson │ ", 1)), " ")
				replay[j] = strings.Join(strings.Fields(replay[j]), " ")
			}
			if replay[j] != want {
				t.Fatalf("after %q (key %d), line %d:\nlive:   %q\nreplay: %q\n\nlive screen:\n%s\n\nreplayed screen:\n%s", k, i, j+1, want, replay[j], liveM.View(), replayM.View())
			}
		}
	}
	if !ended {
		t.Error("the run never ended: the keys did not go through it")
	}
	if opened == 0 {
		t.Error("the live runs opened no target: the test shows nothing")
	}
	events, err := os.ReadFile(trace)
	if err != nil || bytes.Count(events, []byte("\n")) < 100 {
		t.Errorf("the trace has %d events, %v", bytes.Count(events, []byte("\n")), err)
	}
}

// Before a debugger sends anything to a real target, the order runs on a
// strict simulator; if that fails, the debugger does not open, and says
// why with the trace.
func TestDebugPreflight(t *testing.T) {
	t.Chdir("../..")
	tests := []struct {
		order string
		code  int
		want  string
	}{
		{"testdata/orders/gb-london.json", exitOK, ""},
		{"testdata/orders/gb-london-no-item-values.json", exitFailed, "preflight failed on a strict simulator: nothing was sent to uat\n"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.order), func(t *testing.T) {
			var stderr bytes.Buffer
			// A key, so that the target opens; nothing is sent with it.
			getenv := func(k string) string {
				if k == sevensenders.EnvAccessKey {
					return "a-key-never-sent"
				}
				return ""
			}
			e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr, getenv: getenv}
			dbg, err := prepareDebug(context.Background(), e, debugOptions{pipeline: "shops/example.yaml", input: tt.order, order: 1, target: "uat"})
			if err != nil {
				t.Fatal(err)
			}
			defer dbg.close()
			err = dbg.preflight(context.Background(), e)
			if code := report(&bytes.Buffer{}, "debug", err); code != tt.code {
				t.Errorf("exit %d, want %d: %v", code, tt.code, err)
			}
			if got, _, _ := strings.Cut(stderr.String(), "run example"); got != tt.want {
				t.Errorf("stderr begins %q, want %q", got, tt.want)
			}
			if tt.code != exitOK && !strings.Contains(stderr.String(), "/skus/0/net_value: required when recipient country is GB") {
				t.Errorf("stderr has no finding:\n%s", stderr.String())
			}
		})
	}
}
