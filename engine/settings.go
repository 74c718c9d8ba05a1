package engine

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/schemas"
)

// settingPos is where one setting was written: its key and its value.
type settingPos struct {
	Key, Value Pos
	isMap      bool // the value was a mapping, whose keys have their own entries
}

// settingPositions maps the JSON pointer of each setting written in one
// place ("/customs/incoterm") to where it was written. "" is the settings
// mapping itself.
type settingPositions map[string]settingPos

// record notes where the setting at ptr (key k, value v) was written, and
// its keys' positions if it is a mapping. Aliases are not followed: an
// alias is one value, written where the alias is.
func (sp settingPositions) record(p *parser, ptr string, k, v *yaml.Node) {
	sp[ptr] = settingPos{Key: p.pos(k), Value: p.pos(v), isMap: v.Kind == yaml.MappingNode}
	if v.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		kk, vv := v.Content[i], v.Content[i+1]
		if kk.Kind == yaml.ScalarNode {
			sp.record(p, ptr+"/"+escapeToken(kk.Value), kk, vv)
		}
	}
}

// over returns the positions of settings written in sp deep-merged over
// those of base, as mergeSettings merges their values: a value that is not
// a mapping hides everything base had below it.
func (sp settingPositions) over(base settingPositions) settingPositions {
	out := make(settingPositions, len(base)+len(sp))
	for q, pos := range base {
		if !sp.hides(q) {
			out[q] = pos
		}
	}
	for ptr, pos := range sp {
		out[ptr] = pos
	}
	return out
}

// hides reports whether sp has a value that is not a mapping above the
// pointer q: one that replaces whatever was below it. It looks at q's
// ancestors, so that merging costs the size of base, not its product
// with sp's.
func (sp settingPositions) hides(q string) bool {
	for i := strings.LastIndexByte(q, '/'); i >= 0; i = strings.LastIndexByte(q[:i], '/') {
		if pos, ok := sp[q[:i]]; ok && !pos.isMap {
			return true
		}
	}
	return false
}

// at returns where the setting at ptr, or the nearest setting above it,
// was written, and whether any was.
func (sp settingPositions) at(ptr string) (settingPos, bool) {
	for {
		if pos, ok := sp[ptr]; ok {
			return pos, true
		}
		if ptr == "" {
			return settingPos{}, false
		}
		ptr = ptr[:strings.LastIndexByte(ptr, '/')]
	}
}

// Settings is one layer of settings that a run puts over its pipeline's,
// with where each was written: a settings file (LoadSettings), a mapping
// inside another YAML file (SettingsFromYAML) or a KEY=VALUE flag
// (ParseSetting). Errors about a setting point at where it was written.
type Settings struct {
	Values map[string]any
	pos    settingPositions
}

