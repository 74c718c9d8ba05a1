// Package engine loads, compiles and runs sevenflow pipelines.
//
// A pipeline is YAML: a list of steps that call builtins, branch with
// switch, loop with foreach, set variables, use sub-pipelines, assert and
// fail. Conditions and arguments are expr expressions; hooks (`script`) are
// JavaScript, run by goja with a read-only scope, a time budget and a stack
// limit. The three phases are separate values:
//
//	p, err := engine.LoadFile("shop.yaml", engine.WithFS("pipelines", shipped))
//	prog, err := engine.Compile(p, reg)
//	trace, err := prog.Run(ctx, input, engine.WithSettingsLayer(flags))
//
// Load keeps the file:line:col of every key, step, expression and setting,
// so that every later error points into the YAML (see Pos and Error).
// Compile checks every expression against the names in scope (input,
// settings, steps, vars, a foreach's element and index, and the registry's
// functions), typed by the input schema and the settings_schema the
// pipeline and the pipelines it uses declare; it checks the settings
// against that schema, compiles every hook once, and collects all errors.
// A Program is immutable and safe for concurrent runs.
//
// Each Run checks its settings and input first, then emits typed events
// (RunStart, StepStart, Condition, Call, Defaulted, ...) to observers and
// collects them in a Trace. A Condition says which condition of its step
// it is (WhenCondition, CaseCondition, AssertCondition); a run with
// WithExplain adds the values of the names it read. The run keeps where each value it builds came
// from (a field of the input, a setting, or what it was computed from): a
// value taken from a setting where the order had none is reported as
// Defaulted, and the error of a step of a shipped pipeline (one loaded
// through WithFS) is reported where the merchant wrote the value that
// caused it, with the pipeline's position as Error.Via. A Debugger pauses a
// run before each step or at breakpoints.
//
// Limits bound every phase, so that a hostile or mistaken file, hook or
// order ends in an error rather than a crash, a hang or an exhausted
// machine: the size of files, YAML aliases and nesting (Load), the size
// and nesting of expressions and hooks (Compile), and per run the strings
// and values expressions and hooks build, the steps and iterations, a
// hook's result and heap, and the input (Run). A pipeline sets them
// under `limits:`, WithLimits over it; a limit error wraps a *LimitError
// that names the limit and how to raise it. Hooks run in runtimes
// hardened to be shared between calls: frozen builtins, no code from
// strings, and regular expressions that run in linear time only.
//
// A run WithMask reports no value its Mask names (personal data, given as
// JSON pointer patterns by whoever knows the payloads): its events, and so
// every rendering and serialisation of its trace, its error and the
// debugger's pauses carry ‹kind:hash› instead, while the run decides on
// the real values.
//
// The engine knows nothing of Seven Senders: the builtins and expression
// functions come from the Registry it is handed, and the schemas from
// package schemas.
package engine
