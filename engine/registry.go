package engine

import (
	"context"
	"fmt"
	"sort"
)

// Builtin is an operation that a `call` step names, such as
// sevensenders.create_order. The engine evaluates the step's `with` (or runs
// its hook), hands the resulting arguments to Call, and stores the value Call
// returns under steps.<id>. A Builtin is registered once and shared by every
// run of every Program compiled against its Registry, so it must be safe for
// concurrent use and keep per-run state in ctx, never in itself.
//
// An error from Call starts with the builtin's name, as errors from the
// standard library name their operation ("sevensenders.create_label:
// ..."); the run adds the step id and the step's position.
type Builtin interface {
	Call(ctx context.Context, args map[string]any) (any, error)
}

// BuiltinFunc adapts an ordinary function to Builtin.
type BuiltinFunc func(ctx context.Context, args map[string]any) (any, error)

// Call calls f(ctx, args).
func (f BuiltinFunc) Call(ctx context.Context, args map[string]any) (any, error) {
	return f(ctx, args)
}

// ArgsChecker is implemented by a Builtin that knows which `with` keys it
// accepts. Compile calls CheckArgs with the top-level keys of every `with`
// map that names the builtin, so that a misspelt key is a load-time error;
// the returned error says which key is wrong and, where it can, what to use.
// A call whose arguments a hook builds is not checked: its keys are known
// only when it runs.
type ArgsChecker interface {
	CheckArgs(keys []string) error
}

// Function is a helper callable from expressions, such as
// customs_destination(from, to). Types are expr signatures
// (new(func(string, string) bool)) that let Compile check argument counts and
// types; with none, any arguments are accepted.
type Function struct {
	Name  string
	Doc   string
	Func  func(params ...any) (any, error)
	Types []any
}

// Registry is the set of builtins and expression functions that a Program
// may use. It is filled before Compile (see builtins.Register) and read-only
// afterwards.
type Registry struct {
	calls map[string]Builtin
	funcs map[string]Function
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry {
	return &Registry{calls: map[string]Builtin{}, funcs: map[string]Function{}}
}

// AddCall registers b under name. Registering a name twice is an error.
func (r *Registry) AddCall(name string, b Builtin) error {
	if _, dup := r.calls[name]; dup {
		return fmt.Errorf("register builtin %q: already registered", name)
	}
	r.calls[name] = b
	return nil
}

// AddFunc registers an expression function. Registering a name twice is an
// error.
func (r *Registry) AddFunc(f Function) error {
	if _, dup := r.funcs[f.Name]; dup {
		return fmt.Errorf("register function %q: already registered", f.Name)
	}
	if f.Func == nil {
		return fmt.Errorf("register function %q: no Func", f.Name)
	}
	r.funcs[f.Name] = f
	return nil
}

// Call returns the builtin registered under name.
func (r *Registry) Call(name string) (Builtin, bool) {
	b, ok := r.calls[name]
	return b, ok
}

// CallNames returns the names of the registered builtins, sorted.
func (r *Registry) CallNames() []string {
	names := make([]string, 0, len(r.calls))
	for n := range r.calls {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Funcs returns the registered expression functions sorted by name.
func (r *Registry) Funcs() []Function {
	fs := make([]Function, 0, len(r.funcs))
	for _, f := range r.funcs {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	return fs
}

// Exchange is one request and response that a builtin made on behalf of a
// step, such as an HTTP call to the Seven Senders API. Builtins report it
// with RecordExchange; the run puts it in the trace as a call event.
type Exchange struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	// Retry counts the tries of the same request that came before this
	// one: 0 for the first.
	Retry    int `json:"retry,omitempty"`
	Request  any `json:"request,omitempty"`
	Response any `json:"response,omitempty"`
}

// Detail is one finding of a failed builtin, such as one schema violation:
// the JSON pointer into the payload and what is wrong there.
type Detail struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
	// Source is what the run knows the value at Pointer was built from,
	// set by the run, not the builtin: "input /order_items/0/item_value"
	// or "setting customs.incoterm".
	Source string `json:"source,omitempty"`
}

// DetailedError is implemented by builtin errors that carry several
// findings (a payload that fails its schema). The run's error lists each.
type DetailedError interface {
	error
	Details() []Detail
}

type recorderKey struct{}

// WithRecorder returns a context whose RecordExchange calls reach fn. The
// run installs one around each call step; builtins never call it.
func WithRecorder(ctx context.Context, fn func(Exchange)) context.Context {
	return context.WithValue(ctx, recorderKey{}, fn)
}

// RecordExchange reports x to the run that ctx belongs to. Outside a run it
// does nothing.
func RecordExchange(ctx context.Context, x Exchange) {
	switch fn := ctx.Value(recorderKey{}).(type) {
	case func(Exchange):
		fn(x)
	case *callContext:
		fn.record(x)
	}
}
