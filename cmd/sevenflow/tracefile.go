package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sevenflow/sevenflow/engine"
)

// traceRecorder writes runs to a --trace file: one JSON event a line
// (engine.MarshalEvent), each run beginning with its run_start. A nil
// recorder records nothing.
type traceRecorder struct {
	name string
	f    *os.File
	w    *bufio.Writer
	err  error
}

// createTrace creates (or truncates) the trace file, readable by its
// owner only: with --trace-pii it holds personal data.
func createTrace(name string) (*traceRecorder, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err == nil {
		err = f.Chmod(0o600) // a file that was there keeps its mode otherwise
	}
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	return &traceRecorder{name: name, f: f, w: bufio.NewWriter(f)}, nil
}

// write appends the events of one run.
func (r *traceRecorder) write(t *engine.Trace) error {
	if r == nil || r.err != nil {
		return r.errOrNil()
	}
	for _, e := range t.Events {
		b, err := engine.MarshalEvent(e)
		if err == nil {
			_, err = r.w.Write(append(b, '\n'))
		}
		if err != nil {
			r.err = fmt.Errorf("write trace %s: %w", r.name, err)
			return r.err
		}
	}
	return nil
}

func (r *traceRecorder) errOrNil() error {
	if r == nil {
		return nil
	}
	return r.err
}

// close flushes and closes the file; closing twice is a no-op.
func (r *traceRecorder) close() error {
	if r == nil || r.f == nil {
		return r.errOrNil()
	}
	err := errors.Join(r.w.Flush(), r.f.Close())
	r.f = nil
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("write trace %s: %w", r.name, err)
	}
	return r.err
}

// readTrace reads a --trace file and returns its runs, each the events
// from one run_start to the next. A bad line is an error naming its line.
func readTrace(name string, r io.Reader) ([][]engine.Event, error) {
	var runs [][]engine.Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		e, err := engine.UnmarshalEvent(sc.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if _, ok := e.(engine.RunStart); ok || len(runs) == 0 {
			if !ok {
				return nil, fmt.Errorf("%s:%d: a trace begins with a run_start event", name, line)
			}
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read trace %s: %w", name, err)
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("%s: no runs in the trace", name)
	}
	return runs, nil
}
