package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// baseURL is the prefix of every schema's $id; NAME.json follows it.
const baseURL = "https://sevenflow.dev/schemas/"

// defsName is the file of shared definitions. It is not a payload schema, so
// Names leaves it out, but Source returns it.
const defsName = "defs"

//go:embed *.json input/*.json
var files embed.FS

// ErrUnknownSchema is wrapped by the error for a schema name that does not exist.
var ErrUnknownSchema = errors.New("unknown schema")

// registry is the process-wide set of schemas: raw sources, decoded documents
// (for x-message look-ups) and compiled schemas, each built once.
type registry struct {
	loadOnce sync.Once
	warm     sync.Once            // Warm
	preload  sync.Once            // Preload
	warmed   atomic.Bool          // Warm was called: the shared definitions compile
	sources  map[string][]byte    // by name
	docsMu   sync.RWMutex         // guards docs, which Compile adds to
	docs     map[string]*docEntry // decoded source by $id URL
	names    []string             // payload schema names, sorted
	loadErr  error

	mu       sync.RWMutex // guards compiler and compiled
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

var reg registry

func (r *registry) load() error {
	r.loadOnce.Do(func() {
		r.sources = map[string][]byte{}
		r.docs = map[string]*docEntry{}
		r.compiled = map[string]*jsonschema.Schema{}
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		c.AssertFormat = true
		// The compiler reads an embedded schema when a compile first
		// refers to it, and a document is decoded when first looked at
		// (docAt): a process that validates nothing pays for nothing.
		c.LoadURL = func(u string) (io.ReadCloser, error) {
			if src, ok := r.sourceAt(u); ok {
				return io.NopCloser(bytes.NewReader(src)), nil
			}
			return nil, fmt.Errorf("schemas: refusing to load %s: only embedded schemas are used", u)
		}
		r.loadErr = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return err
			}
			src, err := files.ReadFile(p)
			if err != nil {
				return err
			}
			name := strings.TrimSuffix(p, ".json")
			r.sources[name] = src
			if name != defsName {
				r.names = append(r.names, name)
			}
			return nil
		})
		sort.Strings(r.names)
		r.compiler = c
	})
	return r.loadErr
}

