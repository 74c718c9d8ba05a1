package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/journal"
)

// Sizes of the summary.
const (
	slowestSteps = 5  // steps listed by mean duration
	listFailures = 10 // failed orders named
)

// batchStats is what the summary of a batch says: how many orders ended
// how, the calls to the target, and how long each step took. It grows
// with the steps of the pipeline, not with the orders.
type batchStats struct {
	start                               time.Time
	orders, ok, exists, failed, stopped int
	calls, retries                      int
	failures                            []string // the first listFailures
	steps                               map[string]*stepStat
}

// stepStat is how long the runs of one step took.
type stepStat struct {
	n          int
	total, max time.Duration
}

// add merges d into s.
func (s *stepStat) add(d stepStat) {
	s.n += d.n
	s.total += d.total
	s.max = max(s.max, d.max)
}

func newBatchStats(start time.Time) *batchStats {
	return &batchStats{start: start, steps: map[string]*stepStat{}}
}

// add counts one order: its status (see orderStatus), the calls it made
// to the target and how many of them were retries, and its steps'
// durations.
func (s *batchStats) add(status string, calls, retries int, steps map[string]*stepStat, name string, err error) {
	s.orders++
	s.calls += calls
	s.retries += retries
	switch status {
	case journal.StatusOK:
		s.ok++
	case journal.StatusExists:
		s.exists++
	case journal.StatusStopped:
		s.stopped++
	default:
		s.failed++
		if len(s.failures) < listFailures {
			msg := "failed"
			if err != nil {
				msg, _, _ = strings.Cut(err.Error(), "\n")
			}
			s.failures = append(s.failures, name+": "+msg)
		}
	}
	for path, d := range steps {
		st := s.steps[path]
		if st == nil {
			st = &stepStat{}
			s.steps[path] = st
		}
		st.add(*d)
	}
}

// summary is the first line of the summary: counts and time.
func (s *batchStats) summary(now time.Time, interrupted bool) string {
	elapsed := now.Sub(s.start)
	rate := ""
	if secs := elapsed.Seconds(); secs > 0 {
		rate = fmt.Sprintf(" (%.1f orders/s)", float64(s.orders)/secs)
	}
	line := fmt.Sprintf("%d orders in %s%s: %d ok, %d exists, %d failed", s.orders, elapsed.Round(time.Millisecond), rate, s.ok, s.exists, s.failed)
	if s.stopped > 0 {
		line += fmt.Sprintf(", %d stopped", s.stopped)
	}
	line += fmt.Sprintf("; %d calls (%d retries)", s.calls, s.retries)
	if interrupted {
		line += "; interrupted: no order was started after it"
	}
	return line
}

// write writes the summary: the counts, the failed orders (the first
// few), and the slowest steps by mean duration.
func (s *batchStats) write(w io.Writer, now time.Time, interrupted bool, target string) error {
	var b strings.Builder
	b.WriteString("summary: " + s.summary(now, interrupted))
	if target != "" {
		b.WriteString(" to " + target)
	}
	b.WriteByte('\n')
	if s.failed > 0 {
		more := ""
		if s.failed > len(s.failures) {
			more = fmt.Sprintf(" (the first %d of %d)", len(s.failures), s.failed)
		}
		fmt.Fprintf(&b, "failed%s:\n", more)
		for _, f := range s.failures {
			fmt.Fprintf(&b, "  %s\n", f)
		}
	}
	paths := make([]string, 0, len(s.steps))
	for p := range s.steps {
		paths = append(paths, p)
	}
	mean := func(p string) time.Duration { return s.steps[p].total / time.Duration(s.steps[p].n) }
	slices.SortFunc(paths, func(x, y string) int {
		return cmp.Or(cmp.Compare(mean(y), mean(x)), cmp.Compare(x, y))
	})
	if len(paths) > slowestSteps {
		paths = paths[:slowestSteps]
	}
	if len(paths) > 0 {
		width := 0
		for _, p := range paths {
			width = max(width, len(p))
		}
		b.WriteString("slowest steps (mean, max, runs):\n")
		for _, p := range paths {
			st := s.steps[p]
			fmt.Fprintf(&b, "  %-*s  %8s  %8s  %d\n", width, p, mean(p).Round(time.Microsecond*100), st.max.Round(time.Microsecond*100), st.n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// stepTimer measures the steps of one run that are not containers of
// others (switch, foreach, use), by path, from StepStart to StepEnd.
type stepTimer struct {
	now    func() time.Time
	starts map[string]time.Time
	took   map[string]*stepStat
}

// observe is an engine observer: it runs on the run's goroutine.
func (t *stepTimer) observe(e engine.Event) {
	switch e := e.(type) {
	case engine.StepStart:
		switch e.Kind {
		case engine.KindSwitch, engine.KindForeach, engine.KindUse:
		default:
			t.starts[e.Path] = t.now()
		}
	case engine.StepEnd:
		start, ok := t.starts[e.Path]
		if !ok {
			return
		}
		delete(t.starts, e.Path)
		if e.Status == engine.StatusSkipped {
			return
		}
		d := t.now().Sub(start)
		st := t.took[e.Path]
		if st == nil {
			st = &stepStat{}
			t.took[e.Path] = st
		}
		st.add(stepStat{n: 1, total: d, max: d})
	}
}
