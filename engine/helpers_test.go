package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// testRegistry returns a registry of fake builtins and functions, like the
// real ones in shape but with no Seven Senders behind them.
func testRegistry(tb testing.TB) *engine.Registry {
	tb.Helper()
	reg := engine.NewRegistry()
	eu := map[string]bool{"DE": true, "FR": true, "AT": true, "NL": true, "IT": true, "ES": true, "PT": true}
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(reg.AddFunc(engine.Function{
		Name:  "eu_member",
		Func:  func(p ...any) (any, error) { return eu[p[0].(string)], nil },
		Types: []any{new(func(string) bool)},
	}))
	must(reg.AddFunc(engine.Function{
		Name: "customs_destination",
		Func: func(p ...any) (any, error) {
			from, to := fmt.Sprint(p[0]), fmt.Sprint(p[1])
			return eu[from] != eu[to], nil
		},
		Types: []any{new(func(string, string) bool)},
	}))
	must(reg.AddFunc(engine.Function{
		Name: "convert_weight",
		Func: func(p ...any) (any, error) {
			v, _ := p[0].(float64)
			if p[1] == "g" && p[2] == "kg" {
				return v / 1000, nil
			}
			return v, nil
		},
		Types: []any{new(func(float64, string, string) float64)},
	}))
	must(reg.AddCall("test.echo", engine.BuiltinFunc(func(_ context.Context, args map[string]any) (any, error) {
		return args, nil
	})))
	must(reg.AddCall("test.create_order", engine.BuiltinFunc(func(ctx context.Context, args map[string]any) (any, error) {
		engine.Logf(ctx, "creating order %v", args["order_id"])
		engine.RecordExchange(ctx, engine.Exchange{Method: "POST", Path: "/v2/order", Status: 201, Request: args})
		return map[string]any{"id": "7S-1", "order_id": args["order_id"]}, nil
	})))
	must(reg.AddCall("test.exists", engine.BuiltinFunc(func(ctx context.Context, args map[string]any) (any, error) {
		if args["exists"] == true {
			engine.ReportStatus(ctx, engine.StatusExists)
		}
		return args, nil
	})))
	must(reg.AddCall("test.reject", engine.BuiltinFunc(func(ctx context.Context, _ map[string]any) (any, error) {
		engine.RecordExchange(ctx, engine.Exchange{Method: "POST", Path: "/v2/shipment", Status: 422})
		return nil, schemaError{{Pointer: "/parcels/0/weight", Message: "must be > 0"}, {Pointer: "/recipient/zip", Message: "required"}}
	})))
	must(reg.AddCall("test.strict", strict{}))
	return reg
}

// schemaError is a builtin error with details, like a schema violation.
type schemaError []engine.Detail

func (e schemaError) Error() string {
	var msgs []string
	for _, d := range e {
		msgs = append(msgs, d.Pointer+": "+d.Message)
	}
	return "test.reject: payload invalid: " + strings.Join(msgs, "; ")
}

func (e schemaError) Details() []engine.Detail { return e }

// strict is a builtin that accepts only the keys a and b.
type strict struct{}

func (strict) Call(_ context.Context, args map[string]any) (any, error) { return len(args), nil }

func (strict) CheckArgs(keys []string) error {
	for _, k := range keys {
		if k != "a" && k != "b" {
			return errors.New("unknown key `" + k + "`: want a or b")
		}
	}
	return nil
}

var (
	_ engine.ArgsChecker   = strict{}
	_ engine.DetailedError = schemaError{}
)
