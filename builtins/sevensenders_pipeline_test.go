package builtins

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// TestSevenSendersPipeline runs the builtins the way a pipeline does: a
// misspelt `with` key is a compile error at the step's `with`, and a
// payload that fails its schema fails the run at the step, with every
// pointer, and sends nothing.
func TestSevenSendersPipeline(t *testing.T) {
	a := setupAPI(t)

	const misspelt = `pipeline: misspelt
steps:
  - id: shipment
    call: sevensenders.create_shipment
    with:
      order_id: input.order_id
      tracking_cod: '"TC-1"'
`
	p, err := engine.Load("misspelt.yaml", []byte(misspelt))
	if err != nil {
		t.Fatal(err)
	}
	_, err = engine.Compile(p, a.reg)
	errs := engine.Errors(err)
	const want = `misspelt.yaml:5:5: step "shipment": with: unknown key "tracking_cod" for sevensenders.create_shipment, did you mean "tracking_code"?`
	if len(errs) != 1 || errs[0].Code != engine.CodeBadArgs || errs[0].Error() != want {
		t.Fatalf("compile error:\n got %v\nwant %s", err, want)
	}

	const customs = `pipeline: customs
steps:
  - id: order
    call: sevensenders.create_order
    with:
      order_id: input.order_id
      order_date: '"2024-01-15T10:30:00Z"'
  - id: customs
    call: sevensenders.create_customs_shipment
    with:
      shipment_id: '"1"'
      order_id: input.order_id
`
	p, err = engine.Load("customs.yaml", []byte(customs))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, a.reg)
	if err != nil {
		t.Fatal(err)
	}
	trace, err := prog.Run(context.Background(), map[string]any{"order_id": "ORD-1"})
	errs = engine.Errors(err)
	if len(errs) != 1 || errs[0].Step != "customs" || errs[0].Code != engine.CodeCall || errs[0].Pos.Line != 8 {
		t.Fatalf("run error %v, want one at the customs step (line 8)", err)
	}
	if !strings.Contains(errs[0].Error(), "sevensenders.create_customs_shipment: payload fails schema customs_shipment: ") ||
		!strings.HasSuffix(errs[0].Error(), fmt.Sprintf(": %d violations", len(errs[0].Details()))) {
		t.Fatalf("run error %q", errs[0])
	}
	var pointers []string
	for _, d := range errs[0].Details() {
		pointers = append(pointers, d.Pointer)
	}
	if !slices.Contains(pointers, "/invoice_id") || !slices.Contains(pointers, "/skus") {
		t.Fatalf("details %v", errs[0].Details())
	}
	if got := a.received(); strings.Join(got, ", ") != "POST /v2/token, GET /v2/orders?order_id=ORD-1, POST /v2/orders" {
		t.Fatalf("the simulator received %v", got)
	}
	var calls []string
	for _, c := range trace.Summary().Calls {
		calls = append(calls, c.Step+" "+c.Method+" "+c.Path)
	}
	if strings.Join(calls, ", ") != "order POST /v2/token, order GET /v2/orders, order POST /v2/orders" {
		t.Fatalf("traced calls %v", calls)
	}
}
