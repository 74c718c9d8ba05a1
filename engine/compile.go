package engine

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"

	"github.com/sevenflow/sevenflow/schemas"
)

// Scope names: what every expression may refer to besides the registry's
// functions and a foreach's element.
const (
	scopeInput    = "input"
	scopeSettings = "settings"
	scopeSteps    = "steps"
	scopeVars     = "vars"
)

// Program is a compiled pipeline. It never changes after Compile and is safe
// for concurrent runs.
type Program struct {
	pipeline *Pipeline
	limits   Limits // every limit, defaults filled
	steps    []*cstep
	settings *settingsSchema // nil: the pipeline declares no settings_schema
	comp     *compiler       // for expressions compiled while paused (Pause.Eval)

	// How many events the last run kept, and how many steps and vars the
	// last frame of the program stored (steps<<32 | vars): the sizes to
	// make the next ones at, instead of growing them step by step.
	events, frameSize atomic.Uint64

	settingsMemo settingsMemo // the checked settings of the last runs' layers
}

// Pipeline returns the pipeline the program was compiled from.
func (p *Program) Pipeline() *Pipeline { return p.pipeline }

// Limits returns the limits the program was compiled with and its runs
// keep: the pipeline's, with the defaults for those it does not set.
func (p *Program) Limits() Limits { return p.limits }

// SettingsShape returns the shape of the program's settings: the
// settings_schema of its pipeline and of every pipeline it uses, merged;
// nil when none declares one. Pipeline().Settings holds the defaults.
func (p *Program) SettingsShape() *schemas.Shape {
	if p.settings == nil {
		return nil
	}
	return p.settings.shape
}

// cstep is a step with its expressions compiled and its builtin found.
type cstep struct {
	*Step
	when    *cexpr
	builtin Builtin
	with    *cvalue
	hook    *hook
	cases   []ccase
	each    *cexpr
	body    []*cstep
	bodyIDs []string // every step id of the body, nested ones included
	set     []cbinding
	sub     *Program
	assert  *cexpr
	pointer *cexpr
	scope   *scope // what the step's expressions may name, for Pause.Eval
}

type ccase struct {
	*Case
	when  *cexpr
	steps []*cstep
}

type cbinding struct {
	name  string
	value *cvalue
}

// cexpr is a compiled expression.
type cexpr struct {
	*Expr

	// The bytecode is made at the expression's first evaluation
	// (program): lint, and a run that skips the step, never need it.
	progOnce sync.Once
	checked  *checked // parsed and checked; nil once prog is made
	prog     *vm.Program
	progErr  error

	// What only a run needs is worked out at its first use, so that lint
	// and a process that only loads a shop do not pay for it.
	once   sync.Once
	exprs  *exprCompiler
	env    *exprEnv
	inName func(string) bool // reports a name of the expression's scope
	asBool bool
	plan   *oplan    // how to find where its value came from
	report bool      // following plan may report a default (oplan.reports)
	names  []nameRef // a condition's names, for WithExplain

	// The evaluator without the VM (fastExpr) is made at the first
	// evaluation too: nil where the expression has a form it does not
	// know.
	fastOnce sync.Once
	fast     fastFn
}

// fastEval returns e's evaluator without the VM, or nil. It is made from
// the optimized tree, as the VM's bytecode is, but before the bytecode,
// whose making patches the tree.
func (e *cexpr) fastEval() fastFn {
	e.fastOnce.Do(func() {
		if n, err := e.checked.optimized(); err == nil {
			e.fast = fastExpr(n, e.asBool, e.checked.config())
		}
	})
	return e.fast
}

// program returns e's bytecode, made at its first use.
func (e *cexpr) program() (*vm.Program, error) {
	e.fastEval()
	e.progOnce.Do(func() {
		e.prog, e.progErr = e.checked.program()
		e.checked = nil
	})
	return e.prog, e.progErr
}