// schema returns the compiled schema called name, compiling it on first use.
func (r *registry) schema(name string) (*jsonschema.Schema, error) {
	if err := r.load(); err != nil {
		return nil, err
	}
	if _, ok := r.sources[name]; !ok || name == defsName {
		return nil, unknown(name)
	}
	r.mu.RLock()
	s, ok := r.compiled[name]
	r.mu.RUnlock()
	if ok {
		return s, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.compiled[name]; ok {
		return s, nil
	}
	s, err := r.compiler.Compile(baseURL + name + ".json")
	if err != nil {
		return nil, fmt.Errorf("compile schema %s: %w", name, err)
	}
	r.compiled[name] = s
	return s, nil
}

func unknown(name string) error {
	return fmt.Errorf("%w %q", ErrUnknownSchema, name)
}

// Names returns the names of the payload schemas, sorted, such as
// "customs_shipment" and "input/order".
func Names() []string {
	if err := reg.load(); err != nil {
		return nil
	}
	return append([]string(nil), reg.names...)
}

// Source returns the raw JSON of the schema called name. "defs", the shared
// definitions, is accepted too.
func Source(name string) ([]byte, error) {
	if err := reg.load(); err != nil {
		return nil, err
	}
	src, ok := reg.sources[name]
	if !ok {
		return nil, unknown(name)
	}
	return append([]byte(nil), src...), nil
}

// Title returns the one-line title of the schema called name.
func Title(name string) (string, error) {
	doc, err := document(name)
	if err != nil {
		return "", err
	}
	title, _ := doc["title"].(string)
	return title, nil
}

// Properties returns the top-level property names of the object schema
// called name, sorted, including those it takes from a $ref or allOf of
// shared definitions, and whether the schema is closed (unknown keys are
// errors). It fails for an unknown name or a schema that is not an object.
func Properties(name string) (keys []string, closed bool, err error) {
	doc, err := document(name)
	if err != nil {
		return nil, false, err
	}
	if t, _ := doc["type"].(string); t != "object" {
		return nil, false, fmt.Errorf("schema %s: not an object schema", name)
	}
	seen := map[string]bool{}
	collectProperties(doc, seen, 0)
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	closed = doc["additionalProperties"] == false || doc["unevaluatedProperties"] == false
	return keys, closed, nil
}

func collectProperties(obj map[string]any, seen map[string]bool, depth int) {
	if depth > 8 {
		return
	}
	if props, ok := obj["properties"].(map[string]any); ok {
		for k := range props {
			seen[k] = true
		}
	}
	var refs []map[string]any
	if ref, ok := obj["$ref"].(string); ok {
		if target, ok := resolveRef(ref).(map[string]any); ok {
			refs = append(refs, target)
		}
	}
	if all, ok := obj["allOf"].([]any); ok {
		for _, sub := range all {
			if m, ok := sub.(map[string]any); ok {
				refs = append(refs, m)
			}
		}
	}
	for _, m := range refs {
		collectProperties(m, seen, depth+1)
	}
}

// document returns the decoded source of the payload schema called name.
func document(name string) (map[string]any, error) {
	if err := reg.load(); err != nil {
		return nil, err
	}
	if _, ok := reg.sources[name]; !ok {
		return nil, unknown(name)
	}
	doc, _ := docAt(baseURL + name + ".json").(map[string]any)
	return doc, nil
}

// resolveRef finds the decoded schema an absolute location
// (URL#/json/pointer) points at, or nil.
func resolveRef(loc string) any {
	url, ptr, _ := strings.Cut(loc, "#")
	doc := docAt(url)
	if doc == nil {
		return nil
	}
	return lookup(doc, ptr)
}

// sourceAt returns the source of the embedded schema whose $id is url.
func (r *registry) sourceAt(url string) ([]byte, bool) {
	name, ok := strings.CutPrefix(url, baseURL)
	if !ok {
		return nil, false
	}
	name, ok = strings.CutSuffix(name, ".json")
	if !ok {
		return nil, false
	}
	src, ok := r.sources[name]
	return src, ok
}

// docEntry is one schema document, decoded once by whoever first needs it:
// a goroutine reading ahead (Preload) or the caller that cannot wait for
// it.
type docEntry struct {
	once sync.Once
	doc  any
}

// docAt returns the decoded schema registered under url, or nil. An
// embedded schema is decoded on its first look-up; a look-up while
// another decodes it waits for that one.
func docAt(url string) any {
	reg.docsMu.RLock()
	d, ok := reg.docs[url]
	reg.docsMu.RUnlock()
	if !ok {
		reg.docsMu.Lock()
		if d, ok = reg.docs[url]; !ok {
			d = &docEntry{}
			reg.docs[url] = d
		}
		reg.docsMu.Unlock()
	}
	d.once.Do(func() {
		if src, ok := reg.sourceAt(url); ok {
			var doc any
			if json.Unmarshal(src, &doc) == nil {
				d.doc = doc
			}
		}
	})
	return d.doc
}

// setDoc registers doc, already decoded, under url.
func setDoc(url string, doc any) {
	d := &docEntry{doc: doc}
	d.once.Do(func() {})
	reg.docsMu.Lock()
	reg.docs[url] = d
	reg.docsMu.Unlock()
}

// lookup follows the JSON pointer ptr into v.
func lookup(v any, ptr string) any {
	if ptr == "" {
		return v
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = unescapeToken.Replace(tok)
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i := 0
			if _, err := fmt.Sscanf(tok, "%d", &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// unescapeToken and escapeToken turn a JSON pointer token into the name
// it stands for, and back.
var (
	unescapeToken = strings.NewReplacer("~1", "/", "~0", "~")
	escapeToken   = strings.NewReplacer("~", "~0", "/", "~1")
)
