package schemas

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// inlinePrefix starts the URL under which a document given to Compile is
// registered; the hash of its JSON follows, so that the same document is
// compiled once.
const inlinePrefix = baseURL + "inline/"

// Schema is a schema compiled from a document of the caller's, such as the
// settings schema a pipeline declares. It is immutable and safe for
// concurrent use.
type Schema struct {
	name   string
	schema *jsonschema.Schema
	shape  *Shape
}

// Compile compiles doc, a draft 2020-12 schema decoded from JSON or YAML,
// under name (which errors and ValidationError.Schema use). Its $refs may
// point at the embedded schemas by their absolute $id. Compiling the same
// document twice returns the same compiled schema.
func Compile(name string, doc any) (*Schema, error) {
	return Prepare(name, doc).Compile()
}

// Prepared is a schema document read by Prepare, compiled by the first
// call of its Compile.
type Prepared struct {
	name    string
	url     string // where the document is registered
	src     []byte // its JSON
	decoded any    // the document as registered

	shapeOnce sync.Once
	shape     *Shape

	once sync.Once
	s    *Schema
	err  error
}

// Prepare reads doc as Compile does and returns it ready to compile: the
// first Shape works out its shape, which takes no compiling, and the
// first Compile compiles it. Compiling a schema checks it against the
// draft's meta-schema, which is most of a shop's load time; a caller with
// other work that needs only the shape (typing expressions) can do it on
// another goroutine meanwhile.
func Prepare(name string, doc any) *Prepared {
	c := &Prepared{name: name}
	fail := func(err error) *Prepared {
		c.err = err
		c.once.Do(func() {})
		return c
	}
	if err := reg.load(); err != nil {
		return fail(err)
	}
	decoded, err := jsonCopy(doc)
	if err != nil {
		return fail(fmt.Errorf("schema %s: encode: %w", name, err))
	}
	// Unless the shared definitions compile anyway (Warm), the ones doc
	// uses are copied into it, so that a process that validates no
	// payload (lint) does not check all of defs.json against the
	// meta-schema for a few enums.
	if !reg.warmed.Load() {
		inlineDefs(decoded)
	}
	if c.src, err = json.Marshal(decoded); err != nil {
		return fail(fmt.Errorf("schema %s: encode: %w", name, err))
	}
	sum := sha256.Sum256(c.src)
	c.url = inlinePrefix + hex.EncodeToString(sum[:12]) + ".json"
	setDoc(c.url, decoded)
	c.decoded = decoded
	return c
}

// jsonCopy returns what decoding the JSON encoding of v gives, as a copy
// that shares nothing with v: numbers become float64. It walks the types
// a YAML or JSON decoder gives, which is every value of a schema a
// pipeline writes, and encodes and decodes any other.
func jsonCopy(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool:
		return x, nil
	case string:
		if utf8.ValidString(x) {
			return x, nil
		}
	case float64:
		if !math.IsInf(x, 0) && !math.IsNaN(x) {
			return x, nil
		}
	case int:
		return float64(x), nil
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			c, err := jsonCopy(e)
			if err != nil {
				return nil, err
			}
			l[i] = c
		}
		return l, nil
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			if !utf8.ValidString(k) {
				return roundTripDoc(v)
			}
			c, err := jsonCopy(e)
			if err != nil {
				return nil, err
			}
			m[k] = c
		}
		return m, nil
	}
	return roundTripDoc(v)
}

// roundTripDoc encodes v as JSON and decodes it again.
func roundTripDoc(v any) (any, error) {
	src, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(src, &out)
	return out, err
}

// Warm starts reading the shared definitions into the compiler on
// another goroutine, once per process. Checking them against the draft's
// meta-schema is most of the time the first schema that refers to them
// takes to compile; a caller about to load a pipeline (whose settings
// schema will) can have that done while it reads YAML. A Compile or
// Validate meanwhile waits for it, as they share one compiler.
func Warm() {
	reg.warm.Do(func() {
		reg.warmed.Store(true)
		go func() {
			if reg.load() != nil {
				return
			}
			reg.mu.Lock()
			defer reg.mu.Unlock()
			// An error is left for the compile that needs the
			// definitions to report.
			_, _ = reg.compiler.Compile(baseURL + defsName + ".json")
		}()
	})
}

// Preload starts decoding the shared definitions on another goroutine,
// once per process. The shape of a schema that refers to them, and the
// keys of an operation, are read from the decoded document: a caller
// about to load a shop that validates no payload (lint) can have that
// done while it reads YAML. Warm, which compiles them, does more.
func Preload() {
	reg.preload.Do(func() {
		go func() {
			if reg.load() == nil {
				docAt(baseURL + defsName + ".json")
			}
		}()
	})
}

// Shape returns the shape of the document, worked out once; nil if the
// document could not be read. It is safe to call beside Compile.
func (c *Prepared) Shape() *Shape {
	c.shapeOnce.Do(func() {
		if c.decoded != nil {
			c.shape = shapeOf(c.decoded, c.url, 0)
		}
	})
	return c.shape
}

// Compile compiles the schema, once, and returns it. Concurrent calls wait
// for the first.
func (c *Prepared) Compile() (*Schema, error) {
	c.once.Do(func() {
		s, err := compileInline(c.url, c.src)
		if err != nil {
			c.err = fmt.Errorf("schema %s: %w", c.name, err)
			return
		}
		c.s = &Schema{name: c.name, schema: s, shape: c.Shape()}
	})
	return c.s, c.err
}

// compileInline registers and compiles the document src under url, once.
func compileInline(url string, src []byte) (*jsonschema.Schema, error) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if s, ok := reg.compiled[url]; ok {
		return s, nil
	}
	if err := reg.compiler.AddResource(url, bytes.NewReader(src)); err != nil {
		return nil, err
	}
	s, err := reg.compiler.Compile(url)
	if err != nil {
		return nil, err
	}
	reg.compiled[url] = s
	return s, nil
}

// Shape returns the shape of the schema.
func (s *Schema) Shape() *Shape { return s.shape }

// Validate checks instance against the schema like the package's
// Validate: nil, or a *ValidationError listing every violation.
func (s *Schema) Validate(instance any) error {
	if !plain(instance) {
		var err error
		if instance, err = roundTrip(instance); err != nil {
			return fmt.Errorf("schema %s: %w", s.name, err)
		}
	}
	err := s.schema.Validate(instance)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("schema %s: %w", s.name, err)
	}
	return &ValidationError{Schema: s.name, Violations: violations(ve)}
}