// prepare works out e's origin plan and, for a condition, its names.
func (e *cexpr) prepare() {
	e.once.Do(func() {
		e.plan = originPlan(e.Src, e.exprs, e.env)
		e.report = e.plan.reports()
		if e.asBool {
			e.names = exprNames(e.Src, e.inName)
		}
		e.exprs, e.env, e.inName = nil, nil, nil
	})
}

// originPlan returns how to find where e's value came from.
func (e *cexpr) originPlan() *oplan {
	e.prepare()
	return e.plan
}

// reportsDefault tells whether finding e's origin may report a value
// taken from settings.
func (e *cexpr) reportsDefault() bool {
	e.prepare()
	return e.report
}

// nameRefs returns the names a condition reads, for WithExplain.
func (e *cexpr) nameRefs() []nameRef {
	e.prepare()
	return e.names
}

// cvalue is a compiled `with` or `set` value.
type cvalue struct {
	kind valueKind
	expr *cexpr
	keys []string
	vals []*cvalue
}

// Compile compiles every expression of p against the names in scope and the
// functions of reg, finds every builtin p calls, and checks p's settings
// against its settings_schema and those of the pipelines it uses (a
// required setting that is missing is left to CheckSettings and Run, since
// a shipped workflow leaves the shop's own settings to the shop).
// Expressions see `settings` and, where the pipeline names an `input`
// schema, `input` typed by those schemas. It returns all errors it finds,
// sorted, as an ErrorList.
func Compile(p *Pipeline, reg *Registry) (*Program, error) {
	if reg == nil {
		reg = NewRegistry()
	}
	c := &compiler{reg: reg, subs: map[*Pipeline]*Program{}, settingsType: types.Any, lim: p.Limits.withDefaults()}
	var prog *Program
	var ss *settingsSchema
	var err error
	if doc := effectiveSchema(p); doc == nil {
		c.initExprs()
		prog = c.program(p)
	} else {
		// The expressions, typed by the settings schema's shape, are
		// checked on another goroutine while this one reads the schema
		// and compiles it: the compile takes longer, and a goroutine can
		// be slow to start or to hand its result back on a busy machine.
		// The other one makes the expression compiler meanwhile.
		prepared := make(chan *schemas.Prepared, 1)
		programs := make(chan *Program, 1)
		go func() {
			c.initExprs()
			c.typeSettings((<-prepared).Shape(), p.Settings)
			programs <- c.program(p)
		}()
		cs := schemas.Prepare("settings of "+p.Name, doc)
		prepared <- cs
		ss, err = compileSettingsSchema(cs)
		prog = <-programs
	}
	if err != nil {
		// A schema that does not compile types nothing: compile the
		// expressions again without it, so that they are not blamed for
		// its faults.
		c.errs, c.subs = nil, map[*Pipeline]*Program{}
		c.settingsShape, c.settingsType = nil, types.Any
		prog = c.program(p)
		c.errorf(p.schemaPos, "", CodeBadValue, "%s: %s", keySchema, err)
	}
	// The pipeline's own settings are checked once: Compile reports what
	// is wrong with them but a missing setting, and CheckSettings or a
	// run without layers over them gets all of it from the memo.
	errs, missing := ss.check(p.Settings, p.settingsPos, p.settingsAt)
	for i, e := range errs {
		if !missing[i] {
			c.errs = append(c.errs, e)
		}
	}
	if err := c.errs.err(); err != nil {
		return nil, err
	}
	prog.settings = ss
	prog.settingsMemo.answers = []settingsAnswer{{settings: p.Settings, pos: p.settingsPos, err: errs.err()}}
	return prog, nil
}

// initExprs makes c's expression compiler, with the builtins' functions.
func (c *compiler) initExprs() {
	funcs := exprGuards(c.lim)
	for _, f := range c.reg.Funcs() {
		funcs = append(funcs, expr.Function(f.Name, f.Func, f.Types...))
		c.funcNames = append(c.funcNames, f.Name)
	}
	c.exprs = newExprCompiler(funcs)
}