// LoadSettings reads a YAML file of settings, such as the one `sevenflow
// run --settings FILE` takes. Of opts, only WithLimits counts: the limits
// of reading YAML apply to the file.
func LoadSettings(file string, src []byte, opts ...LoadOption) (*Settings, error) {
	var cfg loadConfig
	for _, o := range opts {
		o(&cfg)
	}
	p := &parser{file: file, lim: DefaultLimits().over(cfg.limits)}
	if !p.checkSize(src) {
		return nil, p.errs.err()
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Code: CodeSyntax, Err: fmt.Errorf("yaml: %s", strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(doc.Content) == 0 {
		return &Settings{Values: map[string]any{}, pos: settingPositions{}}, nil
	}
	return p.settingsLayer(doc.Content[0])
}

// SettingsFromYAML reads the mapping n of the YAML file called file as a
// layer of settings. Aliases in n count against the default limits of
// reading YAML.
func SettingsFromYAML(file string, n *yaml.Node) (*Settings, error) {
	return (&parser{file: file, lim: DefaultLimits()}).settingsLayer(n)
}

// settingsLayer reads the mapping n as a layer of settings.
func (p *parser) settingsLayer(n *yaml.Node) (*Settings, error) {
	if !p.checkTree(n) {
		return nil, p.errs.err()
	}
	values := p.settings(n)
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	s := &Settings{Values: values, pos: settingPositions{}}
	if values == nil {
		s.Values = map[string]any{}
	}
	s.pos.record(p, "", n, n)
	return s, nil
}

// ParseSetting reads one KEY=VALUE setting as `sevenflow run --set` takes
// it: KEY is a dotted path under settings, VALUE a YAML scalar. Errors
// about it point at, where it was written: for a flag, Pos{File: "--set
// KEY=VALUE"}, which prints as just that.
func ParseSetting(flag string, at Pos) (*Settings, error) {
	key, val, ok := strings.Cut(flag, "=")
	if !ok || key == "" || strings.HasPrefix(key, ".") || strings.HasSuffix(key, ".") || strings.Contains(key, "..") {
		return nil, &Error{Pos: at, Code: CodeBadValue, Err: errors.New("want KEY=VALUE, KEY a dotted path such as warehouse.country")}
	}
	var v any
	if err := yaml.Unmarshal([]byte(val), &v); err != nil {
		return nil, &Error{Pos: at, Code: CodeBadValue, Err: fmt.Errorf("VALUE is a YAML scalar (quote it if needed): %s", strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	path := strings.Split(key, ".")
	// A flag has no settings mapping of its own: only the keys it sets
	// have a position.
	s := &Settings{Values: map[string]any{}, pos: settingPositions{}}
	m, ptr := s.Values, ""
	for _, k := range path[:len(path)-1] {
		next := map[string]any{}
		m[k], m = next, next
		ptr += "/" + escapeToken(k)
		s.pos[ptr] = settingPos{Key: at, Value: at, isMap: true}
	}
	m[path[len(path)-1]] = v
	s.pos[ptr+"/"+escapeToken(path[len(path)-1])] = settingPos{Key: at, Value: at}
	return s, nil
}

// settingsSchema is the compiled schema of a program's settings: the
// `settings_schema` of the pipeline and of every pipeline it uses, merged.
type settingsSchema struct {
	schema *schemas.Schema
	shape  *schemas.Shape
}

// effectiveSchema merges the settings schemas of the pipelines p uses, at
// any depth, and then p's own over them, so that a workflow can narrow a
// setting its sub-pipelines declare (return-portal allows only pro and
// light). It returns nil when none declares one.
func effectiveSchema(p *Pipeline) map[string]any {
	var used map[string]any
	seen := map[*Pipeline]bool{p: true}
	var visit func(p *Pipeline)
	visit = func(p *Pipeline) {
		walkSteps(p.Steps, func(s *Step) {
			if s.Kind != KindUse || s.Sub == nil || seen[s.Sub] {
				return
			}
			seen[s.Sub] = true
			if s.Sub.SettingsSchema != nil {
				used = mergeSchema(used, s.Sub.SettingsSchema)
			}
			visit(s.Sub)
		})
	}
	visit(p)
	if p.SettingsSchema == nil {
		return used
	}
	return mergeSchema(used, p.SettingsSchema)
}

// mergeSchema returns over merged onto base as one JSON Schema of an
// object: properties merged name by name (recursively, so that two
// pipelines can each declare part of `customs`), required names joined,
// and over's other keywords winning. Neither argument changes.
func mergeSchema(base, over map[string]any) map[string]any {
	if base == nil {
		return over
	}
	out := maps.Clone(base)
	for k, v := range over {
		switch k {
		case "properties":
			bp, _ := out[k].(map[string]any)
			op, _ := v.(map[string]any)
			merged := maps.Clone(bp)
			if merged == nil {
				merged = map[string]any{}
			}
			for name, sub := range op {
				bs, ok1 := merged[name].(map[string]any)
				os, ok2 := sub.(map[string]any)
				if ok1 && ok2 {
					merged[name] = mergeSchema(bs, os)
					continue
				}
				merged[name] = sub
			}
			out[k] = merged
		case "required":
			var names []any
			seen := map[any]bool{}
			for _, list := range []any{out[k], v} {
				l, _ := list.([]any)
				for _, n := range l {
					if !seen[n] {
						seen[n] = true
						names = append(names, n)
					}
				}
			}
			out[k] = names
		default:
			out[k] = v
		}
	}
	return out
}

// compileSettingsSchema compiles the settings schema that cs prepared.
func compileSettingsSchema(cs *schemas.Prepared) (*settingsSchema, error) {
	s, err := cs.Compile()
	if err != nil {
		return nil, err
	}
	return &settingsSchema{schema: s, shape: s.Shape()}, nil
}

// check validates settings, written where pos says, against the schema,
// and also reports which of the errors are about a missing required
// setting: not an error where a shipped workflow leaves the shop's own
// settings to the shop. top is where an error about a missing setting
// points.
func (ss *settingsSchema) check(settings map[string]any, pos settingPositions, top Pos) (errs ErrorList, missing []bool) {
	if ss == nil {
		return nil, nil
	}
	if settings == nil {
		settings = map[string]any{}
	}
	err := ss.schema.Validate(settings)
	var ve *schemas.ValidationError
	if !errors.As(err, &ve) {
		if err != nil {
			return ErrorList{{Pos: top, Code: CodeSettings, Err: err}}, []bool{false}
		}
		return nil, nil
	}
	for _, v := range ve.Violations {
		name := settingName(v.Pointer)
		missing = append(missing, v.Keyword == "required")
		switch v.Keyword {
		case "required":
			msg := fmt.Sprintf("missing setting %s", name)
			if d := ss.shape.At(pointerTokens(v.Pointer)...); d != nil && d.Description != "" {
				msg += ": " + d.Description
			}
			errs = append(errs, &Error{Pos: top, Code: CodeSettings, Err: errors.New(msg)})
		case "additionalProperties":
			at, _ := pos.at(v.Pointer)
			toks := pointerTokens(v.Pointer)
			parent := ss.shape.At(toks[:len(toks)-1]...)
			msg := fmt.Sprintf("unknown setting %s", name)
			if best := Closest(toks[len(toks)-1], parent.PropertyNames()); best != "" {
				msg += fmt.Sprintf(", did you mean %s?", settingName(joinPointer(append(toks[:len(toks)-1:len(toks)-1], best))))
			}
			errs = append(errs, &Error{Pos: at.Key, Code: CodeSettings, Err: errors.New(msg)})
		default:
			at, ok := pos.at(v.Pointer)
			where := at.Value
			if !ok {
				where = top
			}
			errs = append(errs, &Error{Pos: where, Code: CodeSettings, Err: fmt.Errorf("setting %s: %s", clip(name, maxEcho), clip(v.Message, maxEcho))})
		}
	}
	return errs, missing
}

// settingName is the dotted name of the setting at a JSON pointer, as
// --set takes it: "/customs/incoterm" is customs.incoterm.
func settingName(ptr string) string {
	return strings.Join(pointerTokens(ptr), ".")
}

// pointerTokens splits a JSON pointer into its unescaped tokens.
func pointerTokens(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		if strings.Contains(t, "~") { // the replacer allocates even when it finds nothing
			toks[i] = unescaper.Replace(t)
		}
	}
	return toks
}

// joinPointer is the JSON pointer of the tokens.
func joinPointer(toks []string) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// The replacers of JSON pointer tokens, built once: building one costs
// more than the replacing.
var (
	escaper   = strings.NewReplacer("~", "~0", "/", "~1")
	unescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// escapeToken escapes one JSON pointer token.
func escapeToken(t string) string {
	if !strings.ContainsAny(t, "~/") {
		return t
	}
	return escaper.Replace(t)
}

// sortedNames returns the keys of m, sorted.
func sortedNames[V any](m map[string]V) []string {
	names := slices.Collect(maps.Keys(m))
	sort.Strings(names)
	return names
}
