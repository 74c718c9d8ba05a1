package peers

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/internal/perf"
	"github.com/sevenflow/sevenflow/pipelines"
)

//go:embed decisions.yaml
var decisionsYAML []byte

//go:embed decisions.rego
var decisionsRego string

// Shops are the settings over shops/example.yaml of the shops the orders
// go to: the example shop, one printing its own labels with its own
// carrier contract, a Flex shop creating orders first without Return
// Portal Pro, and one with self-organised direct injection.
var Shops = []map[string]any{
	{},
	{"label": "own", "carrier_scenario": "own_contract", "carriers": map[string]any{"first_mile": "dhl"}},
	{"flex": true, "order_creation": "async", "return_portal": "light"},
	{"carrier_scenario": "own_contract_direct_injection", "return_portal": "none"},
}

// Case is one order and the index in Shops of the shop it goes to.
type Case struct {
	Shop  int
	Order map[string]any
}

// Decision is what the standard workflow decides for one order.
type Decision struct {
	Failed    string   // the step that stops the run before a call, "" for none
	Calls     []string // the operations called, in order (create_label, ...)
	ValueRule string   // the 004 value rule: net, sales, "" without customs
	Carrier   string   // the carrier a shipment names: "NAME/COUNTRY"
}

// String prints the decision on one line.
func (d Decision) String() string {
	return fmt.Sprintf("failed=%q rule=%q carrier=%q calls=%s", d.Failed, d.ValueRule, d.Carrier, strings.Join(d.Calls, ","))
}

// Equal reports whether d and e decide the same.
func (d Decision) Equal(e Decision) bool {
	return d.Failed == e.Failed && d.ValueRule == e.ValueRule && d.Carrier == e.Carrier && slices.Equal(d.Calls, e.Calls)
}

// carrierText prints a carrier {name, country} as NAME/COUNTRY.
func carrierText(v any) string {
	m, _ := v.(map[string]any)
	if m == nil {
		return ""
	}
	name, _ := m["name"].(string)
	country, _ := m["country"].(string)
	return name + "/" + country
}

// settingsOf returns the settings of every shop of Shops: those of
// shops/example.yaml with the shop's over them, as a run sees them.
func settingsOf(root string) ([]map[string]any, error) {
	prog, err := perf.Compile(filepath.Join(root, "shops", "example.yaml"))
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(Shops))
	for i, s := range Shops {
		if out[i], err = prog.CheckSettings(engine.WithSettings(s)); err != nil {
			return nil, fmt.Errorf("shop %d: %w", i, err)
		}
	}
	return out, nil
}

// recorded is the calls of one run, kept in its context.
type recorded struct{ calls []string }

type recordedKey struct{}

