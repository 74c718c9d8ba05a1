// Package engine loads, compiles and runs sevenflow pipelines.
//
// A pipeline is YAML: a list of steps that call builtins, branch with
// switch, loop with foreach, set variables, use sub-pipelines, assert and
// fail. Conditions and arguments are expr expressions; hooks (`script`) are
// JavaScript, run by goja with a read-only scope, a time budget and a stack
// limit. The three phases are
// separate values:
//
//	p, err := engine.LoadFile("shop.yaml", engine.WithFS("pipelines", shipped))
//	prog, err := engine.Compile(p, reg)
//	trace, err := prog.Run(ctx, input)
//
// Load keeps the file:line:col of every key, step and expression, so that
// every later error points into the YAML (see Pos and Error). Compile checks
// every expression against the names in scope (input, settings, steps, vars,
// item and the registry's functions), compiles every hook once, and collects
// all errors. A Program is
// immutable and safe for concurrent runs; each Run emits typed events
// (RunStart, StepStart, Condition, Call, ...) to observers and collects them
// in a Trace. A Debugger pauses a run before each step or at breakpoints.
//
// The engine knows nothing of Seven Senders: the builtins and expression
// functions come from the Registry it is handed.
package engine
