package builtins

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// docTables renders the two tables of doc.go from the operation table:
// every builtin with its method, path and `with` keys, and every create
// with the key it is found by and what happens when it differs.
func docTables(ops []sevensenders.Operation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "//\t%-24s%-40s%s\n", "name", "method and path", "with")
	for _, op := range ops {
		keys := op.PathKeys()
		if op.Schema != "" {
			keys = append(keys, "..."+op.Schema)
		}
		for _, q := range op.Query {
			if !slices.Contains(op.Required, q) {
				q += "?"
			}
			keys = append(keys, q)
		}
		fmt.Fprintf(&b, "//\t%-24s%-40s{%s}\n", op.Name, op.Method+" "+op.Path, strings.Join(keys, ", "))
	}
	b.WriteString("//\n")
	fmt.Fprintf(&b, "//\t%-24s%-50s%s\n", "create", "found by", "when it differs")
	for _, op := range ops {
		if op.Key == "" {
			continue
		}
		differs := "fails"
		if op.Update != "" {
			differs = "PUT " + op.Update
			if op.UpdatePart != "" {
				differs += " (" + op.UpdatePart + " only)"
			}
			if len(op.Fixed) > 0 {
				differs += " (not " + strings.Join(op.Fixed, ", ") + ")"
			}
		}
		fmt.Fprintf(&b, "//\t%-24s%-50s%s\n", op.Name, op.Key, differs)
	}
	return b.String()
}

// TestDocTables checks that doc.go holds the tables derived from the
// operation table (STYLE rule 35), so the docs cannot drift from what the
// builtins do.
func TestDocTables(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	want := docTables(operations())
	if !strings.Contains(string(doc), want) {
		t.Errorf("doc.go lacks the tables derived from sevensenders.Operations; they read:\n%s", want)
	}
}
