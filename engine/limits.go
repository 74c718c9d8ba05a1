package engine

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// keyLimits is the top-level key of a pipeline that sets its limits.
const keyLimits = "limits"

// Limits bound what loading, compiling and running a pipeline may take, so
// that a hostile or mistaken pipeline, hook or order ends in an error that
// names the limit rather than in a crash, a hang or an exhausted machine.
// A field that is 0 takes its default (see LimitDocs); no field may exceed
// its maximum.
//
// A pipeline sets them under its `limits:` key (merged along `extends`,
// the merchant's file winning); WithLimits sets them for a whole load (the
// CLI's --limit flag), over the pipeline's. The limits of reading YAML
// (FileBytes, YAMLAliasNodes, YAMLDepth) apply while the file itself is
// read, so only WithLimits sets them.
type Limits struct {
	FileBytes       int // the size of a pipeline file or settings file
	YAMLAliasNodes  int // YAML nodes that aliases add, counted at every use
	YAMLDepth       int // how deeply a YAML document nests, aliases expanded
	ExprBytes       int // the source of one expression
	ExprDepth       int // how deeply an expression nests
	StringBytes     int // a string that an expression or a hook builds
	MemoryBytes     int // what one run's expressions and hooks build, in total
	Steps           int // steps one run starts, each iteration's counted
	Iterations      int // foreach iterations of one run, nested ones counted
	HookBytes       int // the source of one hook
	HookDepth       int // how deeply a hook's source nests
	HookOutputBytes int // the value a hook returns
	HookOutputDepth int // how deeply the value a hook returns nests
	InputBytes      int // one order of a run's input, as JSON
	InputDepth      int // how deeply one order nests
}

// Sizes used by the limits' defaults.
const (
	kib = 1 << 10
	mib = 1 << 20
	gib = 1 << 30
)

// limitDef describes one limit: its YAML name, default, maximum, unit and
// field.
type limitDef struct {
	name  string
	def   int
	max   int
	bytes bool // a size, printed with KiB/MiB
	load  bool // applies while YAML is read: set only with WithLimits
	doc   string
	field func(*Limits) *int
}

// limitDefs lists every limit in the order the docs show them.
var limitDefs = []limitDef{
	{"file_bytes", 1 * mib, 16 * mib, true, true, "size of a pipeline or settings file (YAML)", func(l *Limits) *int { return &l.FileBytes }},
	{"yaml_alias_nodes", 100_000, 10_000_000, false, true, "YAML nodes that aliases add, counted at every use", func(l *Limits) *int { return &l.YAMLAliasNodes }},
	{"yaml_depth", 100, 1000, false, true, "nesting of a YAML document, aliases expanded", func(l *Limits) *int { return &l.YAMLDepth }},
	{"expr_bytes", 4 * kib, 64 * kib, true, false, "source of one expression", func(l *Limits) *int { return &l.ExprBytes }},
	{"expr_depth", 64, 1000, false, false, "nesting of one expression: brackets, unary operators, ternaries", func(l *Limits) *int { return &l.ExprDepth }},
	{"string_bytes", 1 * mib, 64 * mib, true, false, "a string an expression builds (+, repeat, replace, join, toJSON, ...), or a hook builds in one step (repeat, padStart, padEnd, concat, replace, join, JSON.stringify)", func(l *Limits) *int { return &l.StringBytes }},
	{"memory_bytes", 64 * mib, 1 * gib, true, false, "what one run builds: strings made by expressions, values stored by set and with, hook results; and how far a hook may grow the heap while it runs", func(l *Limits) *int { return &l.MemoryBytes }},
	{"steps", 10_000, 10_000_000, false, false, "steps one run starts, each iteration's and sub-pipeline's counted", func(l *Limits) *int { return &l.Steps }},
	{"iterations", 10_000, 10_000_000, false, false, "foreach iterations of one run, nested loops counted", func(l *Limits) *int { return &l.Iterations }},
	{"hook_bytes", 64 * kib, 1 * mib, true, false, "source of one hook", func(l *Limits) *int { return &l.HookBytes }},
	{"hook_depth", 64, 1000, false, false, "nesting of a hook's source: brackets, unary operators, ternaries, arrows", func(l *Limits) *int { return &l.HookDepth }},
	{"hook_output_bytes", 1 * mib, 64 * mib, true, false, "the value a hook returns or logs, as JSON would size it", func(l *Limits) *int { return &l.HookOutputBytes }},
	{"hook_output_depth", 64, 1000, false, false, "nesting of the value a hook returns or logs", func(l *Limits) *int { return &l.HookOutputDepth }},
	{"input_bytes", 4 * mib, 256 * mib, true, false, "one order of a run's input, as JSON", func(l *Limits) *int { return &l.InputBytes }},
	{"input_depth", 64, 1000, false, false, "nesting of one order", func(l *Limits) *int { return &l.InputDepth }},
}

