package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// runner runs orders through one compiled program: first on a preflight
// simulator, then, if that passed, on the target. `run` and `test` share
// it, so that a test case runs the way `sevenflow run` does.
type runner struct {
	prog   *engine.Program
	opts   []engine.RunOption // the settings layers
	target string             // --target, for messages
	base   string             // the target's base URL ("" for a dry run)
	client *sevensenders.Client
	origin string     // the in-process simulator's, for a test case's setup
	pf     *preflight // nil: no preflight
	dryRun bool       // the preflight only
	// explain: runs report the values their conditions saw, and the
	// output says why each step ran or was skipped (--explain).
	explain bool
	close   func()
	// text is how writeText renders a trace: a test case's golden form.
	text engine.TextOptions
}

// runnerConfig is what newRunner needs beyond the program.
type runnerConfig struct {
	target    string
	settings  map[string]any // the run's settings, merged and checked
	opts      []engine.RunOption
	preflight bool
	dryRun    bool
	explain   bool
	// sim are more options of the in-process simulators (the target's,
	// if it is one, and the preflight's), applied last: a test case's
	// clock and warehouses.
	sim []sim.Option
	// client are more options of the target's client: a limiter,
	// --insecure.
	client []sevensenders.Option
	// tracePII shows personal data in the traces of runs (--trace-pii);
	// else it is masked.
	tracePII bool
	// summary keeps of each run only what its summary needs: the output
	// is JSON summaries and nothing writes the whole trace.
	summary bool
}

// newRunner opens the target (unless it is a dry run) and the preflight
// simulator (unless turned off). The caller calls close.
func newRunner(ctx context.Context, e *env, prog *engine.Program, cfg runnerConfig) (*runner, error) {
	rn := &runner{prog: prog, opts: slices.Clip(cfg.opts), target: cfg.target, dryRun: cfg.dryRun, explain: cfg.explain, close: func() {}}
	if cfg.explain {
		rn.opts = append(rn.opts, engine.WithExplain())
	}
	mask, err := personalMask(cfg.tracePII)
	if err != nil {
		return nil, err
	}
	rn.opts = append(rn.opts, engine.WithMask(mask))
	if cfg.summary {
		rn.opts = append(rn.opts, engine.WithSummaryTrace())
	}
	clock := time.Now().UTC().Truncate(time.Second)
	if isSimTarget(cfg.target) {
		clock = simClock
	}
	if !cfg.dryRun {
		t, err := openTargetWith(ctx, e, cfg.target, slices.Concat(simOptions(cfg.settings, simClock), cfg.sim), cfg.client...)
		if err != nil {
			return nil, err
		}
		rn.client, rn.base, rn.origin, rn.close = t.client, t.base, t.origin, t.close
	}
	if cfg.preflight || cfg.dryRun {
		pf, err := openPreflight(ctx, slices.Concat(simOptions(cfg.settings, clock), cfg.sim))
		if err != nil {
			rn.close()
			return nil, err
		}
		closeTarget := rn.close
		rn.pf, rn.close = pf, func() { pf.stop(); closeTarget() }
	}
	return rn, nil
}

// orderRun is how one order went.
type orderRun struct {
	// trace is the run on the target; or the preflight's when the
	// preflight failed or this is a dry run, and then nothing was sent.
	trace     *engine.Trace
	preflight *engine.Trace // nil when there was no preflight
	sent      bool          // the order reached the target
}

// run runs one order; extra are options of the run on the target only,
// not of the preflight.
func (rn *runner) run(ctx context.Context, o *order, extra ...engine.RunOption) *orderRun {
	res := &orderRun{}
	if rn.pf != nil {
		t, err := rn.pf.check(ctx, rn.prog, o, rn.opts)
		res.preflight = t
		if err != nil || rn.dryRun {
			res.trace = t
			return res
		}
	}
	// Each order has its own retry budget: a target that is down makes
	// it wait, not every order after it.
	ctx = sevensenders.ContextWithRetryBudget(ctx, sevensenders.DefaultRetryBudget)
	ctx = builtins.ContextWithClient(ctx, rn.client)
	res.trace, _ = rn.prog.Run(ctx, o.value, slices.Concat(rn.opts, []engine.RunOption{engine.WithInputPositions(o.position)}, extra)...)
	res.sent = true
	return res
}

// writeText writes what `run` prints for the order: a line about the
// preflight, then the trace.
func (rn *runner) writeText(w io.Writer, res *orderRun) error {
	if p := res.preflight; p != nil {
		var line string
		switch {
		case rn.dryRun:
			line = fmt.Sprintf("dry run on a strict simulator (%d calls): nothing was sent to %s", calls(p), rn.target)
		case p.Status == engine.StatusFailed:
			line = "preflight failed on a strict simulator: nothing was sent to " + rn.target
		default:
			line = fmt.Sprintf("preflight ok (%d calls on a strict simulator)", calls(p))
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	if err := writeTraceText(w, res.trace, rn.text); err != nil {
		return err
	}
	if rn.explain {
		if err := writeExplain(w, explain(res.trace)); err != nil {
			return err
		}
	}
	if rn.dryRun && res.trace.Status == engine.StatusOK {
		return writeCalls(w, res.trace)
	}
	return nil
}

// writeCalls lists the requests of a dry run with their bodies, as a run
// would send them (the real API's answers, and so later requests, may
// differ).
func writeCalls(w io.Writer, t *engine.Trace) error {
	var b strings.Builder
	b.WriteString("calls a run would send (the real API's answers may differ):\n")
	for _, ev := range t.Events {
		x, ok := ev.(engine.Exchanged)
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "  %s %s", x.Exchange.Method, x.Exchange.Path)
		if x.Exchange.Request != nil {
			body, _ := json.Marshal(x.Exchange.Request)
			fmt.Fprintf(&b, " %s", body)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// orderSummary is the JSON object `run --format json` prints per order:
// the run's summary, where the order is in the input, and how its
// preflight went.
type orderSummary struct {
	engine.Summary
	Input     string            `json:"input,omitempty"` // FILE:LINE, in a batch
	Preflight *preflightSummary `json:"preflight"`
	// Explain says why each step ran or was skipped (--explain).
	Explain []explainedStep `json:"explain,omitzero"`
}

// preflightSummary is the preflight of an orderSummary.
type preflightSummary struct {
	Status engine.Status `json:"status"`
	Calls  int           `json:"calls"`
	DryRun bool          `json:"dry_run,omitempty"`
}

// writeJSON writes the summary of the order as one line of JSON; at is
// where the order is in the input of a batch ("" for a single order).
func (rn *runner) writeJSON(w io.Writer, res *orderRun, at string) error {
	s := orderSummary{Summary: res.trace.Summary(), Input: at}
	if p := res.preflight; p != nil {
		s.Preflight = &preflightSummary{Status: p.Status, Calls: calls(p), DryRun: rn.dryRun}
	}
	if rn.explain {
		s.Explain = explain(res.trace)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}

// simOptions are the options of an in-process simulator for a run with
// settings: strict (the documents' rules, so that green here is green on
// 7S), a fixed access key and seed, the clock, and the shop's warehouse as
// the account's (002: the warehouse must be one defined in the account).
func simOptions(settings map[string]any, clock time.Time) []sim.Option {
	return []sim.Option{sim.WithMode(sim.Strict), sim.WithClock(clock), sim.WithSeed(simSeed), sim.WithAccessKey(sim.DefaultAccessKey),
		sim.WithShopWarehouse(settings)}
}
