package engine

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// YAML keys of a pipeline document.
const (
	keyPipeline    = "pipeline"
	keyDescription = "description"
	keyInput       = "input"
	keyExtends     = "extends"
	keySettings    = "settings"
	keySchema      = "settings_schema"
	keySteps       = "steps"
)

// YAML keys of a step (besides the kind keys, which are the StepKinds).
const (
	keyID      = "id"
	keyWhen    = "when"
	keyWith    = "with"
	keyAs      = "as"
	keyMessage = "message"
	keyDefault = "default"
	keyScript  = string(KindScript)
	keyTimeout = "timeout"
	keyPointer = "pointer"
)

var (
	pipelineKeys = []string{keyPipeline, keyDescription, keyInput, keyExtends, keySettings, keySchema, keySteps, keyLimits}
	stepKeys     = []string{keyID, keyDescription, keyWhen, string(KindCall), keyWith, string(KindSwitch),
		string(KindForeach), keyAs, keySteps, string(KindSet), string(KindUse), string(KindAssert), keyMessage, string(KindFail), keyScript, keyTimeout, keyPointer}
	kinds   = []StepKind{KindCall, KindSwitch, KindForeach, KindSet, KindUse, KindAssert, KindFail, KindScript}
	idRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	lineRE  = regexp.MustCompile(`line (\d+)`)
	allowed = map[StepKind][]string{
		KindCall:    {keyWith, keyScript, keyTimeout},
		KindSwitch:  {},
		KindForeach: {keyAs, keySteps},
		KindSet:     {},
		KindUse:     {keyWith},
		KindAssert:  {keyMessage, keyPointer},
		KindFail:    {keyPointer},
		KindScript:  {keyTimeout},
	}
)

// parser turns one YAML file into a Pipeline, collecting errors.
type parser struct {
	file  string
	lines []string
	errs  ErrorList
	lim   Limits // the limits of reading YAML (file_bytes, yaml_*), defaults filled

	parsed func(src []byte) (*yaml.Node, bool) // WithParsed; nil: parse every source
}

// parse reads one pipeline document. It returns nil if the YAML itself is
// broken; other errors are in p.errs.
func (p *parser) parse(src []byte) *Pipeline {
	if !p.checkSize(src) {
		return nil
	}
	p.lines = strings.Split(string(src), "\n")
	doc, err := p.tree(src)
	if err != nil {
		line := 1
		if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimPrefix(msg, fmt.Sprintf("line %d: ", line))
		p.errs = append(p.errs, &Error{Pos: Pos{p.file, line, 1}, Code: CodeSyntax, Err: fmt.Errorf("yaml: %s", msg)})
		return nil
	}
	if !p.checkTree(doc) {
		return nil
	}
	pl := &Pipeline{File: p.file, Pos: Pos{p.file, 1, 1}}
	if len(doc.Content) == 0 {
		p.errs = append(p.errs, &Error{Pos: pl.Pos, Code: CodeBadValue, Err: fmt.Errorf("empty pipeline: want a mapping with %s and %s", keyPipeline, keySteps)})
		return nil
	}
	root := deref(doc.Content[0])
	pl.Pos = p.pos(root)
	p.mapping(root, pipelineKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case keyPipeline:
			pl.Name = p.str(v)
		case keyDescription:
			pl.Description = p.str(v)
		case keyInput:
			pl.Input, pl.inputPos = p.str(v), p.pos(v)
		case keyExtends:
			pl.Extends, pl.extendsPos = p.str(v), p.pos(v)
		case keySettings:
			pl.Settings, pl.settingsAt = p.settings(v), p.pos(k)
			pl.settingsPos = settingPositions{}
			pl.settingsPos.record(p, "", k, v)
		case keySchema:
			pl.SettingsSchema, pl.schemaPos = p.schemaDoc(v), p.pos(k)
		case keySteps:
			pl.Steps = p.steps(v)
		case keyLimits:
			pl.Limits, pl.limitsPos = p.limitsKey(v)
		}
	})
	if !pl.settingsAt.IsValid() {
		pl.settingsAt = pl.Pos
	}
	if pl.Name == "" && root.Kind == yaml.MappingNode {
		p.errorf(root, CodeBadValue, "missing key `%s`", keyPipeline)
	}
	return pl
}

