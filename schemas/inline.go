package schemas

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

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
	if err := reg.load(); err != nil {
		return nil, err
	}
	src, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("schema %s: encode: %w", name, err)
	}
	var decoded any
	if err := json.Unmarshal(src, &decoded); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	sum := sha256.Sum256(src)
	url := inlinePrefix + hex.EncodeToString(sum[:12]) + ".json"
	s, err := compileInline(url, src, decoded)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	return &Schema{name: name, schema: s, shape: shapeOf(decoded, url, 0)}, nil
}

// compileInline registers and compiles the document src (decoded: doc)
// under url, once.
func compileInline(url string, src []byte, doc any) (*jsonschema.Schema, error) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if s, ok := reg.compiled[url]; ok {
		return s, nil
	}
	if err := reg.compiler.AddResource(url, bytes.NewReader(src)); err != nil {
		return nil, err
	}
	reg.docsMu.Lock()
	reg.docs[url] = doc
	reg.docsMu.Unlock()
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
