package engine_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sevenflow/sevenflow/engine"
)

// originBase is a shipped-style pipeline: it fills the recipient's email
// from a setting when the order has none, and sends a payload that
// test.reject always rejects at /parcels/0/weight and /recipient/zip.
const originBase = `pipeline: base
settings_schema:
  type: object
  properties:
    default_email: { type: string }
    carrier: { type: string }
steps:
  - id: facts
    set:
      email: input.recipient.email ?? settings.default_email
      carrier: input.carrier ?? settings.carrier
  - id: send
    call: test.reject
    with:
      recipient: { zip: input.recipient.zip_code, email: vars.email }
      parcels: 'map(input.items, ({"weight": #.weight, "sku": #.sku}))'
`

// runShop runs shop.yaml, which extends the shipped base, on input with
// the positions of a made-up input file.
func runShop(t *testing.T, shop string, input map[string]any) (*engine.Trace, error) {
	t.Helper()
	fsys := fstest.MapFS{"base.yaml": {Data: []byte(originBase)}}
	p, err := engine.Load("shop.yaml", []byte(shop), engine.WithFS("pipelines", fsys))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	// order.json: one line per value, in this order.
	lines := map[string]int{"": 1, "/recipient": 2, "/recipient/zip_code": 3, "/items": 4, "/items/0": 5, "/items/0/sku": 6}
	pos := func(ptr string) (engine.Pos, bool) {
		l, ok := lines[ptr]
		return engine.Pos{File: "order.json", Line: l, Col: 3}, ok
	}
	return prog.Run(context.Background(), input, engine.WithInputPositions(pos))
}

var originInput = map[string]any{
	"recipient": map[string]any{"zip_code": "10115"},
	"items":     []any{map[string]any{"sku": "A"}},
}

// TestDefaulted checks that a value taken from a setting because the
// order had none is listed, once, with the input field it stands in for;
// and that a setting used where the order's field is not in the schema of
// ?? at all is not.
func TestDefaulted(t *testing.T) {
	trace, _ := runShop(t, "pipeline: shop\nextends: base\nsettings:\n  default_email: shipping@shop.test\n", originInput)
	var got []string
	for _, d := range trace.Defaulted {
		got = append(got, d.Field+" <- "+d.From)
	}
	if want := "/recipient/email <- settings.default_email"; strings.Join(got, "; ") != want {
		t.Errorf("defaulted %q, want %q", strings.Join(got, "; "), want)
	}
	if !strings.Contains(trace.Text(), "    defaulted /recipient/email <- settings.default_email\n") {
		t.Errorf("text trace has no defaulted line:\n%s", trace.Text())
	}
	if s := trace.Summary(); len(s.Defaulted) != 1 || s.Defaulted[0].From != "settings.default_email" {
		t.Errorf("summary defaulted = %v", s.Defaulted)
	}
}

// TestBlame checks that a payload rejected by a step of a shipped pipeline
// is reported first at the merchant's input, at the missing field the
// payload's value was built from, with the pipeline's step after "via",
// and that each finding names its source.
func TestBlame(t *testing.T) {
	_, err := runShop(t, "pipeline: shop\nextends: base\n", originInput)
	errs := engine.Errors(err)
	if len(errs) != 1 {
		t.Fatalf("err = %v", err)
	}
	e := errs[0]
	want := `order.json:5:3: step "send": /items/0/weight: test.reject: payload invalid: /parcels/0/weight: must be > 0; /recipient/zip: required (via pipelines/base.yaml:12:5)`
	if e.Error() != want {
		t.Errorf("error:\n got %s\nwant %s", e, want)
	}
	var got []string
	for _, d := range e.Details() {
		got = append(got, d.Pointer+" <- "+d.Source)
	}
	if want := "/parcels/0/weight <- input /items/0/weight; /recipient/zip <- input /recipient/zip_code"; strings.Join(got, "; ") != want {
		t.Errorf("details %q, want %q", strings.Join(got, "; "), want)
	}
}

// TestBlameSetting checks that a failure caused by a setting the merchant
// wrote points at the shop file.
func TestBlameSetting(t *testing.T) {
	base := `pipeline: base
settings_schema: { type: object, properties: { limit: { type: integer } } }
steps:
  - id: check
    assert: len(input.items) <= settings.limit
    message: too many items
`
	fsys := fstest.MapFS{"base.yaml": {Data: []byte(base)}}
	p, err := engine.Load("shop.yaml", []byte("pipeline: shop\nextends: base\nsettings:\n  limit: 0\n"), engine.WithFS("pipelines", fsys))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = prog.Run(context.Background(), originInput)
	want := `shop.yaml:4:10: step "check": settings.limit: too many items (via pipelines/base.yaml:5:13)`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got %v\nwant %s", err, want)
	}
}

// TestBlamePointer checks an assert that names the input field it is
// about, and a payload field that none of the places it is looked for in
// has: its finding names every one of them.
func TestBlamePointer(t *testing.T) {
	base := `pipeline: base
settings_schema: { type: object, properties: { origin: { type: string } } }
steps:
  - id: each
    foreach: input.items
    as: line
    steps:
      - id: tracked
        assert: line.tracking != nil || len(input.items) == 1
        pointer: '"/items/" + string(index) + "/tracking"'
        message: every parcel needs its tracking code
  - id: send
    call: test.reject
    with:
      parcels: 'map(input.items, ({"weight": #.origin ?? settings.origin}))'
`
	fsys := fstest.MapFS{"base.yaml": {Data: []byte(base)}}
	for _, tc := range []struct {
		name   string
		input  map[string]any
		want   string
		source string
	}{
		{"pointer", map[string]any{"items": []any{map[string]any{"sku": "A"}, map[string]any{"sku": "B"}}},
			`order.json:5:3: step "tracked": /items/0/tracking: every parcel needs its tracking code (via pipelines/base.yaml:9:17)`, ""},
		{"alternatives", map[string]any{"items": []any{map[string]any{"sku": "A"}}},
			`order.json:5:3: step "send": /items/0/origin: test.reject: payload invalid: /parcels/0/weight: must be > 0; /recipient/zip: required (via pipelines/base.yaml:12:5)`,
			"input /items/0/origin or setting origin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := engine.Load("shop.yaml", []byte("pipeline: shop\nextends: base\n"), engine.WithFS("pipelines", fsys))
			if err != nil {
				t.Fatal(err)
			}
			prog, err := engine.Compile(p, testRegistry(t))
			if err != nil {
				t.Fatal(err)
			}
			pos := func(ptr string) (engine.Pos, bool) {
				if strings.HasPrefix(ptr, "/items/0") {
					return engine.Pos{File: "order.json", Line: 5, Col: 3}, true
				}
				return engine.Pos{}, false
			}
			_, err = prog.Run(context.Background(), tc.input, engine.WithInputPositions(pos))
			if err == nil || err.Error() != tc.want {
				t.Errorf("error:\n got %v\nwant %s", err, tc.want)
			}
			if tc.source != "" {
				if d := engine.Errors(err)[0].Details(); len(d) == 0 || d[0].Source != tc.source {
					t.Errorf("details %v, want the first from %q", d, tc.source)
				}
			}
		})
	}
}
