package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sevenflow/sevenflow/engine"
)

// settingsBase is a shipped-style workflow that declares the settings it
// reads; the shops below extend it.
const settingsBase = `pipeline: base
settings_schema:
  type: object
  additionalProperties: false
  required: [warehouse]
  properties:
    label: { enum: [sevensenders, own], description: 7S label or own }
    flex: { type: boolean }
    return_portal: { enum: [pro, light, none] }
    warehouse:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name: { type: string, description: the warehouse's name in the 7S account }
        country: { type: string }
settings:
  label: sevensenders
  flex: false
  return_portal: none
steps:
  - id: flexed
    when: settings.flex
    set: { x: settings.label }
`

// loadShop loads src as shop.yaml next to base.yaml.
func loadShop(tb testing.TB, src string) (*engine.Pipeline, error) {
	tb.Helper()
	fsys := fstest.MapFS{"base.yaml": {Data: []byte(settingsBase)}}
	return engine.Load("shop.yaml", []byte(src), engine.WithFS("pipelines", fsys))
}

// TestSettingsSchema checks the errors of a shop's settings against the
// schema its workflow declares: each at the shop file's line and column,
// with the setting's dotted name and, for an unknown one, the closest
// known name.
func TestSettingsSchema(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"ok", "pipeline: shop\nextends: base\nsettings:\n  flex: true\n  warehouse: { name: Main }\n", ""},
		{"unknown", "pipeline: shop\nextends: base\nsettings:\n  flexx: true\n",
			"shop.yaml:4:3: unknown setting flexx, did you mean flex? [settings]"},
		{"unknown nested", "pipeline: shop\nextends: base\nsettings:\n  warehouse:\n    nmae: Main\n",
			"shop.yaml:5:5: unknown setting warehouse.nmae, did you mean warehouse.name? [settings]"},
		{"misspelt key", "pipeline: shop\nextends: base\nsettings:\n  retrun_portal: pro\n",
			"shop.yaml:4:3: unknown setting retrun_portal, did you mean return_portal? [settings]"},
		{"enum", "pipeline: shop\nextends: base\nsettings:\n  return_portal: lite\n",
			`shop.yaml:4:18: setting return_portal: must be one of "pro", "light", "none" [settings]`},
		{"type", "pipeline: shop\nextends: base\nsettings:\n  flex: yes please\n",
			"shop.yaml:4:9: setting flex: expected boolean, got string [settings]"},
		{"expression type", "pipeline: shop\nextends: base\nsteps:\n  - id: mine\n    when: settings.flex + 1\n    set: { y: 1 }\n",
			"shop.yaml:5:25: step \"mine\": invalid operation: + (mismatched types bool and int) [type]"},
		{"expression not boolean", "pipeline: shop\nextends: base\nsteps:\n  - id: mine\n    when: settings.label\n    set: { y: 1 }\n",
			"shop.yaml:5:11: step \"mine\": expected bool, but got string [type]"},
		{"expression unknown setting", "pipeline: shop\nextends: base\nsteps:\n  - id: mine\n    when: settings.flexx\n    set: { y: 1 }\n",
			"shop.yaml:5:20: step \"mine\": unknown setting `flexx`, did you mean `flex`? [unknown_name]"},
		// A schema that does not compile is the one error: the
		// expressions are not typed by it.
		{"schema that does not compile", "pipeline: shop\nsettings_schema:\n  type: object\n  additionalProperties: false\n" +
			"  properties:\n    code: { type: string, pattern: '(' }\nsteps:\n  - id: mine\n    when: settings.nope\n    set: { y: 1 }\n",
			"shop.yaml:2:1: settings_schema: schema settings of shop: jsonschema https://sevenflow.dev/schemas/inline/f0f8fdb8a4a988d0b869d05b.json compilation failed: " +
				"'/properties/code/pattern' does not validate with https://json-schema.org/draft/2020-12/schema#/allOf/1/$ref/properties/properties/additionalProperties/$dynamicRef/allOf/3/$ref/properties/pattern/format: " +
				"'(' is not valid 'regex' [bad_value]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := loadShop(t, tc.src)
			if err == nil {
				_, err = engine.Compile(p, testRegistry(t))
			}
			var got []string
			for _, e := range engine.Errors(err) {
				got = append(got, e.Error()+" ["+e.Code+"]")
			}
			if strings.Join(got, "\n") != tc.want {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), tc.want)
			}
		})
	}
}

