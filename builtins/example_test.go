package builtins_test

import (
	"fmt"

	"github.com/expr-lang/expr"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
)

// compile compiles src against env with every function that Register adds,
// as the engine does.
func compile(r *engine.Registry, src string, env map[string]any) (any, error) {
	opts := []expr.Option{expr.Env(env)}
	for _, f := range r.Funcs() {
		opts = append(opts, expr.Function(f.Name, f.Func, f.Types...))
	}
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, err
	}
	return expr.Run(prog, env)
}

func ExampleRegister() {
	r := engine.NewRegistry()
	if err := builtins.Register(r); err != nil {
		fmt.Println(err)
		return
	}
	env := map[string]any{
		"settings": map[string]any{"warehouse": map[string]any{"country": "DE"}},
		"input": map[string]any{
			"recipient":  map[string]any{"country": "ch"},
			"order_date": "2017-08-18T16:53:07+0100",
			"weight_g":   321.5,
			"price":      47.54,
		},
	}
	for _, src := range []string{
		`customs_destination(settings.warehouse.country, input.recipient.country)`,
		`customs_destination("DE", "FR")`,
		`language_of(input.recipient.country)`,
		`convert_weight(input.weight_g, "G", "K")`,
		`format_money(net_from_gross(input.price, 19))`,
		`next_pickup(input.order_date, "15:00")`,
	} {
		v, err := compile(r, src, env)
		fmt.Println(v, err)
	}
	// Output:
	// true <nil>
	// false <nil>
	// de <nil>
	// 0.322 <nil>
	// 39.95 <nil>
	// 2017-08-21T15:00:00+01:00 <nil>
}

func ExampleRegister_error() {
	r := engine.NewRegistry()
	if err := builtins.Register(r); err != nil {
		fmt.Println(err)
		return
	}
	_, err := compile(r, `customs_destination("DE")`, map[string]any{})
	fmt.Println(err)
	_, err = compile(r, `convert_weight(1, "X", "K")`, map[string]any{})
	fmt.Println(err)
	// Output:
	// not enough arguments to call customs_destination (1:1)
	//  | customs_destination("DE")
	//  | ^
	// convert_weight: unknown unit "X": use K, G, L or O (1:1)
	//  | convert_weight(1, "X", "K")
	//  | ^
}
