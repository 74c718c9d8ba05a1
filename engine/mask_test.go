package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// testMask masks the recipient's names, e-mail and street, at any depth.
func testMask(t testing.TB) *engine.Mask {
	t.Helper()
	m, err := engine.NewMask(
		engine.MaskField{Pointer: "/recipient/first_name", Kind: "name"},
		engine.MaskField{Pointer: "/recipient/last_name", Kind: "name"},
		engine.MaskField{Pointer: "/recipient/street", Kind: "address"},
		engine.MaskField{Pointer: "/recipient_email", Kind: "email"},
		engine.MaskField{Pointer: "/*/email", Kind: "email"},
		engine.MaskField{Pointer: "/recipient/house_no", Kind: "address"},
		engine.MaskField{Pointer: "/recipient/city", Kind: "address", PointerOnly: true},
	)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestNewMaskErrors(t *testing.T) {
	tests := []struct {
		field engine.MaskField
		want  string
	}{
		{engine.MaskField{Pointer: "recipient/email", Kind: "email"}, `mask field "recipient/email": want a JSON pointer such as /recipient/email`},
		{engine.MaskField{Pointer: "/", Kind: "email"}, `mask field "/": want a JSON pointer such as /recipient/email`},
		{engine.MaskField{Pointer: "/email", Kind: "E-Mail"}, `mask field /email: kind "E-Mail": want a lower-case word`},
	}
	for _, tc := range tests {
		t.Run(tc.field.Pointer, func(t *testing.T) {
			if _, err := engine.NewMask(tc.field); err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// Events masks each value at a field's pointer with a stable token, and
// each masked string wherever else it turns up: in other keys, inside
// longer strings, in log lines, exchanges, condition names and errors.
// Short values, values of no field and those of a PointerOnly field
// elsewhere (the warehouse's Basel) stay.
func TestMaskEvents(t *testing.T) {
	recipient := map[string]any{"first_name": "Anna", "last_name": "Muster", "street": "Freie Strasse", "house_no": "12", "email": "anna.muster@example.ch", "country": "CH", "city": "Basel"}
	events := []engine.Event{
		engine.RunStart{Pipeline: "p", Input: map[string]any{"order_id": "ORD-1", "recipient": recipient},
			Settings: map[string]any{"warehouse": map[string]any{"address": "Freie Strasse 1, Basel"}}},
		engine.StepEnd{Step: "common", Status: engine.StatusOK, Output: map[string]any{
			"address": "Freie Strasse 12", "who": "ANNA MUSTER", "anna": "Annabelle", "n": json.Number("12")}},
		engine.Condition{Step: "s", Expr: `input.recipient.house_no != ""`, Value: true,
			Names: []engine.NameValue{{Name: "input.recipient.house_no", Value: "12"}, {Name: "input.parcels[0].email", Value: "x@example.ch"}}},
		engine.Call{Step: "label", Builtin: "b", Args: map[string]any{"recipient_email": "anna.muster@example.ch"},
			Err: errors.New("recipient_email anna.muster@example.ch: refused")},
		engine.Exchanged{Step: "label", Exchange: engine.Exchange{Method: "POST", Path: "/v2/labels", Status: 201,
			Request: json.RawMessage(`{"recipient_first_name":"Anna"}`), Response: map[string]any{"recipient": map[string]any{"last_name": "Muster"}}}},
		engine.Log{Step: "label", Message: "label for Muster, Anna (‹name:000000›)"},
		// İ lower-cases to three bytes: the positions of the lower
		// case are not those of the text.
		engine.Log{Step: "label", Message: "İSTANBUL ANNA Annabelle"},
	}
	var got strings.Builder
	for _, e := range testMask(t).Events(events) {
		b, err := engine.MarshalEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		got.Write(append(b, '\n'))
	}
	want := `{"event":"run_start","pipeline":"p","input":{"order_id":"ORD-1","recipient":{"city":"‹address:902909›","country":"CH","email":"‹email:7151a3›","first_name":"‹name:bf4fcc›","house_no":"‹address:6b51d4›","last_name":"‹name:cfb3d4›","street":"‹address:233e9b›"}},"settings":{"warehouse":{"address":"‹address:233e9b› 1, Basel"}}}
{"event":"step_end","step":"common","status":"ok","output":{"address":"‹address:233e9b› 12","anna":"Annabelle","n":12,"who":"‹name:bf4fcc› ‹name:cfb3d4›"}}
{"event":"condition","step":"s","names":[{"name":"input.recipient.house_no","value":"‹address:6b51d4›"},{"name":"input.parcels[0].email","value":"‹email:a41646›"}],"expr":"input.recipient.house_no != \"\"","value":true}
{"event":"call","step":"label","builtin":"b","args":{"recipient_email":"‹email:7151a3›"},"error":{"message":"recipient_email ‹email:7151a3›: refused"}}
{"event":"exchange","step":"label","exchange":{"method":"POST","path":"/v2/labels","status":201,"request":{"recipient_first_name":"‹name:bf4fcc›"},"response":{"recipient":{"last_name":"‹name:cfb3d4›"}}}}
{"event":"log","step":"label","message":"label for ‹name:cfb3d4›, ‹name:bf4fcc› (‹name:000000›)"}
{"event":"log","step":"label","message":"İSTANBUL ‹name:bf4fcc› Annabelle"}
`
	if got.String() != want {
		t.Errorf("masked events\n got %s\nwant %s", got.String(), want)
	}
	// The events given are not changed.
	if recipient["first_name"] != "Anna" {
		t.Errorf("the input was changed: %v", recipient)
	}
	// Masking again changes nothing.
	again := testMask(t).Events(testMask(t).Events(events))
	b1, _ := engine.MarshalEvent(again[0])
	if !strings.Contains(want, string(b1)) {
		t.Errorf("masked twice: %s", b1)
	}
}

// maskedSrc copies the recipient into other values and fails on a value
// of it, so that its trace and error would show it everywhere.
const maskedSrc = `pipeline: masked
steps:
  - id: who
    set:
      line: input.recipient.first_name + " " + input.recipient.last_name
  - id: greet
    when: input.recipient.first_name startsWith "An"
    call: test.create_order
    with:
      order_id: input.order_id
      recipient_email: input.recipient.email
  - id: boom
    set:
      n: int(input.recipient.last_name)
`

var maskedInput = map[string]any{"order_id": "ORD-1", "recipient": map[string]any{
	"first_name": "Anna", "last_name": "Muster", "email": "anna.muster@example.ch",
}}

func compileMasked(t *testing.T) *engine.Program {
	t.Helper()
	p, err := engine.Load("masked.yaml", []byte(maskedSrc))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// A run with WithMask decides on the real values but reports none of
// them: not in its events, its trace, its error, nor, under a debugger,
// its pauses and what they evaluate.
func TestRunWithMask(t *testing.T) {
	prog := compileMasked(t)
	secrets := []string{"Anna", "Muster", "anna.muster@example.ch"}
	leaks := func(what string, v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s shows %q: %s", what, s, b)
			}
		}
	}
	trace, err := prog.Run(context.Background(), maskedInput, engine.WithMask(testMask(t)))
	if err == nil || trace.Err != err {
		t.Fatalf("err = %v, trace.Err = %v", err, trace.Err)
	}
	// The condition saw the real name: the call ran.
	if calls := trace.Summary().Calls; len(calls) != 1 {
		t.Errorf("calls %v: the condition did not see the real name", calls)
	}
	var e *engine.Error
	if !errors.As(err, &e) || e.Code != engine.CodeRuntime || e.Step != "boom" {
		t.Errorf("err = %#v: not the runtime *Error of step boom", err)
	}
	if !strings.Contains(err.Error(), "‹name:cfb3d4›") {
		t.Errorf("err = %v: the name is not masked in it", err)
	}
	leaks("the error", err.Error())
	leaks("the trace text", trace.Text())
	leaks("the summary", trace.Summary())
	leaks("the input", trace.Input)
	leaks("the steps", trace.Steps)
	for _, ev := range trace.Events {
		b, err := engine.MarshalEvent(ev)
		if err != nil {
			t.Fatal(err)
		}
		leaks("an event", string(b))
	}
	if maskedInput["recipient"].(map[string]any)["first_name"] != "Anna" {
		t.Error("the run's input was changed")
	}

	// Without a mask the same run shows them.
	trace, _ = prog.Run(context.Background(), maskedInput)
	if !strings.Contains(trace.Text(), "Anna Muster") {
		t.Errorf("an unmasked run hides the name:\n%s", trace.Text())
	}

	d := engine.NewDebugger(prog)
	if err := d.SetBreakpoint(engine.Breakpoint{At: "boom", When: `steps.who.line == "Anna Muster"`}); err != nil {
		t.Fatal(err)
	}
	s := d.Start(context.Background(), maskedInput, engine.WithMask(testMask(t)))
	<-s.Pauses()
	s.Resume(engine.Continue)
	// The breakpoint's condition held on the real values.
	p, ok := <-s.Pauses()
	if !ok || p.Path != "boom" {
		t.Fatalf("paused at %q", p.Path)
	}
	leaks("the pause's scope", p.Scope())
	leaks("the pause's events", p.Events)
	v, err := p.Eval(`steps.who.line + " / " + input.recipient.email`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "‹name:bf4fcc› ‹name:cfb3d4› / ‹email:7151a3›"; v != want {
		t.Errorf("Eval = %v, want %q", v, want)
	}
	s.Resume(engine.Continue)
	drive(t, s)
	tr, _ := s.Result()
	leaks("the debugger's trace", tr.Text())
}

// A Masker masks one value after another, the later with what it learned
// from the earlier; IsMasked tells a masked value from one that is not.
func TestMasker(t *testing.T) {
	x := testMask(t).NewMasker()
	args := x.Value(map[string]any{"recipient_email": "anna.muster@example.ch", "n": 1.0})
	result := x.Value(map[string]any{"id": "1", "note": "sent to anna.muster@example.ch"})
	text := x.Text("POST /v2/labels: 422: anna.muster@example.ch refused")
	want := `map[n:1 recipient_email:‹email:7151a3›] map[id:1 note:sent to ‹email:7151a3›] POST /v2/labels: 422: ‹email:7151a3› refused`
	if got := fmt.Sprint(args, " ", result, " ", text); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	tests := []struct {
		v    any
		want bool
	}{
		{result, true},
		{[]any{1.0, map[string]any{"a": []any{"x ‹name:bf4fcc›"}}}, true},
		{map[string]any{"id": "1", "note": "‹not a mask›"}, false},
		{nil, false},
	}
	for _, tc := range tests {
		if got := engine.IsMasked(tc.v); got != tc.want {
			t.Errorf("IsMasked(%v) = %t, want %t", tc.v, got, tc.want)
		}
	}
	if v := (*engine.Mask)(nil).NewMasker().Value("anna"); v != "anna" {
		t.Errorf("a nil Mask masked %v", v)
	}
}

// A Masker copies only what it masks: a value with nothing to mask is
// returned as it is, one with something is a copy that shares its other
// parts, and the original is left as it was. JSON text is looked at
// before anything decodes it; text whose escapes could hide a key or a
// learned value is decoded and masked.
func TestMaskerCopiesWhatItMasks(t *testing.T) {
	m, err := engine.NewMask(engine.MaskField{Pointer: "/recipient/email", Kind: "email"})
	if err != nil {
		t.Fatal(err)
	}
	x := m.NewMasker()
	same := func(a, b any) bool { return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer() }

	items := []any{map[string]any{"sku": "A"}}
	clean := map[string]any{"order_id": "1", "items": items}
	if got := x.Value(clean); !same(got, clean) {
		t.Errorf("nothing to mask, but a copy: %v", got)
	}
	order := map[string]any{"recipient": map[string]any{"email": "anna@example.ch", "name": "Anna"}, "items": items}
	got := x.Value(order).(map[string]any)
	if same(got, order) || got["recipient"].(map[string]any)["email"] != "‹email:d63839›" || !same(got["items"], items) {
		t.Errorf("masked: %v (the items shared: %t)", got, same(got["items"], items))
	}
	if order["recipient"].(map[string]any)["email"] != "anna@example.ch" {
		t.Errorf("the original changed: %v", order)
	}

	for _, tc := range []struct {
		raw  string
		want string // "" for the text itself, not decoded
	}{
		{`{"id":"7","note":"nothing personal"}`, ""},
		{`{"recipient":{"\u0065mail":"bob@example.ch"}}`, "map[recipient:map[email:‹email:f46ab9›]]"},
		{`{"note":"for ANNA@example.ch"}`, "map[note:for ‹email:d63839›]"},
		{`{"recipient":{"email":"carl@example.ch"}}`, "map[recipient:map[email:‹email:c26f25›]]"},
	} {
		raw := json.RawMessage(tc.raw)
		got := x.Value(raw)
		switch {
		case tc.want == "":
			if r, ok := got.(json.RawMessage); !ok || !same(r, raw) {
				t.Errorf("%s: %v, want the text itself", tc.raw, got)
			}
		case fmt.Sprint(got) != tc.want:
			t.Errorf("%s: %v, want %s", tc.raw, got, tc.want)
		}
	}
}
