package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/journal"
)

// Bounds of --parallel.
const (
	defaultParallel = 4
	maxParallel     = 16
)

// batchConfig is what a batch needs beyond its runner.
type batchConfig struct {
	format   string // text, json or junit
	parallel int
	rec      *traceRecorder // nil: no --trace
	journal  *journal.Run   // nil: no --journal
	target   string         // for the summary
}

// batch runs the orders of an input through a runner, --parallel at a
// time, and reports each as it finishes: a text block or a JSON line,
// never interleaved. It holds one order per worker at a time, and no
// trace once it is written, so that its memory stays flat however long
// the input.
//
// Cancelling ctx (Ctrl-C) stops the batch from taking new orders. A run
// under way stops before its next step, and the call it is making is not
// cut off: builtins get a context that is never cancelled (see
// uncancelledCalls), so that the request in flight gets its answer and
// the journal its result.
type batch struct {
	e        *env
	rn       *runner
	cfg      batchConfig
	pipeline string
	multi    bool // more than one order, or a directory: headers and a summary
	now      func() time.Time

	mu          sync.Mutex // guards everything below, and the output
	stats       *batchStats
	progress    *progress // nil: no progress bar
	cases       []seqCase // --format junit
	code        int       // the exit code so far
	writeErr    error     // the first error writing the output
	interrupted bool      // ctx ended before the input did
}

// seqCase is a JUnit case and the place of its order in the input.
type seqCase struct {
	seq int
	c   junitCase
}

// job is one order for a worker.
type job struct {
	seq int
	o   *order
}

// runBatch runs every order of src and returns the exit code: the worst
// of the orders' (1 for a failed run, 2 for an order that is not valid
// input), and 1 when interrupted.
func runBatch(ctx context.Context, e *env, rn *runner, src orderSource, cfg batchConfig) (int, error) {
	b := &batch{e: e, rn: rn, cfg: cfg, pipeline: rn.prog.Pipeline().Name, now: time.Now}
	first, err := src.next()
	if errors.Is(err, io.EOF) {
		return exitInvalid, invalid(errors.New("read input: no order"))
	}
	if err != nil {
		return exitInvalid, invalid(err)
	}
	second, err := src.next()
	if err != nil && !errors.Is(err, io.EOF) {
		return exitInvalid, invalid(err)
	}
	b.multi = src.batch() || second != nil
	if b.multi && rn.flatHeap() {
		// Each run allocates about a megabyte: with the default GOGC a
		// batch spent a seventh of its CPU collecting.
		roomyHeap()
	}
	b.stats = newBatchStats(b.now())
	if b.multi && isTerminal(e.stdout) && isTerminal(e.stderr) {
		total, _ := src.total()
		b.progress = newProgress(e.stderr, total, b.now)
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range cfg.parallel {
		wg.Go(func() { b.work(ctx, jobs) })
	}
	readErr := b.feed(ctx, jobs, src, first, second)
	close(jobs)
	wg.Wait()
	b.progress.clear()
	return b.finish(ctx, readErr)
}

// work runs the orders handed to it until there are no more. An order
// handed over as the batch stopped is not started.
func (b *batch) work(ctx context.Context, jobs <-chan job) {
	for j := range jobs {
		if ctx.Err() != nil {
			b.stop()
			continue
		}
		b.one(ctx, j.seq, j.o)
	}
}

// stop records that the batch stopped before its input ended.
func (b *batch) stop() {
	b.mu.Lock()
	b.interrupted = true
	b.mu.Unlock()
}

// finish writes what comes after the orders (the JUnit report, the
// summary), records the end of the run in the journal and returns the
// exit code.
func (b *batch) finish(ctx context.Context, readErr error) (int, error) {
	if b.cfg.format == "junit" {
		slices.SortFunc(b.cases, func(x, y seqCase) int { return x.seq - y.seq })
		suite := junitSuite{Name: b.pipeline}
		for _, c := range b.cases {
			suite.Cases = append(suite.Cases, c.c)
		}
		if err := writeJUnit(b.e.stdout, suite); err != nil {
			return exitFailed, err
		}
	}
	if b.interrupted {
		b.code = max(b.code, exitFailed)
	}
	if b.multi {
		w := b.e.stdout
		if b.cfg.format != "text" {
			w = b.e.stderr
		}
		if err := b.stats.write(w, b.now(), b.interrupted, b.cfg.target); err != nil && b.writeErr == nil {
			b.writeErr = err
		}
	}
	if jr := b.cfg.journal; jr != nil {
		status := journal.StatusDone
		if b.interrupted || readErr != nil {
			status = journal.StatusStopped
		}
		if err := jr.Finish(context.WithoutCancel(ctx), status, b.stats.summary(b.now(), b.interrupted)); err != nil {
			return exitFailed, err
		}
	}
	switch {
	case b.writeErr != nil:
		return exitFailed, b.writeErr
	case readErr != nil:
		return exitInvalid, invalid(readErr)
	}
	return b.code, nil
}

// feed hands the orders to the workers until the input ends, it cannot
// be read further (the error returned), or ctx ends.
func (b *batch) feed(ctx context.Context, jobs chan<- job, src orderSource, first, second *order) error {
	seq := 0
	send := func(o *order) bool {
		if ctx.Err() != nil {
			return false
		}
		select {
		case jobs <- job{seq: seq, o: o}:
			seq++
			return true
		case <-ctx.Done():
			return false
		}
	}
	for _, o := range []*order{first, second} {
		if o == nil {
			return nil
		}
		if !send(o) {
			b.stop()
			return nil
		}
	}
	for {
		o, err := src.next()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		case !send(o):
			b.stop()
			return nil
		}
	}
}

