package builtins_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// A payload that fails its schema is reported with every JSON pointer, and
// nothing is sent: the client here points at a port where nothing listens.
func ExampleSchemaError() {
	client := sevensenders.NewClient("http://127.0.0.1:1/v2",
		sevensenders.WithObserver(builtins.RecordExchange))
	r := engine.NewRegistry()
	if err := builtins.Register(r, builtins.WithClient(client)); err != nil {
		fmt.Println(err)
		return
	}
	create, _ := r.Call("sevensenders.create_customs_manifest")
	_, err := create.Call(context.Background(), map[string]any{
		"manifest_id":  "M-1",
		"shipment_ids": []any{},
	})
	fmt.Println(err)
	var d engine.DetailedError
	if errors.As(err, &d) {
		for _, x := range d.Details() {
			fmt.Printf("  %s: %s\n", x.Pointer, x.Message)
		}
	}
	// Output:
	// sevensenders.create_customs_manifest: payload fails schema customs_manifest: 2 violations
	//   /pieces: required
	//   /shipment_ids: must not be empty
}

// CheckArgs is what `sevenflow lint` calls for each step's `with` keys.
func ExampleRegister_checkArgs() {
	r := engine.NewRegistry()
	if err := builtins.Register(r); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := r.Call("sevensenders.create_shipment")
	fmt.Println(b.(engine.ArgsChecker).CheckArgs([]string{"order_id", "tracking_cod"}))
	// Output:
	// unknown key "tracking_cod" for sevensenders.create_shipment, did you mean "tracking_code"?
}

// One compiled program runs against two targets: the client in the run's
// context goes before the one given to Register. Run again, the order is
// found by its order_id and the step ends as exists.
func ExampleContextWithClient() {
	preflightSim, realSim := sim.New(), sim.New()
	preflightSrv, realSrv := httptest.NewServer(preflightSim), httptest.NewServer(realSim)
	defer preflightSrv.Close()
	defer realSrv.Close()
	preflight := sevensenders.NewClient(preflightSrv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey))
	target := sevensenders.NewClient(realSrv.URL+"/v2", sevensenders.WithAccessKey(sim.DefaultAccessKey))

	r := engine.NewRegistry()
	if err := builtins.Register(r, builtins.WithClient(target)); err != nil {
		fmt.Println(err)
		return
	}
	p, err := engine.Load("order.yaml", []byte(`pipeline: order
steps:
  - id: order
    call: sevensenders.create_order
    with: { order_id: input.order_id, order_date: input.order_date }
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := engine.Compile(p, r)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z"}
	bg := context.Background()
	for _, ctx := range []context.Context{builtins.ContextWithClient(bg, preflight), bg, bg} {
		trace, err := prog.Run(ctx, in)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(trace.Summary().Steps[0].Status)
	}
	fmt.Println(len(preflightSim.Snapshot().Orders), len(realSim.Snapshot().Orders))
	// Output:
	// ok
	// ok
	// exists
	// 1 1
}
