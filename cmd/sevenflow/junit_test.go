package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// junitSchema is the JUnit XSD the reports must validate against.
const junitSchema = "testdata/junit.xsd"

// TestJUnitSchema validates the JUnit reports of `sevenflow test` (a
// passing, a failing and an invalid case) and of `sevenflow run` against
// the JUnit XSD with xmllint, and checks that the schema rejects a report
// CI systems could not read. The failing case's failure holds its diff.
// xmllint comes from Debian's libxml2-utils, which .ci/run installs: in CI
// a missing xmllint fails the test, elsewhere it skips.
func TestJUnitSchema(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is missing: .ci/run installs it (Debian package libxml2-utils)")
		}
		t.Skip("xmllint is missing: apt-get install libxml2-utils")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".git/HEAD":          "ref: refs/heads/main\n",
		"zone.yaml":          "pipeline: zone\nsteps:\n  - id: zone\n    set: { country: input.recipient.country }\n",
		"order.json":         `{"order_id": "A", "recipient": {"country": "CH"}}`,
		"cases/ok/case.yaml": "pipeline: ../../zone.yaml\ninput: ../../order.json\n",
		"cases/ok/trace.golden": "preflight ok (0 calls on a strict simulator)\nrun zone\n  step zone (set) zone.yaml:3:5\n" +
			"  ok zone {\n    \"country\": \"CH\"\n  }\nrun ok\n",
		"cases/diff/case.yaml": "pipeline: ../../zone.yaml\ninput: ../../order.json\n",
		"cases/diff/trace.golden": "preflight ok (0 calls on a strict simulator)\nrun zone\n  step zone (set) zone.yaml:3:5\n" +
			"  ok zone {\n    \"country\": \"AT\"\n  }\nrun ok\n",
		"cases/bad/case.yaml": "pipeline: ../../zone.yaml\ninput: ../../order.json\nexpect: maybe\n",
	})
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"test", "--format", "junit", filepath.Join(dir, "cases")}, strings.NewReader(""), &stdout, &stderr)
	if code != exitInvalid {
		t.Fatalf("sevenflow test: exit %d, want %d\n%s%s", code, exitInvalid, stdout.String(), stderr.String())
	}
	xmllint(t, stdout.Bytes(), true)
	var report junitSuites
	if err := xml.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]string{}
	for _, c := range report.Suites[0].Cases {
		switch {
		case c.Failure != nil:
			outcomes[c.Name] = "failure: " + c.Failure.Message + "\n" + c.Failure.Text
		case c.Error != nil:
			outcomes[c.Name] = "error: " + c.Error.Message
		default:
			outcomes[c.Name] = "ok"
		}
	}
	if outcomes["ok"] != "ok" || !strings.HasPrefix(outcomes["bad"], "error: ") {
		t.Errorf("outcomes %q", outcomes)
	}
	if f := outcomes["diff"]; !strings.Contains(f, "failure: the trace differs from trace.golden\ndiff ") ||
		!strings.Contains(f, "\n-    \"country\": \"AT\"\n+    \"country\": \"CH\"\n") {
		t.Errorf("the failing case's failure has no diff:\n%s", f)
	}

	stdout.Reset()
	code = run(context.Background(), []string{"run", filepath.Join(dir, "zone.yaml"), "--input", filepath.Join(dir, "order.json"), "--format", "junit"},
		strings.NewReader(""), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("sevenflow run: exit %d\n%s", code, stderr.String())
	}
	xmllint(t, stdout.Bytes(), true)

	for name, bad := range map[string]string{
		"no test count":      `<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>`,
		"no case name":       `<testsuites><testsuite name="s" tests="1"><testcase classname="c"/></testsuite></testsuites>`,
		"count not a number": `<testsuites><testsuite name="s" tests="one"/></testsuites>`,
		"two outcomes":       `<testsuites><testsuite name="s" tests="1"><testcase name="a"><failure/><error/></testcase></testsuite></testsuites>`,
	} {
		t.Run(name, func(t *testing.T) { xmllint(t, []byte(bad), false) })
	}
}

// xmllint validates report against the JUnit schema and fails the test
// unless the outcome is valid.
func xmllint(t *testing.T, report []byte, valid bool) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(file, report, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", junitSchema, file).CombinedOutput()
	switch {
	case valid && err != nil:
		t.Errorf("the report does not validate: %v\n%s\n%s", err, out, report)
	case !valid && err == nil:
		t.Errorf("the schema accepts a bad report:\n%s", report)
	}
}

// writeFiles writes files (path: content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