// LimitDoc describes one limit for documentation and help text.
type LimitDoc struct {
	Name    string // the name under `limits:` and in --limit NAME=VALUE
	Default string // the default, such as "1 MiB" or "10000"
	Max     string // the largest value allowed
	Doc     string // what it bounds
	// LoadOnly is true for the limits of reading YAML, which only the
	// loader's WithLimits (the CLI's --limit) sets.
	LoadOnly bool
}

// LimitDocs returns every limit with its default, in the order the docs
// list them.
func LimitDocs() []LimitDoc {
	out := make([]LimitDoc, len(limitDefs))
	for i, d := range limitDefs {
		out[i] = LimitDoc{Name: d.name, Default: d.format(d.def), Max: d.format(d.max), Doc: d.doc, LoadOnly: d.load}
	}
	return out
}

// DefaultLimits returns the limits with every field at its default.
func DefaultLimits() Limits {
	var l Limits
	for _, d := range limitDefs {
		*d.field(&l) = d.def
	}
	return l
}

// defaultLimits is DefaultLimits(), made once for the hot paths that
// need it.
var defaultLimits = DefaultLimits()

// withDefaults returns l with every unset field at its default.
func (l Limits) withDefaults() Limits {
	for _, d := range limitDefs {
		if f := d.field(&l); *f == 0 {
			*f = d.def
		}
	}
	return l
}

// over returns l with every field that o sets replaced by o's.
func (l Limits) over(o Limits) Limits {
	for _, d := range limitDefs {
		if v := *d.field(&o); v != 0 {
			*d.field(&l) = v
		}
	}
	return l
}

// Set sets the limit called name to value: a positive integer, or a size
// such as 512KiB, 4MiB or 1GiB. It is how the CLI's --limit NAME=VALUE
// reads a limit.
func (l *Limits) Set(name, value string) error {
	d, ok := findLimit(name)
	if !ok {
		return fmt.Errorf("unknown limit %q%s", name, didYouMean(name, limitNames()))
	}
	n, err := d.parse(value)
	if err != nil {
		return err
	}
	*d.field(l) = n
	return nil
}

// String lists the limits l sets, as NAME=VALUE separated by spaces.
func (l Limits) String() string {
	var parts []string
	for _, d := range limitDefs {
		if v := *d.field(&l); v != 0 {
			parts = append(parts, d.name+"="+d.format(v))
		}
	}
	return strings.Join(parts, " ")
}

func findLimit(name string) (limitDef, bool) {
	for _, d := range limitDefs {
		if d.name == name {
			return d, true
		}
	}
	return limitDef{}, false
}

func limitNames() []string {
	names := make([]string, len(limitDefs))
	for i, d := range limitDefs {
		names[i] = d.name
	}
	return sorted(names)
}

