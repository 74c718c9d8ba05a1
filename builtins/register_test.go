package builtins

import (
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

func TestRegister(t *testing.T) {
	fs := registry(t).Funcs()
	if len(fs) != len(pureFuncs()) {
		t.Fatalf("registered %d functions, want %d", len(fs), len(pureFuncs()))
	}
	for _, f := range fs {
		if f.Doc == "" || strings.Contains(f.Doc, "\n") || !strings.HasPrefix(f.Doc, f.Name+"(") {
			t.Errorf("%s: Doc must be one line starting with %q: %q", f.Name, f.Name+"(", f.Doc)
		}
		if len(f.Types) == 0 {
			t.Errorf("%s: no Types", f.Name)
		}
	}
}

func TestRegisterTwice(t *testing.T) {
	r := engine.NewRegistry()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	err := Register(r)
	const want = `register builtins: register function "customs_destination": already registered`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}