// one runs one order and reports it.
func (b *batch) one(ctx context.Context, seq int, o *order) {
	timer := &stepTimer{now: b.now, starts: map[string]time.Time{}, took: map[string]*stepStat{}}
	res := b.runOrder(ctx, o, timer)
	b.report(seq, o, res, timer)
}

// runOrder runs o on the target, through the journal if there is one.
func (b *batch) runOrder(ctx context.Context, o *order, timer *stepTimer) *orderRun {
	if o.err != nil {
		return &orderRun{trace: failedTrace(b.pipeline, nil, o.err)}
	}
	extra := []engine.RunOption{engine.WithCallInterceptor(uncancelledCalls), engine.WithObserver(timer.observe)}
	jr := b.cfg.journal
	if jr == nil {
		return b.rn.run(ctx, o, extra...)
	}
	jo, err := jr.StartOrder(ctx, orderKey(o), o.at())
	if err != nil {
		return &orderRun{trace: failedTrace(b.pipeline, o.value, err)}
	}
	res := b.rn.run(ctx, o, append(extra, engine.WithCallInterceptor(jo.Interceptor()))...)
	if err := jo.Finish(ctx, orderStatus(res), res.trace.Err); err != nil {
		res.trace = failedTrace(b.pipeline, o.value, fmt.Errorf("%w (after the run: %s)", err, res.trace.Status))
	}
	return res
}

// uncancelledCalls makes every builtin call with a context that is
// never cancelled, keeping its values: an interrupted run stops before
// its next step (the engine checks the run's context), but the request
// in flight is not cut off, so its answer and its journal record arrive.
func uncancelledCalls(ctx context.Context, _ engine.CallInfo, next func(context.Context) (any, error)) (any, error) {
	return next(context.WithoutCancel(ctx))
}

// report writes how the order went, and counts it.
func (b *batch) report(seq int, o *order, res *orderRun, timer *stepTimer) {
	status := orderStatus(res)
	var out bytes.Buffer
	var jc junitCase
	var err error
	switch b.cfg.format {
	case "json":
		at := ""
		if b.multi {
			at = o.at()
		}
		err = b.rn.writeJSON(&out, res, at)
	case "junit":
		jc, err = junitRun(b.pipeline, seq, res.trace)
	default:
		if b.multi {
			fmt.Fprintf(&out, "order %s (%s): %s\n", orderName(o), o.at(), status)
		}
		err = b.rn.writeText(&out, res)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil {
		b.progress.clear()
		_, err = b.e.stdout.Write(out.Bytes())
	}
	if err == nil {
		err = b.cfg.rec.write(res.trace)
	}
	if err != nil && b.writeErr == nil {
		b.writeErr = err
	}
	if b.cfg.format == "junit" {
		b.cases = append(b.cases, seqCase{seq: seq, c: jc})
	}
	b.code = max(b.code, runExitCode(res.trace.Err))
	sent, retried := 0, 0
	if res.sent {
		sent, retried = calls(res.trace), retries(res.trace)
	}
	b.stats.add(status, sent, retried, timer.took, orderName(o)+" ("+o.at()+")", res.trace.Err)
	b.progress.draw(b.stats)
}

// orderStatus is how an order ended, in the journal's words: ok, exists
// (it ran and changed nothing: every create found its resource), failed,
// or stopped by an interrupt.
func orderStatus(res *orderRun) string {
	t := res.trace
	if t.Status != engine.StatusOK {
		if errs := engine.Errors(t.Err); len(errs) > 0 && errs[0].Code == engine.CodeCanceled {
			return journal.StatusStopped
		}
		return journal.StatusFailed
	}
	if !res.sent {
		return journal.StatusOK
	}
	exists := false
	for _, ev := range t.Events {
		switch ev := ev.(type) {
		case engine.StepEnd:
			exists = exists || (ev.Kind == engine.KindCall && ev.Status == engine.StatusExists)
		case engine.Exchanged:
			if ev.Exchange.Method != "GET" && !strings.HasSuffix(ev.Exchange.Path, "/token") {
				return journal.StatusOK
			}
		}
	}
	if exists {
		return journal.StatusExists
	}
	return journal.StatusOK
}

// failedTrace is the trace of a run that failed with err before its
// first step: an order that could not be read, or that the journal
// refused.
func failedTrace(pipeline string, input any, err error) *engine.Trace {
	return &engine.Trace{
		Pipeline: pipeline, Input: input, Status: engine.StatusFailed, Err: err, Steps: map[string]any{},
		Events: []engine.Event{engine.RunStart{Pipeline: pipeline, Input: input}, engine.RunEnd{Status: engine.StatusFailed, Err: err}},
	}
}

// orderKey is the order's key in the journal: its order_id, or, for an
// input without one, a hash of the whole input.
func orderKey(o *order) string {
	if m, ok := o.value.(map[string]any); ok {
		switch id := m["order_id"].(type) {
		case string:
			if id != "" {
				return id
			}
		case float64:
			return strconv.FormatFloat(id, 'f', -1, 64)
		}
	}
	b, _ := json.Marshal(o.value)
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// orderName names the order in the output: its order_id, else "?".
func orderName(o *order) string {
	if m, ok := o.value.(map[string]any); ok {
		if id, ok := m["order_id"]; ok && id != nil {
			return fmt.Sprint(id)
		}
	}
	return "?"
}
