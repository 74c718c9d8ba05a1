package engine_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sevenflow/sevenflow/engine"
)

// laughs is the billion laughs: nine levels of nine aliases of the level
// before, 434 bytes that stand for 9^9 strings.
func laughs(indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n", indent)
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "%sl%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n", indent, i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	return b.String()
}

// TestYAMLLimits loads files that the limits of reading YAML stop, with
// the whole error of each.
func TestYAMLLimits(t *testing.T) {
	deep := "pipeline: deep\nsettings:\n  a: " + strings.Repeat("[", 150) + strings.Repeat("]", 150) + "\n"
	tests := []struct {
		name, src string
		limits    engine.Limits
		want      string
	}{
		{
			name: "alias bomb in set",
			src:  "pipeline: bomb\nsteps:\n  - set:\n" + laughs("      "),
			want: `pipeline.yaml:9:16: aliases expand to more than 100000 nodes, the last *l4: over the limit yaml_alias_nodes = 100000 (raise it with --limit yaml_alias_nodes=N) [limit]`,
		},
		{
			name: "alias bomb in with",
			src:  "pipeline: bomb\nsteps:\n  - call: test.echo\n    with:\n" + laughs("      "),
			want: `pipeline.yaml:10:16: aliases expand to more than 100000 nodes, the last *l4: over the limit yaml_alias_nodes = 100000 (raise it with --limit yaml_alias_nodes=N) [limit]`,
		},
		{
			name: "billion laughs in settings",
			src:  "pipeline: bomb\nsettings:\n" + laughs("  "),
			want: `pipeline.yaml:8:12: aliases expand to more than 100000 nodes, the last *l4: over the limit yaml_alias_nodes = 100000 (raise it with --limit yaml_alias_nodes=N) [limit]`,
		},
		{
			name:   "a raised alias limit",
			src:    "pipeline: bomb\nsettings:\n" + laughs("  "),
			limits: engine.Limits{YAMLAliasNodes: 1_000_000},
			want:   `pipeline.yaml:9:12: aliases expand to more than 1000000 nodes, the last *l5: over the limit yaml_alias_nodes = 1000000 (raise it with --limit yaml_alias_nodes=N) [limit]`,
		},
		{
			name: "deep",
			src:  deep,
			want: `pipeline.yaml:3:103: YAML nests deeper than 100 levels: over the limit yaml_depth = 100 (raise it with --limit yaml_depth=N) [limit]`,
		},
		{
			name: "deep through an alias",
			src:  "pipeline: deep\nsettings:\n  a: &a " + strings.Repeat("[", 60) + strings.Repeat("]", 60) + "\n  b: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
			want: `pipeline.yaml:4:47: alias *a nests the document deeper than 100 levels: over the limit yaml_depth = 100 (raise it with --limit yaml_depth=N) [limit]`,
		},
		{
			name:   "file too large",
			src:    "pipeline: big\ndescription: " + strings.Repeat("x", 2000) + "\n",
			limits: engine.Limits{FileBytes: 1000},
			want:   `pipeline.yaml:1:1: file of 2028 bytes: over the limit file_bytes = 1000 bytes (raise it with --limit file_bytes=N) [limit]`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.Load("pipeline.yaml", []byte(tc.src), engine.WithLimits(tc.limits))
			if got := errText(err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestLimitsKey reads the `limits` key: its values, merged along extends
// with the merchant's file winning and WithLimits over both, and its
// errors.
func TestLimitsKey(t *testing.T) {
	shipped := fstest.MapFS{"base.yaml": {Data: []byte("pipeline: base\nlimits: { steps: 100, expr_depth: 10 }\n")}}
	tests := []struct {
		name, src string
		opts      engine.Limits
		want      engine.Limits
		err       string
	}{
		{name: "values", src: "pipeline: p\nlimits:\n  string_bytes: 64KiB\n  memory_bytes: 2 MiB\n  iterations: 50_000\n",
			want: engine.Limits{StringBytes: 64 << 10, MemoryBytes: 2 << 20, Iterations: 50000}},
		{name: "extends", src: "pipeline: p\nextends: base\nlimits: { steps: 200 }\n",
			want: engine.Limits{Steps: 200, ExprDepth: 10}},
		{name: "WithLimits over the files", src: "pipeline: p\nextends: base\nlimits: { steps: 200 }\n", opts: engine.Limits{Steps: 300, HookBytes: 1000},
			want: engine.Limits{Steps: 300, ExprDepth: 10, HookBytes: 1000}},
		{name: "unknown", src: "pipeline: p\nlimits: { stpes: 1 }\n",
			err: "p.yaml:2:11: unknown key `stpes`, did you mean `steps`? [unknown_key]"},
		{name: "load limit", src: "pipeline: p\nlimits: { file_bytes: 1 }\n",
			err: "p.yaml:2:11: limits: file_bytes applies while a file is read, so only --limit file_bytes=N sets it [bad_value]"},
		{name: "not a number", src: "pipeline: p\nlimits: { steps: many }\n",
			err: `p.yaml:2:18: limits: steps: want a positive number, not "many" [bad_value]`},
		{name: "unit on a count", src: "pipeline: p\nlimits: { steps: 1KiB }\n",
			err: `p.yaml:2:18: limits: steps: want a number, not "1KiB" [bad_value]`},
		{name: "over the maximum", src: "pipeline: p\nlimits: { memory_bytes: 2GiB }\n",
			err: `p.yaml:2:25: limits: memory_bytes: at most 1 GiB, not 2GiB [bad_value]`},
		{name: "zero", src: "pipeline: p\nlimits: { steps: 0 }\n",
			err: `p.yaml:2:18: limits: steps: want a positive number, not "0" [bad_value]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := engine.Load("p.yaml", []byte(tc.src), engine.WithFS("pipelines", shipped), engine.WithLimits(tc.opts))
			if got := errText(err); got != tc.err {
				t.Fatalf("got  %s\nwant %s", got, tc.err)
			}
			if err == nil && p.Limits != tc.want {
				t.Errorf("limits %v, want %v", p.Limits, tc.want)
			}
		})
	}
}

// TestLimitsSet reads limits as --limit NAME=VALUE gives them.
func TestLimitsSet(t *testing.T) {
	tests := []struct{ name, value, want, err string }{
		{name: "steps", value: "20", want: "steps=20"},
		{name: "hook_bytes", value: "128KiB", want: "hook_bytes=128 KiB"},
		{name: "input_bytes", value: "10MB", want: "input_bytes=10000000 bytes"},
		{name: "file_bytes", value: "2 MiB", want: "file_bytes=2 MiB"},
		{name: "step", value: "1", err: `unknown limit "step", did you mean ` + "`steps`?"},
		{name: "steps", value: "-1", err: `limit steps: want a positive number, not "-1"`},
		{name: "expr_bytes", value: "1TB", err: `limit expr_bytes: want a positive number of bytes such as 4096 or 64KiB, not "1TB"`},
		{name: "expr_bytes", value: "1MiB", err: `limit expr_bytes: at most 64 KiB, not 1MiB`},
		{name: "expr_bytes", value: "4 parsecs", err: `limit expr_bytes: want a positive number of bytes such as 4096 or 64KiB, not "4 parsecs"`},
	}
	for _, tc := range tests {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			var l engine.Limits
			err := l.Set(tc.name, tc.value)
			if got := fmt.Sprint(err); err != nil && got != tc.err || err == nil && tc.err != "" {
				t.Fatalf("error %v, want %s", err, tc.err)
			}
			if err == nil && l.String() != tc.want {
				t.Errorf("got %s, want %s", l, tc.want)
			}
		})
	}
}

// TestSettingsDecode reads settings as yaml.v3 would, merge keys and all,
// with the errors yaml.v3 finds, at their keys.
func TestSettingsDecode(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]any
		err       string
	}{
		{name: "scalars", src: "n: ~\nt: true\nf: 1.5\ni: 7\ns: '7'\nd: 2024-01-15\n",
			want: map[string]any{"n": nil, "t": true, "f": 1.5, "i": 7, "s": "7", "d": time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)}},
		{name: "duplicate", src: "a: 1\nb: 2\na: 3\n", err: "s.yaml:3:1: settings: duplicate key `a` (first at line 1) [bad_value]"},
		{name: "no merges", src: "a: &a { x: 1 }\nb:\n  <<: *a\n", err: `s.yaml:3:3: settings: a name is a string, not "<<": quote it [bad_value]`},
		{name: "key through an alias", src: "a: &a { 1: x }\n", err: `s.yaml:1:9: settings: a name is a string, not "1": quote it [bad_value]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := engine.LoadSettings("s.yaml", []byte(tc.src))
			if got := errText(err); got != tc.err {
				t.Fatalf("got  %s\nwant %s", got, tc.err)
			}
			if err == nil && !reflect.DeepEqual(s.Values, tc.want) {
				t.Errorf("got  %#v\nwant %#v", s.Values, tc.want)
			}
		})
	}
}

// TestSchemaMerge reads a settings_schema that merges mappings with <<,
// as yaml.v3 would.
func TestSchemaMerge(t *testing.T) {
	src := `pipeline: p
settings_schema:
  $defs:
    code: &code { type: string, minLength: 2 }
  properties:
    a: { <<: *code, maxLength: 3 }
    b: { <<: [{ type: integer }, *code] }
    c: { <<: 1 }
`
	p, err := engine.Load("p.yaml", []byte(src))
	if got, want := errText(err), `p.yaml:8:14: settings_schema: << merges a mapping or a list of mappings, not "1" [bad_value]`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	props := p.SettingsSchema["properties"].(map[string]any)
	want := map[string]any{
		"a": map[string]any{"type": "string", "minLength": 2, "maxLength": 3},
		"b": map[string]any{"type": "integer", "minLength": 2},
	}
	delete(props, "c")
	if !reflect.DeepEqual(props, want) {
		t.Errorf("got  %#v\nwant %#v", props, want)
	}
}

// TestSettingsLargeMapping decodes a mapping of many keys, which yaml.v3
// would check pair by pair.
func TestSettingsLargeMapping(t *testing.T) {
	var b strings.Builder
	for i := range 50_000 {
		fmt.Fprintf(&b, "k%d: %d\n", i, i)
	}
	s, err := engine.LoadSettings("s.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Values) != 50_000 || s.Values["k49999"] != 49999 {
		t.Errorf("%d settings, k49999 = %v", len(s.Values), s.Values["k49999"])
	}
}
