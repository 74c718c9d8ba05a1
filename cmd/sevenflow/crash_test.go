package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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
// points: after a random number of orders and a random fraction of a
// second, one to three times), runs it again with the same journal until
// it finishes, and then checks through the simulator's /sim/state that
// every order, label, shipment, order item, customs shipment and manifest
// exists exactly once: as many of each, for each order, as the order makes
// alone. The simulator, `sevenflow sim --state FILE`, is a process of its
// own and is never killed.
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
// whether it passed. Each kill falls after a random number of orders has
// finished (in the first run, or in a run again, which redoes the orders
// done from the journal), plus a random fraction of a second, so that it
// lands in the middle of calls however fast the machine is.
func crashRound(t *testing.T, bin, input string, templateOf map[string]string, held map[string]holding, rng *rand.Rand) bool {
	dir := t.TempDir()
	base := startSimProcess(t, bin, "--state", filepath.Join(dir, "sim.json"))
	journal := filepath.Join(dir, "journal.db")
	args := []string{"run", exampleShop, "--input", input, "--target", base, "--format", "json",
		"--parallel", "8", "--rate", "0", "--journal", journal}
	n := len(templateOf)
	kills := 1 + rng.IntN(3)
	killed, runs := 0, 0
	var last procResult
	for {
		if runs > kills+5 {
			t.Fatalf("the batch did not finish after %d runs: exit %d\n%s", runs, last.code, last.stderr)
		}
		after, jitter := 0, time.Duration(0)
		if runs < kills {
			after = 1 + rng.IntN(n/2)
			jitter = time.Duration(rng.Int64N(int64(100 * time.Millisecond)))
		}
		last = runKilled(t, bin, args, after, jitter)
		runs++
		t.Logf("run %d: kill after %d orders and %v: killed %v, exit %d", runs, after, jitter.Round(time.Millisecond), last.killed, last.code)
		if !last.killed {
			break
		}
		killed++
	}
	if killed == 0 {
		t.Errorf("no run was killed: the round proves nothing")
	}
	if last.code != exitOK {
		t.Errorf("the last run: exit %d\n%s", last.code, last.stderr)
	}
	checkHoldings(t, simState(t, base), templateOf, held)
	show := runBinary(t, bin, "journal", "show", journal)
	if got := len(regexp.MustCompile(`(?m)^run \d+: `).FindAllString(show.stdout, -1)); show.code != exitOK || got != runs {
		t.Errorf("journal show: exit %d, %d runs listed, want %d\n%s", show.code, got, runs, show.stderr)
	}
	return !t.Failed()
}

// runKilled runs the command with args and, if after > 0, kills it with
// SIGKILL once it has reported that many orders and jitter has passed,
// unless it ended before.
func runKilled(t testing.TB, bin string, args []string, after int, jitter time.Duration) procResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for lines := 0; sc.Scan(); {
		stdout.Write(append(sc.Bytes(), '\n'))
		if lines++; lines == after {
			time.AfterFunc(jitter, func() { _ = cmd.Process.Kill() })
		}
	}
	return waitBinary(t, cmd, &stdout, &stderr)
}
