package pipelines

import (
	_ "embed"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/sevenflow/sevenflow/internal/yamltree"
)

// parsedTrees is the YAML tree of every pipeline of this directory,
// parsed when the binary was built: `go test ./pipelines -update` writes
// it, and TestParsed fails while it is not that of the files here.
//
//go:embed parsed.bin
var parsedTrees []byte

var trees = sync.OnceValue(func() *yamltree.Trees {
	t, _ := yamltree.Read(parsedTrees) // a bad file parses everything
	return t
})

// Parsed returns a new copy of the YAML tree of src when src is one of
// the shipped pipelines, byte for byte, and false otherwise. Reading one
// back takes a tenth of parsing it; the CLI gives it to the engine
// (engine.WithParsed) beside FS.
func Parsed(src []byte) (*yaml.Node, bool) {
	return trees().Tree(src)
}