// recordingRegistry returns every expression function of package
// builtins and, under the name of every sevensenders.* builtin, one that
// only records its call and answers what the workflow reads of the real
// one's answer.
func recordingRegistry() (*engine.Registry, error) {
	full := engine.NewRegistry()
	if err := builtins.Register(full); err != nil {
		return nil, err
	}
	reg := engine.NewRegistry()
	for _, f := range full.Funcs() {
		if err := reg.AddFunc(f); err != nil {
			return nil, err
		}
	}
	for _, name := range full.CallNames() {
		op := strings.TrimPrefix(name, "sevensenders.")
		if err := reg.AddCall(name, engine.BuiltinFunc(func(ctx context.Context, args map[string]any) (any, error) {
			rec, _ := ctx.Value(recordedKey{}).(*recorded)
			if rec == nil {
				return nil, errors.New(name + ": no recorder")
			}
			rec.calls = append(rec.calls, op)
			return answer(op, args, rec), nil
		})); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// answer is what a recording builtin returns: the fields of the API's
// answer that the workflow reads.
func answer(op string, args map[string]any, rec *recorded) any {
	switch op {
	case "create_label":
		return map[string]any{"id": "L1", "shipment_id": "S1", "tracking_code": "7S1"}
	case "create_shipment":
		return map[string]any{"id": "S1", "tracking_code": args["tracking_code"]}
	case "list_orders":
		return []any{map[string]any{"order_id": args["order_id"], "id": "O1"}}
	case "list_shipments":
		n := 0
		for _, c := range rec.calls {
			if c == "create_label" || c == "create_shipment" {
				n++
			}
		}
		return make([]any, n)
	case "pudo_all", "list_carriers", "list_warehouses", "pudo_by_coordinates", "pudo_by_address":
		return []any{}
	}
	return map[string]any{"id": "X1"}
}

// Sevenflow decides with a compiled sevenflow pipeline whose call
// builtins only record.
type Sevenflow struct {
	prog     *engine.Program
	settings [][]engine.RunOption // each shop's
	full     bool                 // prog is the shipped workflow, not decisions.yaml
}

// NewSevenflow compiles decisions.yaml against the recording registry.
// root is the repository's root.
func NewSevenflow(root string) (*Sevenflow, error) {
	reg, err := recordingRegistry()
	if err != nil {
		return nil, err
	}
	p, err := engine.Load("decisions.yaml", decisionsYAML)
	if err != nil {
		return nil, err
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		return nil, err
	}
	return newSevenflow(root, prog, false)
}

// NewStandard compiles shops/example.yaml itself (the shipped workflow,
// payloads and all) against the recording registry: what the decision
// tables are checked against.
func NewStandard(root string) (*Sevenflow, error) {
	reg, err := recordingRegistry()
	if err != nil {
		return nil, err
	}
	p, err := engine.LoadFile(filepath.Join(root, "shops", "example.yaml"), engine.WithFS("pipelines", pipelines.FS))
	if err != nil {
		return nil, err
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		return nil, err
	}
	return newSevenflow(root, prog, true)
}

func newSevenflow(root string, prog *engine.Program, full bool) (*Sevenflow, error) {
	shops, err := settingsOf(root)
	if err != nil {
		return nil, err
	}
	s := &Sevenflow{prog: prog, full: full}
	for i, m := range shops {
		opt := engine.WithSettings(m)
		if full {
			opt = engine.WithSettings(Shops[i])
		}
		s.settings = append(s.settings, []engine.RunOption{opt})
	}
	return s, nil
}

// Decide runs the pipeline on one order.
func (s *Sevenflow) Decide(ctx context.Context, c Case) (Decision, error) {
	rec := &recorded{}
	trace, err := s.prog.Run(context.WithValue(ctx, recordedKey{}, rec), c.Order, s.settings[c.Shop]...)
	d := Decision{Calls: rec.calls}
	if d.Calls == nil {
		d.Calls = []string{}
	}
	if err != nil {
		errs := engine.Errors(err)
		if len(errs) == 0 || errs[0].Code != engine.CodeFail && errs[0].Code != engine.CodeAssert {
			return d, err
		}
		d.Failed = errs[0].Step
	}
	if s.full {
		return d, s.fromStandard(trace, &d)
	}
	d.ValueRule, _ = trace.Vars["value_rule"].(string)
	d.Carrier = carrierText(trace.Vars["first_carrier"])
	return d, nil
}

// fromStandard reads the value rule and the first parcel's carrier from a
// run of the shipped workflow.
func (s *Sevenflow) fromStandard(t *engine.Trace, d *Decision) error {
	if prep, ok := t.Steps["prepare"].(map[string]any); ok {
		if ps, ok := prep["parcels"].([]any); ok && len(ps) > 0 {
			out, _ := ps[0].(map[string]any)["parcel_out"].(map[string]any)
			d.Carrier = carrierText(out["carrier"])
		}
	}
	if cs, ok := t.Steps["customs"].(map[string]any); ok {
		if r, ok := cs["rule"].(map[string]any); ok {
			d.ValueRule, _ = r["value_field"].(string)
		}
	}
	return nil
}

// OPA decides with decisions.rego as an OPA prepared query, the shops'
// settings in its store.
type OPA struct {
	pq rego.PreparedEvalQuery
}

// NewOPA prepares the query.
func NewOPA(ctx context.Context, root string) (*OPA, error) {
	shops, err := settingsOf(root)
	if err != nil {
		return nil, err
	}
	data := make([]any, len(shops))
	for i, s := range shops {
		data[i] = s
	}
	store := inmem.NewFromObject(map[string]any{"shops": data})
	pq, err := rego.New(
		rego.Query("data.sevenflow.standard.decision"),
		rego.Module("decisions.rego", decisionsRego),
		rego.Store(store),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, err
	}
	return &OPA{pq: pq}, nil
}

// Decide evaluates the query on one order.
func (o *OPA) Decide(ctx context.Context, c Case) (Decision, error) {
	rs, err := o.pq.Eval(ctx, rego.EvalInput(map[string]any{"order": c.Order, "shop": c.Shop}))
	if err != nil {
		return Decision{}, err
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return Decision{}, fmt.Errorf("rego: %d results", len(rs))
	}
	m, _ := rs[0].Expressions[0].Value.(map[string]any)
	d := Decision{Calls: []string{}}
	d.Failed, _ = m["failed"].(string)
	d.ValueRule, _ = m["value_rule"].(string)
	d.Carrier = carrierText(m["carrier"])
	calls, _ := m["calls"].([]any)
	for _, c := range calls {
		s, _ := c.(string)
		d.Calls = append(d.Calls, s)
	}
	return d, nil
}
