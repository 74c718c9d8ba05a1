package engine_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

const explainSrc = `pipeline: explain
settings: { label: own, limits: { kg: 2 } }
steps:
  - id: cancelled
    when: input.state == "cancelled"
    fail: cancelled
  - id: route
    switch:
      - when: settings.label == "sevensenders"
        steps:
          - set: { how: '"label"' }
      - when: settings.label == "own" && input.country != nil
        steps:
          - set: { how: '"shipment"' }
  - id: parcels
    foreach: input.parcels
    as: parcel
    steps:
      - id: fits
        assert: parcel.kg <= settings.limits.kg
`

// TestExplain checks the Condition events of a run with WithExplain: the
// kind of each condition and the values of the names it read, in the
// order they appear; and that a run without it looks no name up.
func TestExplain(t *testing.T) {
	prog := compile(t, explainSrc)
	input := map[string]any{"state": "paid", "parcels": []any{map[string]any{"kg": 1.5}}}
	want := []engine.Condition{
		{Step: "cancelled", Path: "cancelled", Kind: engine.WhenCondition, Expr: `input.state == "cancelled"`, Value: false,
			Names: []engine.NameValue{{Name: "input.state", Value: "paid"}}},
		{Step: "route", Path: "route", Kind: engine.CaseCondition, Expr: `settings.label == "sevensenders"`, Value: false,
			Names: []engine.NameValue{{Name: "settings.label", Value: "own"}}},
		{Step: "route", Path: "route", Kind: engine.CaseCondition, Expr: `settings.label == "own" && input.country != nil`, Value: false,
			Names: []engine.NameValue{{Name: "settings.label", Value: "own"}, {Name: "input.country", Value: nil}}},
		{Step: "fits", Path: "parcels[0]/fits", Kind: engine.AssertCondition, Expr: `parcel.kg <= settings.limits.kg`, Value: true, Depth: 1,
			Names: []engine.NameValue{{Name: "parcel.kg", Value: 1.5}, {Name: "settings.limits.kg", Value: 2}}},
	}
	tests := []struct {
		name  string
		opts  []engine.RunOption
		names bool
	}{
		{"explained", []engine.RunOption{engine.WithExplain()}, true},
		{"plain", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			trace, err := prog.Run(context.Background(), input, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			var got []engine.Condition
			for _, ev := range trace.Events {
				if c, ok := ev.(engine.Condition); ok {
					c.Pos = engine.Pos{}
					got = append(got, c)
				}
			}
			for i := range want {
				w := want[i]
				if !tc.names {
					w.Names = nil
				}
				if i >= len(got) {
					t.Fatalf("condition %d missing; got %d conditions", i, len(got))
				}
				if !reflect.DeepEqual(got[i], w) {
					t.Errorf("condition %d:\n got %#v\nwant %#v", i, got[i], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("got %d conditions, want %d", len(got), len(want))
			}
			// A trace file keeps the kind and the names.
			for _, c := range got {
				b, err := engine.MarshalEvent(c)
				if err != nil {
					t.Fatal(err)
				}
				e, err := engine.UnmarshalEvent(b)
				if err != nil {
					t.Fatal(err)
				}
				back, _ := e.(engine.Condition)
				again, _ := engine.MarshalEvent(back)
				if back.Kind != c.Kind || len(back.Names) != len(c.Names) || string(again) != string(b) {
					t.Errorf("round trip of %s gave %s", b, again)
				}
			}
		})
	}
}