// parse reads a value of the limit: an integer, or for a size an integer
// with a unit (B, KiB, MiB, GiB, KB, MB, GB).
func (d limitDef) parse(s string) (int, error) {
	s = strings.TrimSpace(s)
	num, unit := s, ""
	if i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '_' }); i >= 0 {
		num, unit = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
	}
	mult := 1
	switch strings.ToLower(unit) {
	case "":
	case "b":
	case "kib":
		mult = kib
	case "mib":
		mult = mib
	case "gib":
		mult = gib
	case "kb":
		mult = 1000
	case "mb":
		mult = 1000_000
	case "gb":
		mult = 1000_000_000
	default:
		return 0, fmt.Errorf("limit %s: want a positive number%s, not %q", d.name, d.unitHint(), s)
	}
	if mult != 1 && !d.bytes {
		return 0, fmt.Errorf("limit %s: want a number, not %q", d.name, s)
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(num, "_", ""), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("limit %s: want a positive number%s, not %q", d.name, d.unitHint(), s)
	}
	if n > int64(d.max)/int64(mult) || int(n)*mult > d.max {
		return 0, fmt.Errorf("limit %s: at most %s, not %s", d.name, d.format(d.max), s)
	}
	return int(n) * mult, nil
}

func (d limitDef) unitHint() string {
	if d.bytes {
		return " of bytes such as 4096 or 64KiB"
	}
	return ""
}

// format prints a value of the limit: sizes in KiB, MiB or GiB when they
// are whole.
func (d limitDef) format(n int) string {
	if d.bytes {
		return formatBytes(n)
	}
	return strconv.Itoa(n)
}

// formatBytes prints n bytes as "64 KiB", "1 MiB" or "1500 bytes".
func formatBytes(n int) string {
	switch {
	case n >= gib && n%gib == 0:
		return fmt.Sprintf("%d GiB", n/gib)
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= kib && n%kib == 0:
		return fmt.Sprintf("%d KiB", n/kib)
	}
	return fmt.Sprintf("%d bytes", n)
}

// LimitError is the cause of an *Error that a limit stopped: which limit,
// its value, and what went over it. Its message says how to raise it.
type LimitError struct {
	Name  string // the limit's name, such as "expr_depth"
	Limit int    // its value
	What  string // what went over it, such as "expression nests 80 levels deep"
}

// Error returns "WHAT: over the limit NAME = VALUE (raise it ...)".
func (e *LimitError) Error() string {
	d, _ := findLimit(e.Name)
	how := fmt.Sprintf("raise it under `%s:` in the pipeline", keyLimits)
	if d.load {
		how = fmt.Sprintf("raise it with --limit %s=N", e.Name)
	}
	return fmt.Sprintf("%s: over the limit %s = %s (%s)", e.What, e.Name, d.format(e.Limit), how)
}

// overLimit returns the *LimitError of limit name (of value limit) for what.
func overLimit(name string, limit int, format string, args ...any) *LimitError {
	return &LimitError{Name: name, Limit: limit, What: fmt.Sprintf(format, args...)}
}

// limitsKey reads a pipeline's `limits:` mapping: each known limit that a
// pipeline may set, with its value.
func (p *parser) limitsKey(n *yaml.Node) (Limits, map[string]Pos) {
	var l Limits
	pos := map[string]Pos{}
	p.mapping(n, limitNames(), func(key string, k, v *yaml.Node) {
		d, _ := findLimit(key)
		if d.load {
			p.errorf(k, CodeBadValue, "%s: %s applies while a file is read, so only --limit %s=N sets it", keyLimits, key, key)
			return
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			p.errorf(v, CodeBadValue, "%s: %s: want a number%s, not %s", keyLimits, key, d.unitHint(), describe(v))
			return
		}
		x, err := d.parse(v.Value)
		if err != nil {
			p.errorf(v, CodeBadValue, "%s: %s", keyLimits, strings.TrimPrefix(err.Error(), "limit "))
			return
		}
		*d.field(&l) = x
		pos[key] = p.pos(k)
	})
	return l, pos
}