// tree returns the document src holds: the one WithParsed gave for it,
// or yaml.v3's parse.
func (p *parser) tree(src []byte) (*yaml.Node, error) {
	if p.parsed != nil {
		if doc, ok := p.parsed(src); ok {
			return doc, nil
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{p.file, max(n.Line, 1), max(n.Column, 1)} }

func (p *parser) errorf(n *yaml.Node, code, format string, args ...any) {
	p.errs = append(p.errs, &Error{Pos: p.pos(n), Code: code, Err: fmt.Errorf(format, args...)})
}

// mapping calls fn for each key of n in order, reporting keys not in known
// and duplicate keys.
func (p *parser) mapping(n *yaml.Node, known []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, CodeBadValue, "want a mapping, not %s", describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		key := k.Value
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, CodeBadValue, "want a key, not %s", describe(k))
		case known != nil && !contains(known, key):
			p.errorf(k, CodeUnknownKey, "unknown key `%s`%s", clip(key, 80), didYouMean(key, sorted(known)))
		case seen[key]:
			p.errorf(k, CodeBadValue, "duplicate key `%s`", clip(key, 80))
		default:
			seen[key] = true
			fn(key, k, v)
		}
	}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.Tag == "!!null" {
		return "null"
	}
	return fmt.Sprintf("%q", clip(n.Value, 60))
}

func (p *parser) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, CodeBadValue, "want a string, not %s", describe(n))
		return ""
	}
	return n.Value
}

func (p *parser) settings(n *yaml.Node) map[string]any {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, CodeBadValue, "settings: want a mapping, not %s", describe(n))
		return nil
	}
	if !p.stringKeys(n) {
		return nil
	}
	m, _ := p.decodeMap(n, keySettings)
	return m
}

// stringKeys reports whether every key of the mappings in n is a string,
// and an error at each one that is not: a setting is named, as JSON
// names it. Aliases are not followed.
func (p *parser) stringKeys(n *yaml.Node) bool {
	ok := true
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && (c.Kind != yaml.ScalarNode || c.Tag != "!!str") {
			p.errorf(c, CodeBadValue, "settings: a name is a string, not %s: quote it", describe(c))
			ok = false
			continue
		}
		if c.Kind == yaml.MappingNode || c.Kind == yaml.SequenceNode {
			ok = p.stringKeys(c) && ok
		}
	}
	return ok
}

// schemaDoc reads a settings_schema: a JSON Schema written in YAML.
func (p *parser) schemaDoc(n *yaml.Node) map[string]any {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, CodeBadValue, "%s: want a JSON Schema as a mapping, not %s", keySchema, describe(n))
		return nil
	}
	m, _ := p.decodeMap(n, keySchema)
	return m
}

func (p *parser) expr(n *yaml.Node) *Expr {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, CodeBadValue, "want an expression, not %s", describe(n))
		return nil
	}
	return &Expr{Src: n.Value, Pos: p.pos(n), file: p.file, segs: scalarSegments(n, p.lines)}
}

func (p *parser) value(n *yaml.Node) *Value {
	v := &Value{Pos: p.pos(n)}
	switch n.Kind {
	case yaml.MappingNode:
		v.kind = valueMap
		p.mapping(n, nil, func(key string, _, val *yaml.Node) {
			v.Keys = append(v.Keys, key)
			v.Map = append(v.Map, p.value(val))
		})
	case yaml.SequenceNode:
		v.kind = valueList
		for _, c := range n.Content {
			v.List = append(v.List, p.value(deref(c)))
		}
	default:
		v.Expr = p.expr(n)
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
