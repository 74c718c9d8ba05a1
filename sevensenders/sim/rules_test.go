package sim

import (
	"flag"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the rule table of docs/simulator.md")

// modes says in which modes a rule case runs.
type modes int

const (
	inBoth modes = iota
	inStrict
	inCompat
)

// ruleCase is one request against the fixture (order ORD-1 1000001 with
// shipment 1000002, tracking code TC-1 to GB, and BRT shipment 1000003,
// reference REF-1) and what it must answer.
type ruleCase struct {
	rule, name string
	modes      modes
	prep       func(c *client)
	method     string
	path       string
	body       any
	noType     bool   // send the body without Content-Type
	token      string // "" the fixture's token, "-" none
	status     int
	message    string   // the whole error message, for an error
	errRule    string   // the rule the error names, if not rule
	warnings   []string // the Warning texts, in order
	check      func(t *testing.T, c *client, v any)
}

// fixture starts a simulator in mode m with the objects every case
// starts from.
func fixture(t *testing.T, m Mode, opts ...Option) *client {
	t.Helper()
	c := setup(t, append([]Option{WithMode(m)}, opts...)...)
	c.order("ORD-1")
	c.shipment("ORD-1", "TC-1")
	brt := shipmentBody("ORD-1", "")
	delete(brt, "tracking_code")
	delete(brt, "carrier")
	brt["reference_number"] = "REF-1"
	c.must(http.StatusCreated, "POST", "/v2/shipments", brt)
	return c
}

// ruleCases are the cases of every rule, in both modes.
func ruleCases() []ruleCase {
	return slices.Concat(requestRuleCases(), orderRuleCases(), shipmentRuleCases(), customsRuleCases())
}

// TestRules runs every rule case in the modes it names.
func TestRules(t *testing.T) {
	for _, tc := range ruleCases() {
		for _, m := range []Mode{Strict, Compatible} {
			if (tc.modes == inStrict && m != Strict) || (tc.modes == inCompat && m != Compatible) {
				continue
			}
			t.Run(tc.rule+"/"+m.String()+"/"+tc.name, func(t *testing.T) { runRuleCase(t, tc, m) })
		}
	}
}

// runRuleCase runs tc in mode m on a fixture made with opts and returns
// its client.
func runRuleCase(t *testing.T, tc ruleCase, m Mode, opts ...Option) *client {
	c := fixture(t, m, opts...)
	if tc.prep != nil {
		tc.prep(c)
	}
	if tc.method == "" {
		tc.check(t, c, nil)
		return c
	}
	status, hdr, v := c.send(tc.method, tc.path, tc.body, tc.token, !tc.noType)
	code, msg, _ := errorOf(v)
	if status != tc.status {
		t.Fatalf("status %d, want %d: %v", status, tc.status, v)
	}
	if status >= 400 {
		wantRule := tc.errRule
		if wantRule == "" {
			wantRule = tc.rule
		}
		if msg != tc.message || field(v, "rule") != wantRule {
			t.Fatalf("error %s %q (rule %q), want %q (rule %q)", code, msg, field(v, "rule"), tc.message, wantRule)
		}
	}
	if got := warningTexts(t, hdr); !reflect.DeepEqual(got, tc.warnings) {
		t.Fatalf("warnings %q, want %q", got, tc.warnings)
	}
	if tc.check != nil {
		tc.check(t, c, v)
	}
	return c
}

// warningRE is one Warning header: 299 sevenflow "text".
var warningRE = regexp.MustCompile(`^299 sevenflow ("(?:[^"\\]|\\.)*")$`)

// warningTexts returns the texts of the Warning headers of hdr.
func warningTexts(t testing.TB, hdr http.Header) []string {
	t.Helper()
	var out []string
	for _, h := range hdr.Values("Warning") {
		m := warningRE.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("Warning header %q is not 299 sevenflow \"...\"", h)
		}
		text, err := strconv.Unquote(m[1])
		if err != nil {
			t.Fatalf("Warning header %q: %v", h, err)
		}
		out = append(out, text)
	}
	return out
}

// TestEveryRuleHasCases: each rule of the table has a case in strict
// mode and one in compatible mode, and every case names a rule.
func TestEveryRuleHasCases(t *testing.T) {
	seen := map[string][2]bool{}
	for _, tc := range ruleCases() {
		if _, found := ruleOf(tc.rule); !found {
			t.Errorf("case %q names no rule %q", tc.name, tc.rule)
		}
		s := seen[tc.rule]
		s[0] = s[0] || tc.modes != inCompat
		s[1] = s[1] || tc.modes != inStrict
		seen[tc.rule] = s
	}
	for _, r := range Rules() {
		if s := seen[r.ID]; !s[0] || !s[1] {
			t.Errorf("rule %s: a strict case %v, a compatible case %v", r.ID, s[0], s[1])
		}
		if r.lenient && r.status == 0 {
			t.Errorf("rule %s is lenient but never an error", r.ID)
		}
	}
}

// docsPath is the document with the rule table.
const docsPath = "../../docs/simulator.md"

// Markers around the generated rule table in docs/simulator.md.
const (
	rulesBegin = "<!-- rules: generated from sevensenders/sim/rules_table.go by go test -update -->"
	rulesEnd   = "<!-- end of rules -->"
)

// TestDocsRuleTable: docs/simulator.md has one row per rule of the Go
// table, with its source and both behaviours, and no other row.
func TestDocsRuleTable(t *testing.T) {
	doc, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, found := strings.Cut(string(doc), rulesBegin+"\n")
	table, after, found2 := strings.Cut(rest, rulesEnd)
	if !found || !found2 {
		t.Fatalf("%s has no rule table between %q and %q", docsPath, rulesBegin, rulesEnd)
	}
	want := ruleTable()
	if *update {
		if err := os.WriteFile(docsPath, []byte(before+rulesBegin+"\n"+want+rulesEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	rows := map[string]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 2 || !strings.HasPrefix(line, "| `") {
			continue
		}
		id := strings.Trim(strings.TrimPrefix(cells[0], "| "), "`")
		rows[id] = line
	}
	for _, r := range Rules() {
		if _, has := rows[r.ID]; !has {
			t.Errorf("rule %s has no row in %s", r.ID, docsPath)
		}
		delete(rows, r.ID)
	}
	for id := range rows {
		t.Errorf("row %s of %s is no rule of rules_table.go", id, docsPath)
	}
	if table != want {
		t.Errorf("the rule table of %s differs from rules_table.go; run go test ./sevensenders/sim -run TestDocsRuleTable -update", docsPath)
	}
}

// ruleTable renders the rules as the Markdown table of the docs.
func ruleTable() string {
	var b strings.Builder
	b.WriteString("| rule | source | strict | compatible |\n| --- | --- | --- | --- |\n")
	for _, r := range Rules() {
		src := r.Source
		if src == "assumed" {
			src = "**assumed**"
		}
		b.WriteString("| `" + r.ID + "` | " + src + " | " + r.Strict + " | " + r.Compatible + " |\n")
	}
	return b.String()
}
