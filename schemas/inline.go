package schemas

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

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
	return CompileAsync(name, doc).Wait()
}

// Compiling is a schema being compiled by CompileAsync.
type Compiling struct {
	shape   *Shape
	compile sync.Once // by the goroutine or by Wait, whichever comes first
	run     func()    // the compile, which sets s and err
	s       *Schema
	err     error
}

// CompileAsync is Compile on another goroutine. The shape of doc, which
// takes no compiling, is there at once; the schema when Wait returns.
// Compiling a schema checks it against the draft's meta-schema, which
// for a schema that refers to the shared definitions is most of a
// shop's load time: a caller has other work to do meanwhile.
//
// A goroutine may start long after it is made on a busy machine; Wait
// then compiles the schema itself rather than wait for it to start.
func CompileAsync(name string, doc any) *Compiling {
	c := &Compiling{}
	fail := func(err error) *Compiling {
		c.err = err
		c.compile.Do(func() {})
		return c
	}
	if err := reg.load(); err != nil {
		return fail(err)
	}
	src, err := json.Marshal(doc)
	if err != nil {
		return fail(fmt.Errorf("schema %s: encode: %w", name, err))
	}
	var decoded any
	if err := json.Unmarshal(src, &decoded); err != nil {
		return fail(fmt.Errorf("schema %s: %w", name, err))
	}
	// Unless the shared definitions compile anyway (Warm), the ones doc
	// uses are copied into it, so that a process that validates no
	// payload (lint) does not check all of defs.json against the
	// meta-schema for a few enums.
	if !reg.warmed.Load() && inlineDefs(decoded) {
		if src, err = json.Marshal(decoded); err != nil {
			return fail(fmt.Errorf("schema %s: encode: %w", name, err))
		}
	}
	sum := sha256.Sum256(src)
	url := inlinePrefix + hex.EncodeToString(sum[:12]) + ".json"
	setDoc(url, decoded)
	c.shape = shapeOf(decoded, url, 0)
	c.run = func() {
		s, err := compileInline(url, src)
		if err != nil {
			c.err = fmt.Errorf("schema %s: %w", name, err)
			return
		}
		c.s = &Schema{name: name, schema: s, shape: c.shape}
	}
	go c.compile.Do(c.run)
	return c
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

// Shape returns the shape of the document being compiled; nil if it could
// not be read.
func (c *Compiling) Shape() *Shape { return c.shape }

// Wait returns the schema once it is compiled, compiling it itself if the
// goroutine has not started.
func (c *Compiling) Wait() (*Schema, error) {
	c.compile.Do(c.run)
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