// flexShop compiles a shop that extends base and sets only flex: its
// warehouse, which base requires, is for a run's layers to give.
func flexShop(t *testing.T) *engine.Program {
	t.Helper()
	p, err := loadShop(t, "pipeline: shop\nextends: base\nsettings:\n  flex: true\n")
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// TestCheckSettings checks what only a run can know: a required setting the
// shop left out, and settings given for one run (a settings file, --set)
// with errors at the place each was written.
func TestCheckSettings(t *testing.T) {
	prog := flexShop(t)
	file, err := engine.LoadSettings("more.yaml", []byte("warehouse:\n  name: Main\n  contry: DE\n"))
	if err != nil {
		t.Fatal(err)
	}
	flag, err := engine.ParseSetting("label=lite", engine.Pos{File: "--set label=lite"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		layers []*engine.Settings
		want   string
	}{
		{"missing", nil, "shop.yaml:3:1: missing setting warehouse"},
		{"layers", []*engine.Settings{file, flag}, "--set label=lite: setting label: must be one of \"sevensenders\", \"own\"\n" +
			"more.yaml:3:3: unknown setting warehouse.contry, did you mean warehouse.country?"},
		// A program keeps the answer for its last layers: other layers
		// are checked anew.
		{"missing again", nil, "shop.yaml:3:1: missing setting warehouse"},
		{"file alone", []*engine.Settings{file}, "more.yaml:3:3: unknown setting warehouse.contry, did you mean warehouse.country?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []engine.RunOption
			for _, l := range tc.layers {
				opts = append(opts, engine.WithSettingsLayer(l))
			}
			_, err := prog.CheckSettings(opts...)
			var got []string
			for _, e := range engine.Errors(err) {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != tc.want {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), tc.want)
			}
			trace, runErr := prog.Run(context.Background(), nil, opts...)
			if runErr == nil || trace.Status != engine.StatusFailed || len(trace.Summary().Steps) != 0 {
				t.Errorf("run: %v, steps %v: want a failure before the first step", runErr, trace.Summary().Steps)
			}
		})
	}
}

// TestSettingsKept checks that a program checks each set of settings
// layers once while a process goes round a few of them, as one that runs
// the orders of several shops does; going round more sets than it keeps
// (20) checks each again.
func TestSettingsKept(t *testing.T) {
	prog := flexShop(t)
	shops := make([][]engine.RunOption, 20)
	for i := range shops {
		name := fmt.Sprintf("W%d", i)
		s, err := engine.LoadSettings(name+".yaml", []byte("warehouse:\n  name: "+name+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		shops[i] = []engine.RunOption{engine.WithSettingsLayer(s)}
	}
	goRound := func(shops [][]engine.RunOption) float64 {
		return testing.AllocsPerRun(5, func() {
			for i, opts := range shops {
				got, err := prog.CheckSettings(opts...)
				if err != nil {
					t.Fatal(err)
				}
				if w, _ := got["warehouse"].(map[string]any); w["name"] != fmt.Sprintf("W%d", i) || got["flex"] != true {
					t.Fatalf("shop %d: settings %v", i, got)
				}
			}
		}) / float64(len(shops))
	}
	few, many := goRound(shops[:3]), goRound(shops)
	if few > many/10 {
		t.Errorf("a check going round 3 shops' settings: %.1f allocations, round 20: %.1f; want the 3 answers kept", few, many)
	}
}

// TestLoadSettingsKeys checks that a setting's name must be a string, as
// JSON has it, at the key's position: an unquoted 1 or true is not.
func TestLoadSettingsKeys(t *testing.T) {
	_, err := engine.LoadSettings("s.yaml", []byte("customs:\n  arrival_country_customs_id:\n    1: X\n    \"2\": Y\n"))
	want := `s.yaml:3:5: settings: a name is a string, not "1": quote it`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}