// typeSettings types the settings by sh, the shape of their schema; nil
// leaves them untyped.
func (c *compiler) typeSettings(sh *schemas.Shape, settings map[string]any) {
	if sh != nil {
		c.settingsShape = sh
		c.settingsType = natured(typeOf(sh, true, settings))
	}
}

// compiler compiles one pipeline and its sub-pipelines.
type compiler struct {
	reg           *Registry
	lim           Limits        // the limits of the program, defaults filled
	exprs         *exprCompiler // compiles every expression
	funcNames     []string
	errs          ErrorList
	subs          map[*Pipeline]*Program
	settingsType  types.Type     // what `settings` is to every expression
	settingsShape *schemas.Shape // nil without a settings schema
}

// scope is what an expression may name: the fixed names, the foreach
// elements around it, the step ids before it and the vars set before it.
type scope struct {
	locals     []string
	steps      map[string]bool
	all        map[string]bool // every step id of the pipeline
	vars       map[string]bool
	input      types.Type     // what `input` is
	inputShape *schemas.Shape // nil when the pipeline names no input schema
	// envs are the expression environments of the pipeline's scopes, by
	// their names: every scope of one pipeline shares the map, as its
	// names alone tell two environments apart.
	envs map[string]*exprEnv
}

func (s *scope) names() []string {
	names := append([]string{scopeInput, scopeSettings, scopeSteps, scopeVars}, s.locals...)
	sort.Strings(names)
	return names
}

// exprEnv returns the environment of expressions that see names, with
// settings of type settings, made once per pipeline and names.
func (s *scope) exprEnv(names []string, settings types.Type) *exprEnv {
	key := strings.Join(names, " ")
	if e, ok := s.envs[key]; ok {
		return e
	}
	t := make(types.Map, len(names)+1)
	t[exprRun] = types.Any
	for _, n := range names {
		t[n] = types.Any
	}
	t[scopeSettings], t[scopeInput] = settings, s.input
	e := newExprEnv(t)
	s.envs[key] = e
	return e
}

// localIndex is the name of a foreach element's position, from 0, in its
// body; in nested loops it is the innermost loop's.
const localIndex = "index"

// snapshot returns a copy of s that later steps do not change.
func (s *scope) snapshot() *scope {
	cp := *s
	cp.steps, cp.vars = maps.Clone(s.steps), maps.Clone(s.vars)
	return &cp
}

func (s *scope) with(local string) *scope {
	locals := append([]string(nil), s.locals...)
	if !contains(locals, local) {
		locals = append(locals, local)
	}
	cp := &scope{locals: locals, steps: map[string]bool{}, all: s.all, vars: s.vars, input: s.input, inputShape: s.inputShape, envs: s.envs}
	for id := range s.steps {
		cp.steps[id] = true
	}
	return cp
}

func (c *compiler) program(p *Pipeline) *Program {
	if prog, ok := c.subs[p]; ok {
		return prog
	}
	prog := &Program{pipeline: p, comp: c, limits: c.lim}
	c.subs[p] = prog
	sc := &scope{steps: map[string]bool{}, all: map[string]bool{}, vars: map[string]bool{}, input: types.Any, envs: map[string]*exprEnv{}}
	if p.Input != "" {
		sh, err := schemas.ShapeOf(inputSchema(p.Input))
		if err != nil {
			c.errorf(p.inputPos, "", CodeNotFound, "input %q: no schema %s (see `sevenflow schema list`)", p.Input, inputSchema(p.Input))
		} else {
			sc.input, sc.inputShape = natured(typeOf(sh, true, nil)), sh
		}
	}
	walkSteps(p.Steps, func(s *Step) { sc.all[s.ID] = true })
	prog.steps = c.steps(p.Steps, sc)
	return prog
}

func (c *compiler) steps(steps []*Step, sc *scope) []*cstep {
	out := make([]*cstep, 0, len(steps))
	for _, s := range steps {
		out = append(out, c.step(s, sc))
		sc.steps[s.ID] = true
	}
	return out
}

