package pipelines_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/pipelines"
	"github.com/sevenflow/sevenflow/schemas"
)

var update = flag.Bool("update", false, "rewrite the generated sections of docs/pipelines.md")

// The documents these tests keep true.
const (
	pipelinesDoc = "../docs/pipelines.md"
	inputDoc     = "../docs/input.md"
)

// workflows are the shipped pipelines a shop extends (or runs by name);
// docs/pipelines.md has a settings table for each.
var workflows = []string{"standard", "label-sync", "label-async", "own-label", "return-portal", "analytics", "pudo-checkout"}

// subPipelines are the other shipped pipelines: the defaults and what the
// workflows `use`. They have no table of their own.
var subPipelines = []string{"defaults", "prepare", "order", "dispatch", "customs", "return-portal-pro", "boarding", "pudo-location", "analytics-states"}

// manyValues is how many allowed values a table lists; a longer enum
// (the ISO country codes, the 002 carrier table) is named by its
// definition in schemas/defs.json and its size.
const manyValues = 13

// defsRef is how a settings schema refers to a shared definition.
const defsRef = "https://sevenflow.dev/schemas/defs.json#/$defs/"

// TestDocsSettings checks each workflow's settings table in
// docs/pipelines.md, between `<!-- settings NAME -->` and
// `<!-- end settings NAME -->`, against the table rendered from the
// workflow's effective settings schema; -update rewrites the tables.
func TestDocsSettings(t *testing.T) {
	src, err := os.ReadFile(pipelinesDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	for _, name := range workflows {
		t.Run(name, func(t *testing.T) {
			prog, docs := compile(t, name)
			shape := prog.SettingsShape()
			if shape == nil {
				t.Fatalf("%s declares no settings_schema", name)
			}
			want := renderTable(shape, prog.Pipeline().Settings, docs)
			start, end, ok := section(doc, beginMarker(name), endMarker(name))
			if !ok {
				t.Fatalf("%s has no section for %s: add the lines %q and %q where its table goes (go test -update fills it)",
					pipelinesDoc, name, beginMarker(name), endMarker(name))
			}
			got := doc[start:end]
			for _, setting := range tableSettings(got) {
				if shape.At(strings.Split(setting, ".")...) == nil {
					t.Errorf("%s lists setting %s, which the settings schema of %s does not declare", pipelinesDoc, setting, name)
				}
			}
			if got == want {
				return
			}
			if *update {
				doc = doc[:start] + want + doc[end:]
				return
			}
			t.Errorf("%s: the settings of %s differ from its schema (go test ./pipelines -update rewrites them):\n%s",
				pipelinesDoc, name, diff.Diff("docs", []byte(got), "schema", []byte(want)))
		})
	}
	if *update && doc != string(src) {
		if err := os.WriteFile(pipelinesDoc, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDocsSectionsKnown fails on a settings or graph section of docs/pipelines.md
// that names no shipped workflow, and on a shipped pipeline that is
// neither a workflow nor a sub-pipeline here, so that a new one gets its
// table.
func TestDocsSectionsKnown(t *testing.T) {
	src, err := os.ReadFile(pipelinesDoc)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`<!-- (?:end )?(?:settings|graph) (\S+) -->`).FindAllStringSubmatch(string(src), -1) {
		if !slices.Contains(workflows, m[1]) {
			t.Errorf("%s: %s names no shipped workflow", pipelinesDoc, m[0])
		}
	}
	files, err := fs.Glob(pipelines.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(f, ".yaml")
		if !slices.Contains(workflows, name) && !slices.Contains(subPipelines, name) {
			t.Errorf("pipelines/%s is neither a workflow nor a sub-pipeline in docs_test.go: add it to one list (a workflow gets a settings table in %s)", f, pipelinesDoc)
		}
	}
}

// TestInputExamples validates every ```json block of docs/input.md
// against the input schema.
func TestInputExamples(t *testing.T) {
	src, err := os.ReadFile(inputDoc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllSubmatchIndex(src, -1)
	if len(blocks) == 0 {
		t.Fatalf("%s has no ```json examples", inputDoc)
	}
	for _, b := range blocks {
		line := 1 + bytes.Count(src[:b[0]], []byte("\n"))
		var v any
		if err := json.Unmarshal(src[b[2]:b[3]], &v); err != nil {
			t.Errorf("%s:%d: %v", inputDoc, line, err)
			continue
		}
		if err := schemas.Validate("input/order", v); err != nil {
			t.Errorf("%s:%d: %v", inputDoc, line, err)
		}
	}
}

// compile loads the shipped pipeline name as the CLI does and compiles it
// with every builtin. It also returns the settings_schema documents of the
// pipeline and of every pipeline it uses, for what the merged shape does
// not keep (const, the types of anyOf).
func compile(t testing.TB, name string) (*engine.Program, []map[string]any) {
	t.Helper()
	file := name + ".yaml"
	src, err := fs.ReadFile(pipelines.FS, file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := engine.Load("pipelines/"+file, src, engine.WithFS("pipelines", pipelines.FS))
	if err != nil {
		t.Fatal(err)
	}
	reg := engine.NewRegistry()
	if err := builtins.Register(reg); err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		t.Fatal(err)
	}
	return prog, schemaDocs(p)
}

// schemaDocs returns the settings_schema of p and of every pipeline it
// uses, at any depth, each once.
func schemaDocs(p *engine.Pipeline) []map[string]any {
	var out []map[string]any
	seen := map[*engine.Pipeline]bool{}
	var visitPipeline func(p *engine.Pipeline)
	var visitSteps func(steps []*engine.Step)
	visitSteps = func(steps []*engine.Step) {
		for _, s := range steps {
			if s.Sub != nil {
				visitPipeline(s.Sub)
			}
			visitSteps(s.Steps)
			for _, c := range s.Cases {
				visitSteps(c.Steps)
			}
		}
	}
	visitPipeline = func(p *engine.Pipeline) {
		if p == nil || seen[p] {
			return
		}
		seen[p] = true
		if p.SettingsSchema != nil {
			out = append(out, p.SettingsSchema)
		}
		visitSteps(p.Steps)
	}
	visitPipeline(p)
	return out
}

// beginMarker and endMarker enclose a workflow's table.
func beginMarker(name string) string { return "<!-- settings " + name + " -->" }
func endMarker(name string) string   { return "<!-- end settings " + name + " -->" }

// section returns where the text between the markers begin and end (from
// the line after begin to end) starts and ends in doc.
func section(doc, begin, end string) (start, stop int, ok bool) {
	b := strings.Index(doc, begin+"\n")
	if b < 0 {
		return 0, 0, false
	}
	start = b + len(begin) + 1
	e := strings.Index(doc[start:], end)
	if e < 0 {
		return 0, 0, false
	}
	return start, start + e, true
}

// graphBegin and graphEnd enclose a workflow's graph.
func graphBegin(name string) string { return "<!-- graph " + name + " -->" }
func graphEnd(name string) string   { return "<!-- end graph " + name + " -->" }

// tableSettings returns the setting names in the first column of a table.
func tableSettings(table string) []string {
	var names []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([^`]+)` \\|").FindAllStringSubmatch(table, -1) {
		names = append(names, m[1])
	}
	return names
}

// row is one setting of a table.
type row struct {
	name, typ, def, required, description string
}

// renderTable renders the settings table of a workflow: every setting the
// schema declares, depth first in name order, `*` standing for any key of
// a map (a country code, a SKU, a language).
func renderTable(shape *schemas.Shape, defaults map[string]any, docs []map[string]any) string {
	var rows []row
	var walk func(s *schemas.Shape, path []string, required bool)
	walk = func(s *schemas.Shape, path []string, required bool) {
		for _, name := range s.PropertyNames() {
			sub := s.Properties[name]
			p := append(slices.Clip(path), name)
			req := required && s.IsRequired(name)
			rows = append(rows, settingRow(sub, p, req, defaults, docs))
			walk(sub, p, req)
		}
		if s.Extra != nil {
			p := append(slices.Clip(path), "*")
			rows = append(rows, settingRow(s.Extra, p, false, defaults, docs))
			walk(s.Extra, p, false)
		}
	}
	walk(shape, nil, true)
	var b strings.Builder
	b.WriteString("| setting | type / allowed values | default | required | description |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.name, r.typ, r.def, r.required, r.description)
	}
	return b.String()
}

// settingRow describes the setting at path.
func settingRow(s *schemas.Shape, path []string, required bool, defaults map[string]any, docs []map[string]any) row {
	r := row{name: strings.Join(path, "."), typ: typeText(s, path, docs), def: "", required: "", description: cell(s.Description)}
	if required {
		r.required = "yes"
	}
	if v, ok := valueAt(defaults, path); ok && s.Type != "object" {
		r.def = value(v)
	}
	return r
}

// typeText says what values the setting at path takes: a pinned value,
// the allowed values, or the type, with the shared definition it refers
// to.
func typeText(s *schemas.Shape, path []string, docs []map[string]any) string {
	if v, ok := keywordAt(docs, path, "const"); ok {
		return value(v) + " (pinned)"
	}
	def := ""
	if ref, ok := keywordAt(docs, path, "$ref"); ok {
		if name, ok := strings.CutPrefix(fmt.Sprint(ref), defsRef); ok {
			def = "`" + name + "`"
		}
	}
	var t string
	switch {
	case len(s.Enum) > manyValues && def != "":
		t = fmt.Sprintf("%s: %s (%d values)", s.Type, def, len(s.Enum))
	case len(s.Enum) > manyValues:
		t = fmt.Sprintf("%s, one of %d values", s.Type, len(s.Enum))
	case len(s.Enum) > 0:
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = value(v)
		}
		t = strings.Join(vals, " \\| ")
	case s.Type == "array":
		t = "list of " + typeText(itemsOrAny(s.Items), append(slices.Clip(path), "*"), docs)
	case s.Type == "object" && s.Extra != nil && len(s.Properties) == 0:
		t = "map"
	case s.Type != "" && def != "":
		t = s.Type + ": " + def
	case s.Type != "":
		t = s.Type
	default:
		if alts, ok := keywordAt(docs, path, "anyOf"); ok {
			t = altTypes(alts)
		}
		if t == "" {
			t = "any"
		}
	}
	if s.Nullable {
		t += " or null"
	}
	return t
}

// value shows an allowed or default value: a string as it is (`""` when
// empty), anything else as JSON.
func value(v any) string {
	if s, ok := v.(string); ok && s != "" {
		return "`" + s + "`"
	}
	return "`" + compact(v) + "`"
}

// itemsOrAny is s, or an empty shape for an array whose items may be anything.
func itemsOrAny(s *schemas.Shape) *schemas.Shape {
	if s == nil {
		return &schemas.Shape{}
	}
	return s
}

// altTypes names the types of anyOf alternatives: "string or map".
func altTypes(alts any) string {
	list, _ := alts.([]any)
	var names []string
	for _, a := range list {
		alt := schemas.DocumentShape(a)
		name := alt.Type
		if name == "object" && alt.Extra != nil && len(alt.Properties) == 0 {
			name = "map"
		}
		if name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return strings.Join(names, " or ")
}

// keywordAt returns the value of a schema keyword at the setting path in
// the first of docs that has it. A `*` in path is an array's element or
// any key of a map.
func keywordAt(docs []map[string]any, path []string, key string) (any, bool) {
	for _, d := range docs {
		node := d
		for _, name := range path {
			var next map[string]any
			if name == "*" {
				next, _ = node["items"].(map[string]any)
				if next == nil {
					next, _ = node["additionalProperties"].(map[string]any)
				}
			} else {
				props, _ := node["properties"].(map[string]any)
				next, _ = props[name].(map[string]any)
			}
			if next == nil {
				node = nil
				break
			}
			node = next
		}
		if v, ok := node[key]; ok {
			return v, true
		}
	}
	return nil, false
}

// valueAt returns the value at path in settings.
func valueAt(settings map[string]any, path []string) (any, bool) {
	var v any = settings
	for _, name := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[name]; !ok {
			return nil, false
		}
	}
	return v, true
}

// compact is v as one line of JSON.
func compact(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// cell makes text fit in one table cell.
func cell(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	return strings.ReplaceAll(text, "|", "\\|")
}
