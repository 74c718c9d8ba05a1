package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/expr-lang/expr"

	"github.com/sevenflow/sevenflow/pipelines"
)

// runScope returns a shop-sized scope: the Swiss order of
// testdata/orders, the settings of shops/example.yaml (merged with the
// workflow's) and the outputs of a prepare step.
func runScope(b testing.TB) (input any, settings, steps map[string]any) {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "orders", "ch-basel.json"))
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(data, &input); err != nil {
		b.Fatal(err)
	}
	p, err := LoadFile(filepath.Join("..", "shops", "example.yaml"), WithFS("pipelines", pipelines.FS))
	if err != nil {
		b.Fatal(err)
	}
	steps = map[string]any{"prepare": map[string]any{"out": map[string]any{
		"to": "CH", "from": "DE", "customs": true, "order_first": false, "order": input,
		"parcels": []any{map[string]any{"n": 1, "weight_kg": 0.81, "reference_number": "ORD-CH-2001-1",
			"carrier": map[string]any{"name": "swisspost", "country": "CH"}}},
	}}}
	return input, p.Settings, steps
}

// benchRun compiles src and returns its first step and a run of it,
// paused before that step, with the scope of runScope.
func benchRun(b testing.TB, src string) (*run, *frame, *cstep) {
	b.Helper()
	p, err := Load("bench.yaml", []byte(src))
	if err != nil {
		b.Fatal(err)
	}
	prog, err := Compile(p, NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	input, settings, steps := runScope(b)
	r := &run{prog: prog, trace: &Trace{Pipeline: p.Name, Input: input}, settings: settings}
	f := &frame{input: input, settings: settings, steps: steps, vars: map[string]any{},
		orig: &origins{input: &origin{src: &source{}}, steps: map[string]*origin{}, vars: map[string]*origin{}}}
	return r, f, prog.steps[0]
}

const benchCondition = `pipeline: bench
steps:
  - id: not_cancelled
    when: input.order_state == "cancelled"
    fail: a cancelled order is not shipped
`

// BenchmarkCondition evaluates one `when` as a run does: in the step's
// scope, reported as a Condition event (the trace is emptied after each,
// so that only the condition is measured).
func BenchmarkCondition(b *testing.B) {
	r, f, s := benchRun(b, benchCondition)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.cond(f, s, s.when, WhenCondition)
		if err != nil || ok {
			b.Fatal(ok, err)
		}
		r.trace.Events = r.trace.Events[:0]
	}
}

// BenchmarkExprRun is BenchmarkCondition's yardstick: expr.Run of the
// same program with a prebuilt environment.
func BenchmarkExprRun(b *testing.B) {
	_, f, s := benchRun(b, benchCondition)
	env := map[string]any{scopeInput: f.input, scopeSettings: f.settings, scopeSteps: f.steps, scopeVars: f.vars}
	prog, err := s.when.program()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := expr.Run(prog, env)
		if err != nil || v != false {
			b.Fatal(v, err)
		}
	}
}
