package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sevenflow/sevenflow/engine"
)

// TestTextOptions renders one run of a shop that extends a shipped
// pipeline in the plain form and in the golden form: step paths, a
// position function (here: shipped files by name, line numbers dropped)
// and payloads one field a line.
func TestTextOptions(t *testing.T) {
	shipped := fstest.MapFS{
		"base.yaml": {Data: []byte(`pipeline: base
steps:
  - id: each
    foreach: input.items
    steps:
      - id: echo
        call: test.echo
        with: { sku: item.sku, n: index }
`)},
	}
	p, err := engine.Load("shop.yaml", []byte("pipeline: shop\nextends: base\nsteps:\n  - id: done\n    set: { ok: true }\n"),
		engine.WithFS("pipelines", shipped))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	trace, err := prog.Run(context.Background(), map[string]any{"items": []any{map[string]any{"sku": "A"}}})
	if err != nil {
		t.Fatal(err)
	}
	pos := func(at engine.Pos) string {
		if p.Shipped(at.File) {
			return "shipped " + at.File
		}
		return at.String()
	}
	tests := []struct {
		name string
		opts engine.TextOptions
		want string
	}{
		{"plain", engine.TextOptions{}, `run shop
  step each (foreach) pipelines/base.yaml:3:5
    [0] {"sku":"A"}
    step echo (call) pipelines/base.yaml:6:9
      call test.echo {"n":0,"sku":"A"} -> {"n":0,"sku":"A"}
    ok echo
  ok each
  step done (set) shop.yaml:4:5
  ok done {"ok":true}
run ok
`},
		{"golden", engine.TextOptions{Pos: pos, Paths: true, Pretty: true}, `run shop
  step each (foreach) shipped pipelines/base.yaml
    [0] {
      "sku": "A"
    }
    step each[0]/echo (call) shipped pipelines/base.yaml
      call test.echo {
        "n": 0,
        "sku": "A"
      } -> {
        "n": 0,
        "sku": "A"
      }
    ok each[0]/echo
  ok each
  step done (set) shop.yaml:4:5
  ok done {
    "ok": true
  }
run ok
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := tc.opts.WriteTrace(&b, trace); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tc.want)
			}
		})
	}
	if tc := tests[0]; trace.Text() != tc.want {
		t.Errorf("WriteText differs from TextOptions{}:\n%s", trace.Text())
	}
}

// TestTextOptionsError checks that Error renders the positions of an
// *Error (its Pos and Via) and of an ErrorList with Pos, and leaves other
// errors, wrapped ones included, as they print.
func TestTextOptionsError(t *testing.T) {
	o := engine.TextOptions{Pos: func(p engine.Pos) string { return fmt.Sprintf("<%s@%d>", p.File, p.Line) }}
	e := &engine.Error{Pos: engine.Pos{File: "order.json", Line: 3, Col: 5}, Step: "label", Pointer: "/weight",
		Err: errors.New("must be > 0"), Via: engine.Pos{File: "pipelines/dispatch.yaml", Line: 40, Col: 9}}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"error", e, `<order.json@3>: step "label": /weight: must be > 0 (via <pipelines/dispatch.yaml@40>)`},
		{"list", engine.ErrorList{e, e}, `<order.json@3>: step "label": /weight: must be > 0 (via <pipelines/dispatch.yaml@40>) (and 1 more error)`},
		{"wrapped", fmt.Errorf("batch: %w", e), `batch: order.json:3:5: step "label": /weight: must be > 0 (via pipelines/dispatch.yaml:40:9)`},
		{"other", errors.New("boom"), "boom"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := o.Error(tc.err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	if got, want := (engine.TextOptions{}).Error(e), e.Error(); got != want {
		t.Errorf("zero options: %s, want %s", got, want)
	}
}

// TestShipped checks which files of a loaded pipeline count as shipped:
// those found in a WithFS place, not the merchant's file.
func TestShipped(t *testing.T) {
	shipped := fstest.MapFS{"base.yaml": {Data: []byte("pipeline: base\nsteps: []\n")}}
	p, err := engine.Load("shop.yaml", []byte("pipeline: shop\nextends: base\n"), engine.WithFS("pipelines", shipped))
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]bool{"pipelines/base.yaml": true, "shop.yaml": false, "base.yaml": false} {
		if got := p.Shipped(file); got != want {
			t.Errorf("Shipped(%q) = %t, want %t", file, got, want)
		}
	}
}

// A retried exchange says which retry it is, in the text and in the
// summary; a first try says nothing.
func TestRetryRendered(t *testing.T) {
	tests := []struct {
		retry   int
		text    string
		summary string
	}{
		{0, "  POST /v2/orders -> 503", `{"step":"order","method":"POST","path":"/v2/orders","status":503}`},
		{2, "  POST /v2/orders -> 201 (retry 2)", `{"step":"order","method":"POST","path":"/v2/orders","status":201,"retry":2}`},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.retry), func(t *testing.T) {
			e := engine.Exchanged{Step: "order", Exchange: engine.Exchange{Method: "POST", Path: "/v2/orders", Status: 503, Retry: tc.retry}}
			if tc.retry > 0 {
				e.Exchange.Status = 201
			}
			if got := engine.EventText(e); got != tc.text {
				t.Errorf("text %q, want %q", got, tc.text)
			}
			tr := &engine.Trace{Pipeline: "p", Status: engine.StatusOK, Events: []engine.Event{e}}
			var b strings.Builder
			if err := tr.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), `"calls":[`+tc.summary+`]`) {
				t.Errorf("summary %s, want the call %s", b.String(), tc.summary)
			}
		})
	}
}
