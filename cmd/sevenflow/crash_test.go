package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Environment of TestCrashRerun: `make test-crash` sets the number of
// rounds; a failed round prints the seed that repeats it.
const (
	envCrashRounds = "SEVENFLOW_CRASH_ROUNDS" // rounds of 1,000 orders; unset: one round of 60
	envCrashSeed   = "SEVENFLOW_CRASH_SEED"
)

// TestCrashRerun kills a batch run with a journal (SIGKILL, at random
// moments), runs it again with the same journal until it finishes, and
// then checks through the simulator's /sim/state that every order, label,
// shipment, order item, customs shipment and manifest exists exactly
// once: as many of each, for each order, as the order makes alone. The
// simulator, `sevenflow sim --state FILE`, is a process of its own and
// is never killed.
//
// `make test-crash` runs 20 rounds of 1,000 orders; `go test` runs one
// round of 60.
func TestCrashRerun(t *testing.T) {
	t.Parallel()
	rounds, orders := 1, 60
	if v := os.Getenv(envCrashRounds); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a number of rounds", envCrashRounds, v)
		}
		rounds, orders = n, 1000
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(envCrashSeed); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", envCrashSeed, v, err)
		}
	}
	bin := buildSevenflow(t)
	_, held := singleRuns(t, bin)
	path, templateOf := genOrders(t, t.TempDir(), orders)
	for round := range rounds {
		roundSeed := seed + uint64(round)
		t.Run(fmt.Sprintf("round %d", round+1), func(t *testing.T) {
			if !crashRound(t, bin, path, templateOf, held, rand.New(rand.NewPCG(roundSeed, roundSeed))) {
				t.Logf("%s=%d repeats this round's kills", envCrashSeed, roundSeed)
			}
		})
	}
}

// crashRound runs one round on a fresh simulator and journal, and reports
// whether it passed.
func crashRound(t *testing.T, bin, input string, templateOf map[string]string, held map[string]holding, rng *rand.Rand) bool {
	dir := t.TempDir()
	base := startSimProcess(t, bin, "--state", filepath.Join(dir, "sim.json"))
	journal := filepath.Join(dir, "journal.db")
	args := []string{"run", exampleShop, "--input", input, "--target", base, "--format", "json",
		"--parallel", "8", "--rate", "0", "--journal", journal}
	// A whole run takes about 40 ms an order here: the kills fall
	// anywhere in it, the later ones earlier, as less is left to do.
	span := time.Duration(len(templateOf)) * 40 * time.Millisecond
	kills := 1 + rng.IntN(3)
	var last procResult
	for attempt := 0; ; attempt++ {
		if attempt > kills+5 {
			t.Fatalf("the batch did not finish after %d runs: exit %d\n%s", attempt, last.code, last.stderr)
		}
		var after time.Duration
		if attempt < kills {
			after = time.Duration(rng.Int64N(int64(span)/int64(attempt+1))) + 50*time.Millisecond
		}
		last = runKilled(t, bin, args, after)
		t.Logf("run %d: killed after %v: %v, exit %d", attempt+1, after, last.killed, last.code)
		if !last.killed {
			break
		}
	}
	if last.code != exitOK {
		t.Errorf("the last run: exit %d\n%s", last.code, last.stderr)
	}
	checkHoldings(t, simState(t, base), templateOf, held)
	show := runBinary(t, bin, "journal", "show", journal)
	if show.code != exitOK || strings.Count(show.stdout, "\nrun ") < 1 {
		t.Errorf("journal show: exit %d\n%s", show.code, show.stderr)
	}
	return !t.Failed()
}

// runKilled runs the command with args and, if after > 0, kills it with
// SIGKILL after that long unless it ended before.
func runKilled(t testing.TB, bin string, args []string, after time.Duration) procResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if after > 0 {
		timer := time.AfterFunc(after, func() { _ = cmd.Process.Kill() })
		defer timer.Stop()
	}
	return waitBinary(t, cmd, &stdout, &stderr)
}
