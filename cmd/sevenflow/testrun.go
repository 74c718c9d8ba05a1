package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// caseRun is what the runs of a test case gave.
type caseRun struct {
	text []byte   // what trace.golden is to hold
	errs []string // the error of each failed run, in the golden form
}

// failed reports whether a run of the case failed.
func (c *caseRun) failed() bool { return len(c.errs) > 0 }

// runCase runs the case the way `sevenflow run --target sim` would,
// against a simulator of its own, after its setup, and returns the traces
// in golden form (see goldenForm), with the simulator's port replaced
// (see simOrigin). A pipeline that does not compile, settings that do not
// check, an input that cannot be read or a setup that fails is an error
// that says where, with paths relative to the working directory.
func (t *tester) runCase(ctx context.Context, tc *testCase) (*caseRun, error) {
	dir, err := filepath.Abs(tc.Dir)
	if err != nil {
		return nil, err
	}
	var p *engine.Pipeline
	var loadErr error
	if fileExists(tc.Pipeline) {
		file, err := filepath.Abs(tc.Pipeline)
		if err != nil {
			return nil, err
		}
		p, loadErr = engine.LoadFile(file, engine.WithFS("pipelines", t.shipped), engine.WithParsed(pipelines.Parsed), t.limits.opt())
	} else {
		p, loadErr = loadShipped(tc.Pipeline, t.shipped, t.limits.opt())
	}
	if loadErr != nil && engine.Errors(loadErr) == nil {
		return nil, fmt.Errorf("%s: %s: %w", filepath.Join(tc.Dir, caseFile), keyPipeline, loadErr)
	}
	if loadErr != nil {
		return nil, invalidPipeline(loadErr)
	}
	reg, err := registry()
	if err != nil {
		return nil, err
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		return nil, invalidPipeline(err)
	}
	settings, err := prog.CheckSettings(settingsOptions(tc.Settings)...)
	if err != nil {
		return nil, invalidPipeline(err)
	}
	input, err := filepath.Abs(tc.Input)
	if err != nil {
		return nil, err
	}
	orders, err := readOrders(t.e, input, prog.Limits())
	if err != nil {
		return nil, err
	}
	rn, err := newRunner(ctx, t.e, prog, runnerConfig{
		target: targetSim, settings: settings, opts: settingsOptions(tc.Settings), preflight: true, sim: tc.simOptions(),
	})
	if err != nil {
		return nil, err
	}
	defer rn.close()
	form := newGoldenForm(caseRoot(dir), p)
	rn.text = form.Options()
	if err := tc.setup(ctx, t.e, rn); err != nil {
		return nil, err
	}
	got := &caseRun{}
	var out bytes.Buffer
	for _, o := range orders {
		res := rn.run(ctx, o)
		if err := rn.writeText(&out, res); err != nil {
			return nil, err
		}
		if res.trace.Err != nil {
			got.errs = append(got.errs, stablePort(rn.text.Error(res.trace.Err)))
		}
		if t.cover != nil {
			t.cover.record(prog, res.trace)
		}
	}
	got.text = []byte(stablePort(out.String()))
	return got, nil
}

// invalidPipeline is the error of a case whose pipeline does not load or
// compile, or whose settings do not check: each error with the line it
// points at, paths relative to the working directory.
func invalidPipeline(err error) error {
	errs := engine.Errors(err)
	if errs == nil {
		return err
	}
	opts := engine.TextOptions{Pos: workdirPos}
	var b strings.Builder
	for _, x := range errs {
		fmt.Fprintln(&b, opts.Error(x))
		b.WriteString(snippet(x.Pos))
	}
	return errors.New(strings.TrimSuffix(b.String(), "\n"))
}

// workdirPos renders p with its file relative to the working directory
// when it is below it.
func workdirPos(p engine.Pos) string {
	if wd, err := os.Getwd(); err == nil && filepath.IsAbs(p.File) {
		if rel, err := filepath.Rel(wd, p.File); err == nil && !strings.HasPrefix(rel, "..") {
			p.File = rel
		}
	}
	return p.String()
}

// simOptions are the options the case's clock and warehouses give the
// simulators it runs on.
func (tc *testCase) simOptions() []sim.Option {
	var opts []sim.Option
	if !tc.Clock.IsZero() {
		opts = append(opts, sim.WithClock(tc.Clock))
	}
	if tc.Warehouses != nil {
		opts = append(opts, sim.WithWarehouses(tc.Warehouses...))
	}
	return opts
}

// setup does the case's setup steps on the runner's simulator. A run
// that fails, or an admin request that is not 2xx, fails the case.
func (tc *testCase) setup(ctx context.Context, e *env, rn *runner) error {
	for _, st := range tc.Setup {
		if st.Run != "" {
			input, err := filepath.Abs(st.Run)
			if err != nil {
				return err
			}
			orders, err := readOrders(e, input, rn.prog.Limits())
			if err != nil {
				return err
			}
			for _, o := range orders {
				if res := rn.run(ctx, o); res.trace.Err != nil {
					return fmt.Errorf("%s: setup run of %s: %s", st.Pos, st.Run, engine.TextOptions{Pos: workdirPos}.Error(res.trace.Err))
				}
			}
			continue
		}
		req, err := http.NewRequestWithContext(ctx, st.Method, rn.origin+st.Path, strings.NewReader(st.Body))
		if err != nil {
			return fmt.Errorf("%s: %w", st.Pos, err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("%s: %w", st.Pos, err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			return fmt.Errorf("%s: %s %s: %s: %s", st.Pos, st.Method, st.Path, resp.Status, strings.TrimSpace(string(body)))
		}
	}
	return nil
}

// simOrigin matches the origin of the in-process simulator, whose port is
// picked afresh for every case. The simulator puts it in the URLs it
// returns (a label's download_url), so a case's trace holds it in place of
// the port.
var simOrigin = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// stableSimOrigin is what simOrigin becomes in a case's trace.
const stableSimOrigin = "http://127.0.0.1:PORT"

// stablePort replaces the simulator's origin in s with stableSimOrigin.
func stablePort(s string) string { return simOrigin.ReplaceAllString(s, stableSimOrigin) }
