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

// TestOperationKeys checks that the keys of every operation, which a
// builtin reads from its body schema at first use rather than when it is
// registered, can be read: a `with` key check never fails for want of
// them.
func TestOperationKeys(t *testing.T) {
	for _, op := range operations() {
		k, err := newAPICall(op, nil).keys()
		if err != nil {
			t.Errorf("%s: %v", fullName(op), err)
			continue
		}
		if op.Schema != "" && len(k.props) == 0 {
			t.Errorf("%s: no properties read from %s", fullName(op), op.Schema)
		}
	}
}
