package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// envFaults makes TestBatchUnderFaults run 1,000 orders (`make
// test-faults`) instead of a few dozen.
const envFaults = "SEVENFLOW_TEST_FAULTS"

// badDay are the faults of TestBatchUnderFaults, on every POST, the token
// included: 10% 503, 5% 429 with Retry-After, 2% connection resets
// mid-body and 2% answers delayed past the client's request timeout,
// after the change is made (the ambiguous case).
const badDay = `seed: 7
faults:
  - {method: POST, path: /v2/**, status: 503, rate: 10%}
  - {method: POST, path: /v2/**, status: 429, retry_after: 1, rate: 5%}
  - {method: POST, path: /v2/**, kind: reset, rate: 2%}
  - {method: POST, path: /v2/**, kind: delay, delay: 2s, rate: 2%}
`

// summaryCounts reads the counts of a batch's summary line.
var summaryCounts = regexp.MustCompile(`(?m)^summary: (\d+) orders in .*: (\d+) ok, (\d+) exists, (\d+) failed; (\d+) calls \((\d+) retries\)`)

// A batch with --journal against `sevenflow sim --faults` lives through
// a bad day: every order ends done exactly once in the simulator, as it
// does alone on a good day, with nothing missing and nothing twice; an
// order whose retries ran out is done by running the batch again with
// its journal; and the summary counts the retries.
func TestBatchUnderFaults(t *testing.T) {
	t.Parallel()
	n := 36
	if os.Getenv(envFaults) != "" {
		n = 1000
	}
	bin := sharedSevenflow(t)
	_, held := singleRuns(t, bin)
	dir := t.TempDir()
	path, templateOf := genOrders(t, dir, n)
	faults := filepath.Join(dir, "faults.yaml")
	if err := os.WriteFile(faults, []byte(badDay), 0o600); err != nil {
		t.Fatal(err)
	}
	base := startSimProcess(t, bin, "--faults", faults)
	journal := filepath.Join(dir, "batch.db")
	args := []string{"run", exampleShop, "--input", path, "--target", base, "--format", "json",
		"--parallel", "8", "--rate", "0", "--journal", journal, "--request-timeout", "1s"}
	retried := 0
	for round := 1; ; round++ {
		res := runBinary(t, bin, args...)
		m := summaryCounts.FindStringSubmatch(res.stderr)
		if m == nil {
			t.Fatalf("round %d: exit %d, no summary:\n%.2000s", round, res.code, res.stderr)
		}
		failed, _ := strconv.Atoi(m[4])
		r, _ := strconv.Atoi(m[6])
		retried += r
		t.Logf("round %d: %s", round, m[0])
		if failed == 0 {
			if res.code != exitOK {
				t.Errorf("round %d: exit %d with no order failed", round, res.code)
			}
			break
		}
		if round == 3 {
			t.Fatalf("%d orders still failed after %d rounds:\n%.2000s", failed, round, res.stderr)
		}
	}
	if retried == 0 {
		t.Error("the summaries count no retry: the faults did not hit, or the retries were not counted")
	}
	checkHoldings(t, simState(t, base), templateOf, held)
}
