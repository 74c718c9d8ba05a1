package builtins_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
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
