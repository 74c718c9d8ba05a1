package engine_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

func Example() {
	src := `pipeline: hello
settings: { greeting: Hello }
steps:
  - id: greet
    set:
      message: settings.greeting + ", " + input.name
  - assert: len(vars.message) > 0
`
	p, err := engine.Load("hello.yaml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := engine.Compile(p, engine.NewRegistry())
	if err != nil {
		fmt.Println(err)
		return
	}
	trace, err := prog.Run(context.Background(), map[string]any{"name": "Anna"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(trace.Vars["message"])
	trace.WriteText(os.Stdout)
	// Output:
	// Hello, Anna
	// run hello
	//   step greet (set) hello.yaml:4:5
	//   ok greet {"message":"Hello, Anna"}
	//   step assert (assert) hello.yaml:7:5
	//     when len(vars.message) > 0 -> true
	//   ok assert
	// run ok
}

// A misspelt name is an error at its own position in the file, with a
// suggestion.
func ExampleCompile_error() {
	src := "pipeline: typo\nsteps:\n  - id: check\n    assert: inptu.weight > 0\n"
	p, _ := engine.Load("typo.yaml", []byte(src))
	_, err := engine.Compile(p, engine.NewRegistry())
	fmt.Println(err)
	for _, e := range engine.Errors(err) {
		fmt.Println(e.Code, e.Pos.Line, e.Pos.Col)
	}
	// Output:
	// typo.yaml:4:13: step "check": unknown name `inptu`, did you mean `input`?
	// unknown_name 4 13
}

// A builtin is any engine.Builtin; its result is stored under steps.<id>.
func ExampleRegistry() {
	reg := engine.NewRegistry()
	_ = reg.AddCall("shout", engine.BuiltinFunc(func(_ context.Context, args map[string]any) (any, error) {
		return strings.ToUpper(fmt.Sprint(args["text"])), nil
	}))
	src := "pipeline: loud\nsteps:\n  - id: s\n    call: shout\n    with: { text: input }\n  - fail: steps.s\n    when: steps.s == 'HI'\n"
	p, _ := engine.Load("loud.yaml", []byte(src))
	prog, _ := engine.Compile(p, reg)
	trace, err := prog.Run(context.Background(), "hi")
	fmt.Println(trace.Steps["s"])
	fmt.Println(err)
	// Output:
	// HI
	// loud.yaml:6:5: step "fail": steps.s
}

// A Debugger runs a program step by step: each Session pauses before its
// first step, and Continue runs to the next breakpoint.
func ExampleDebugger() {
	src := "pipeline: d\nsteps:\n  - id: a\n    set: { x: 1 }\n  - id: b\n    set: { x: 2 }\n  - id: c\n    set: { x: 3 }\n"
	p, _ := engine.Load("d.yaml", []byte(src))
	prog, _ := engine.Compile(p, nil)
	d := engine.NewDebugger(prog)
	if err := d.SetBreakpoint(engine.Breakpoint{At: "c"}); err != nil {
		fmt.Println(err)
	}
	s := d.Start(context.Background(), nil)
	for pause := range s.Pauses() {
		n, _ := pause.Eval("len(vars)")
		fmt.Println("paused before", pause.Step, "with", n, "vars")
		s.Resume(engine.Continue)
	}
	trace, _ := s.Result()
	fmt.Println("run", trace.Status)
	// Output:
	// paused before a with 0 vars
	// paused before c with 1 vars
	// run ok
}

// A hook is JavaScript whose returned value is the step's output. One that
// runs past its time budget fails its step, and the program stays usable.
func Example_hook() {
	src := `pipeline: hooks
steps:
  - id: name
    script: |
      console.log("recipient", input.first_name);
      return input.first_name + " " + input.last_name;
  - id: spin
    timeout: 20ms
    script: while (input.spin) {}
`
	p, err := engine.Load("hooks.yaml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := engine.Compile(p, engine.NewRegistry())
	if err != nil {
		fmt.Println(err)
		return
	}
	trace, err := prog.Run(context.Background(), map[string]any{"first_name": "Anna", "last_name": "Muster", "spin": true})
	fmt.Println(err)
	trace.WriteText(os.Stdout)
	trace, err = prog.Run(context.Background(), map[string]any{"first_name": "Ben", "last_name": "Berg"})
	fmt.Println(trace.Steps["name"], err)
	// Output:
	// hooks.yaml:9:13: step "spin": hook exceeded its time budget of 20ms
	// run hooks
	//   step name (script) hooks.yaml:3:5
	//     log: recipient Anna
	//     hook hooks.yaml:5:7 -> "Anna Muster"
	//   ok name
	//   step spin (script) hooks.yaml:7:5
	//     hook hooks.yaml:9:13 -> error: hook exceeded its time budget of 20ms
	//   failed spin: hooks.yaml:9:13: step "spin": hook exceeded its time budget of 20ms
	// run failed: hooks.yaml:9:13: step "spin": hook exceeded its time budget of 20ms
	// Ben Berg <nil>
}

// A pipeline declares the settings it reads; a setting given for one run
// (a --set flag) is checked against the declaration before anything runs,
// and the error points at the flag.
func ExampleProgram_CheckSettings() {
	src := `pipeline: shop
settings_schema:
  type: object
  additionalProperties: false
  properties:
    flex: { type: boolean, description: 'skip the customs manifest' }
settings: { flex: false }
steps:
  - when: settings.flex
    set: { manifest: "false" }
`
	p, _ := engine.Load("shop.yaml", []byte(src))
	prog, err := engine.Compile(p, engine.NewRegistry())
	if err != nil {
		fmt.Println(err)
		return
	}
	flag, _ := engine.ParseSetting("flexx=true", engine.Pos{File: "--set flexx=true"})
	_, err = prog.CheckSettings(engine.WithSettingsLayer(flag))
	fmt.Println(err)
	// Output:
	// --set flexx=true: unknown setting flexx, did you mean flex?
}

// A value a run takes from its settings because the order has none is
// listed in the trace.
func ExampleTrace_defaulted() {
	src := `pipeline: mail
settings: { default_email: shipping@shop.test }
steps:
  - id: who
    set:
      email: input.recipient.email ?? settings.default_email
`
	p, _ := engine.Load("mail.yaml", []byte(src))
	prog, _ := engine.Compile(p, engine.NewRegistry())
	trace, _ := prog.Run(context.Background(), map[string]any{"recipient": map[string]any{"first_name": "Anna"}})
	for _, d := range trace.Defaulted {
		fmt.Println(d.Field, "<-", d.From)
	}
	// Output:
	// /recipient/email <- settings.default_email
}
