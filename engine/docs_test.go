package engine_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sevenflow/sevenflow/engine"
)

// TestDocExamples loads and compiles every ```yaml pipeline block of
// docs/pipeline-language.md. Blocks can extend or use each other by their
// pipeline name, and hooks can use the ```js FILE blocks.
func TestDocExamples(t *testing.T) {
	src, err := os.ReadFile("../docs/pipeline-language.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml pipeline\n(.*?)```").FindAllStringSubmatch(string(src), -1)
	if len(blocks) < 8 {
		t.Fatalf("found %d examples", len(blocks))
	}
	docs := fstest.MapFS{}
	nameRE := regexp.MustCompile(`(?m)^pipeline: (\S+)`)
	for _, b := range blocks {
		m := nameRE.FindStringSubmatch(b[1])
		if m == nil {
			t.Fatalf("example without a pipeline name:\n%s", b[1])
		}
		docs[m[1]+".yaml"] = &fstest.MapFile{Data: []byte(b[1])}
	}
	for _, b := range regexp.MustCompile("(?s)```js (\\S+\\.js)\n(.*?)```").FindAllStringSubmatch(string(src), -1) {
		docs[b[1]] = &fstest.MapFile{Data: []byte(b[2])}
	}
	reg := testRegistry(t)
	for _, name := range []string{"create_order", "create_label", "create_shipment", "create_customs_shipment"} {
		if err := reg.AddCall("sevensenders."+name, engine.BuiltinFunc(func(_ context.Context, args map[string]any) (any, error) {
			return args, nil
		})); err != nil {
			t.Fatal(err)
		}
	}
	for file, f := range docs {
		if !strings.HasSuffix(file, ".yaml") {
			continue
		}
		t.Run(strings.TrimSuffix(file, ".yaml"), func(t *testing.T) {
			p, err := engine.Load("docs/"+file, f.Data, engine.WithFS("docs", docs))
			if err == nil {
				_, err = engine.Compile(p, reg)
			}
			if err != nil {
				for _, e := range engine.Errors(err) {
					t.Error(e)
				}
				t.Fatal(fmt.Sprint(err))
			}
		})
	}
}

// TestSecurityDocLimits checks that the table of limits in
// docs/security.md lists every limit with its default, maximum and where
// it is set, as LimitDocs has them.
func TestSecurityDocLimits(t *testing.T) {
	src, err := os.ReadFile("../docs/security.md")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	want.WriteString("| limit | default | at most | set by | bounds |\n| --- | --- | --- | --- | --- |\n")
	for _, d := range engine.LimitDocs() {
		by := "`limits:`, `--limit`"
		if d.LoadOnly {
			by = "`--limit`"
		}
		fmt.Fprintf(&want, "| `%s` | %s | %s | %s | %s |\n", d.Name, d.Default, d.Max, by, d.Doc)
	}
	if !strings.Contains(string(src), want.String()) {
		t.Errorf("docs/security.md does not hold the table of limits; it should read:\n%s", want.String())
	}
}
