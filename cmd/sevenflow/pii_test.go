package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// piiChecker finds personal data left unmasked in an output: a value of
// the recipient of a test order, anywhere and in any case, and any value
// of a key that only personal data has, whatever order it came from.
type piiChecker struct {
	from map[string]string // lower-cased value -> the field it is of
	re   *regexp.Regexp    // the values, longest first
}

// personalKeys are the keys whose values are personal wherever they are:
// a masked output has ‹kind:hash› there. A city or postcode on its own is
// not among them (see builtins.PersonalData).
var personalKeys = regexp.MustCompile(`"(recipient_(?:first_name|last_name|company_name|email|phone|address|city|zip)|first_name|last_name|company_name|email|phone|street|house_no|address_details|zip_code)"\s*:\s*"((?:[^"\\]|\\.)*)"`)

// checkedFields are the recipient fields whose values are looked for in
// outputs. A city, a postcode or a house number alone names no one, and
// turns up in warehouses' and PUDO locations' addresses.
var checkedFields = []string{"first_name", "last_name", "company_name", "email", "phone", "street", "address_details"}

// newPIIChecker reads the recipients of the JSON files that globs match.
func newPIIChecker(t testing.TB, globs ...string) *piiChecker {
	t.Helper()
	c := &piiChecker{from: map[string]string{}}
	var files []string
	for _, g := range globs {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var o struct{ Recipient map[string]any }
		if err := json.Unmarshal(b, &o); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		r := o.Recipient
		for _, k := range checkedFields {
			c.add(r[k], "/recipient/"+k)
		}
		if street, ok := r["street"].(string); ok {
			c.add(fmt.Sprintf("%s %v", street, r["house_no"]), "/recipient/street and house_no")
		}
	}
	if len(c.from) < 20 {
		t.Fatalf("%d personal values in %q: too few to check anything", len(c.from), globs)
	}
	vals := make([]string, 0, len(c.from))
	for v := range c.from {
		vals = append(vals, regexp.QuoteMeta(v))
	}
	slices.SortFunc(vals, func(a, b string) int { return len(b) - len(a) })
	c.re = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(` + strings.Join(vals, "|") + `)(?:$|[^\p{L}\p{N}])`)
	return c
}

// add looks for v, a string of at least four characters.
func (c *piiChecker) add(v any, from string) {
	if s, ok := v.(string); ok && utf8.RuneCountInString(s) >= 4 {
		c.from[strings.ToLower(s)] = from
	}
}

// check returns a finding for each unmasked personal value in data, the
// output name: "name:line: ...".
func (c *piiChecker) check(name string, data []byte) []string {
	var out []string
	for i, line := range strings.Split(string(data), "\n") {
		for _, m := range c.re.FindAllStringSubmatch(line, -1) {
			out = append(out, fmt.Sprintf("%s:%d: %q, a test order's %s", name, i+1, m[1], c.from[strings.ToLower(m[1])]))
		}
		for _, m := range personalKeys.FindAllStringSubmatch(line, -1) {
			if m[2] != "" && !strings.Contains(m[2], "‹") {
				out = append(out, fmt.Sprintf("%s:%d: %s %q is not masked", name, i+1, m[1], m[2]))
			}
		}
	}
	return out
}

// testOrders are the inputs of the test orders, from the repository's root.
var testOrders = []string{"testdata/orders/*.json", "testdata/pipelines/order-*.json", "testdata/engine/*/input.json"}

// The checker finds a test order's name in a log line and a real-looking
// address under a personal key, and nothing in a masked golden.
func TestPIICheckerFindsPlantedData(t *testing.T) {
	t.Chdir("../..")
	c := newPIIChecker(t, testOrders...)
	tests := []struct {
		name, golden string
		want         []string
	}{
		{"masked", `ok common {
  "address": "‹address:233e9b› 12",
  "recipient_address": "‹address:77c330›",
  "warehouse_address": "Kochhannstr. 38 10247 Berlin",
  "email": ""
}
log: label for ‹name:bf4fcc› ‹name:cfb3d4›`, nil},
		{"planted address", `ok common {
  "recipient_address": "Bahnhofstrasse 7, 8001 Zürich",
  "to": {"street": "Freie Strasse", "city": "Basel"}
}`, []string{
			`trace.golden:2: "Bahnhofstrasse", a test order's /recipient/street`,
			`trace.golden:2: recipient_address "Bahnhofstrasse 7, 8001 Zürich" is not masked`,
			`trace.golden:3: "Freie Strasse", a test order's /recipient/street`,
			`trace.golden:3: street "Freie Strasse" is not masked`,
		}},
		{"planted name", `log: label for ANNA.MUSTER@example.ch, anna`, []string{
			`trace.golden:1: "ANNA.MUSTER@example.ch", a test order's /recipient/email`,
			`trace.golden:1: "anna", a test order's /recipient/first_name`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "case")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, goldenFile), []byte(tc.golden), 0o600); err != nil {
				t.Fatal(err)
			}
			got := checkGoldens(t, c, filepath.Dir(dir))
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], "case/")
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// checkGoldens returns the findings of c in every golden file under root,
// named by their paths below it.
func checkGoldens(t testing.TB, c *piiChecker, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".golden") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out = append(out, c.check(filepath.ToSlash(rel), b)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// No golden file and no output of run (text, --explain, --format json and
// junit, --trace) shows a test order's personal data unmasked, and with
// --trace-pii run shows it, which the checker finds.
func TestPIIMaskedInOutputs(t *testing.T) {
	t.Chdir("../..")
	c := newPIIChecker(t, testOrders...)
	for _, f := range checkGoldens(t, c, ".") {
		t.Error(f)
	}
	orders, err := filepath.Glob("testdata/orders/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var ndjson bytes.Buffer
	for _, o := range orders {
		b, err := os.ReadFile(o)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		line, _ := json.Marshal(v)
		ndjson.Write(append(line, '\n'))
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "orders.ndjson")
	if err := os.WriteFile(input, ndjson.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--format", "text", "--explain"},
		{"--format", "json", "--explain"},
		{"--format", "junit"},
		{"--format", "text", "--trace-pii"},
	} {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			trace := filepath.Join(dir, "trace.ndjson")
			var stdout, stderr bytes.Buffer
			in := input
			if slices.Contains(args, "--trace-pii") {
				in = "testdata/orders/ch-basel.json" // one is enough to show them
			}
			all := append([]string{"run", "shops/example.yaml", "--input", in, "--trace", trace}, args...)
			if code := run(context.Background(), all, strings.NewReader(""), &stdout, &stderr); code == exitInvalid {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			tr, err := os.ReadFile(trace)
			if err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(trace); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("the trace file's mode is %v, want -rw-------", fi.Mode().Perm())
			}
			findings := slices.Concat(c.check("stdout", stdout.Bytes()), c.check("stderr", stderr.Bytes()), c.check("--trace", tr))
			if slices.Contains(args, "--trace-pii") {
				if len(findings) == 0 {
					t.Error("--trace-pii shows no personal value")
				}
				return
			}
			for _, f := range findings {
				t.Error(f)
			}
		})
	}
}