func (c *compiler) step(s *Step, sc *scope) *cstep {
	cs := &cstep{Step: s, scope: sc.snapshot()}
	if s.When != nil {
		cs.when = c.expr(s.When, s.ID, sc, true)
	}
	switch s.Kind {
	case KindCall:
		cs.builtin = c.builtin(s)
		cs.with = c.value(s.With, s.ID, sc)
		cs.hook = c.hook(s, sc)
	case KindScript:
		cs.hook = c.hook(s, sc)
	case KindSwitch:
		for _, k := range s.Cases {
			cc := ccase{Case: k}
			if k.When != nil {
				cc.when = c.expr(k.When, s.ID, sc, true)
			}
			cc.steps = c.steps(k.Steps, sc)
			cs.cases = append(cs.cases, cc)
		}
	case KindForeach:
		cs.each = c.expr(s.Foreach, s.ID, sc, false)
		if contains(sc.names(), s.As) || s.As == localIndex {
			at := s.KeyPos[keyAs]
			if !at.IsValid() { // the default name, hidden by an outer foreach's
				at = s.KeyPos[string(KindForeach)]
			}
			c.errorf(at, s.ID, CodeBadValue, "as %q hides the name %q", s.As, s.As)
		}
		cs.body = c.steps(s.Steps, sc.with(s.As).with(localIndex))
		walkSteps(s.Steps, func(b *Step) { cs.bodyIDs = append(cs.bodyIDs, b.ID) })
	case KindSet:
		for _, b := range s.Set {
			cs.set = append(cs.set, cbinding{name: b.Name, value: c.value(b.Value, s.ID, sc)})
		}
		for _, b := range s.Set {
			sc.vars[b.Name] = true
		}
	case KindUse:
		cs.with = c.value(s.With, s.ID, sc)
		if s.Sub != nil {
			cs.sub = c.program(s.Sub)
		}
	case KindAssert:
		cs.assert = c.expr(s.Assert, s.ID, sc, true)
	}
	if s.Pointer != nil {
		cs.pointer = c.expr(s.Pointer, s.ID, sc, false)
	}
	return cs
}

func (c *compiler) builtin(s *Step) Builtin {
	b, ok := c.reg.Call(s.Call)
	if !ok {
		c.errorf(s.KeyPos[string(KindCall)], s.ID, CodeUnknownBuiltin, "unknown builtin `%s`%s", s.Call, didYouMean(s.Call, c.reg.CallNames()))
		return nil
	}
	if ac, ok := b.(ArgsChecker); ok && s.Script == nil { // a hook's keys are known when it runs
		var keys []string
		if s.With != nil {
			keys = s.With.Keys
		}
		if err := ac.CheckArgs(keys); err != nil {
			at := s.KeyPos[keyWith]
			if !at.IsValid() {
				at = s.KeyPos[string(KindCall)]
			}
			c.errs = append(c.errs, &Error{Pos: at, Step: s.ID, Code: CodeBadArgs, Err: fmt.Errorf("with: %w", err)})
		}
	}
	return b
}

func (c *compiler) value(v *Value, step string, sc *scope) *cvalue {
	if v == nil {
		return nil
	}
	cv := &cvalue{kind: v.kind, keys: v.Keys}
	switch v.kind {
	case valueExpr:
		if v.Expr != nil {
			cv.expr = c.expr(v.Expr, step, sc, false)
		}
	case valueMap:
		for _, x := range v.Map {
			cv.vals = append(cv.vals, c.value(x, step, sc))
		}
	case valueList:
		for _, x := range v.List {
			cv.vals = append(cv.vals, c.value(x, step, sc))
		}
	}
	return cv
}

// inputSchema is the name in package schemas of the input schema a
// pipeline's `input` key names.
func inputSchema(name string) string { return "input/" + name }

func (c *compiler) errorf(at Pos, step, code, format string, args ...any) {
	c.errs = append(c.errs, &Error{Pos: at, Step: step, Code: code, Err: fmt.Errorf(format, args...)})
}
