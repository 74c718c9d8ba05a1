package tui

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
	"github.com/sevenflow/sevenflow/tui/tuitest"
)

// asciiStyles are the styles with no colour or attribute at all, so that
// screens compare as text.
func asciiStyles() *Styles {
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.Ascii)
	s := DefaultStyles(r)
	return &s
}

// simClient returns a client of a strict simulator served on loopback for
// the test, with a fixed clock and seed.
func simClient(t testing.TB) *sevensenders.Client {
	t.Helper()
	srv := httptest.NewServer(sim.New(sim.WithMode(sim.Strict), sim.WithClock(time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)), sim.WithSeed(1), sim.WithAccessKey(sim.DefaultAccessKey)))
	t.Cleanup(srv.Close)
	return sevensenders.NewClient(srv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey), sevensenders.WithObserver(builtins.RecordExchange))
}

// program loads and compiles a pipeline of testdata, or a shipped one by
// its path from the repository's root ("../pipelines/...", "../shops/...").
func program(t testing.TB, file string) *engine.Program {
	t.Helper()
	reg := engine.NewRegistry()
	if err := builtins.Register(reg); err != nil {
		t.Fatal(err)
	}
	p, err := engine.LoadFile(file, engine.WithFS("../pipelines", os.DirFS("../pipelines")))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// readJSON reads a JSON file of testdata.
func readJSON(t testing.TB, file string) any {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// debugged is a model debugging live runs of a pipeline on input against
// a simulator, and its Debugger.
type debugged struct {
	m *Model
	d *engine.Debugger
}

// live returns the model of live runs of the pipeline in file on the
// input in inputFile, against a fresh simulator per run, with the
// breakpoints bps, at 100x30 with no colour.
func live(t testing.TB, file, inputFile string, bps ...engine.Breakpoint) debugged {
	t.Helper()
	prog := program(t, file)
	input := readJSON(t, inputFile)
	d := engine.NewDebugger(prog)
	for _, b := range bps {
		if err := d.SetBreakpoint(b); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var last Run
	t.Cleanup(func() {
		if last != nil {
			last.Stop()
			<-last.Done()
		}
	})
	cfg := Config{
		Pipeline:    prog.Pipeline(),
		Breakpoints: d,
		Start: func() (Run, error) {
			last = d.Start(builtins.ContextWithClient(ctx, simClient(t)), input)
			return last, nil
		},
		Target: "sim",
		Source: func(name string) ([]byte, error) { return os.ReadFile(filepath.Clean(name)) },
		Styles: asciiStyles(),
	}
	m := New(cfg)
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return debugged{m: m, d: d}
}

// send handles the keys, each with all it brings, and returns the model.
func (dm debugged) send(msgs ...tea.Msg) *Model {
	return tuitest.Send(dm.m, msgs...).(*Model)
}

// start starts the run and waits for its first pause.
func (dm debugged) start() debugged {
	tuitest.Init(dm.m)
	return dm
}
