package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/journal"
)

var journalCommand = command{
	name:    "journal",
	usage:   "journal show FILE [--run N] [--format text|json]",
	summary: "list the runs, orders and calls that a --journal FILE of `sevenflow run` holds",
	run:     runJournal,
}

// openJournal opens the journal of `run --journal` for the
// sevensenders.* builtins: GETs are not journaled, a call that a stopped
// run may have sent is made again under builtins.ContextResuming, and
// personal data is recorded masked, whatever --trace-pii says: a journal
// is a file that outlives the batch.
func openJournal(path string) (*journal.Journal, error) {
	mask, err := personalMask(false)
	if err != nil {
		return nil, err
	}
	j, err := journal.Open(path,
		journal.WithEffect(func(b string) journal.Effect {
			if builtins.ReadOnly(b) {
				return journal.ReadOnly
			}
			return journal.SideEffect
		}),
		journal.WithResume(builtins.ContextResuming),
		journal.WithMask(mask))
	if err != nil {
		return nil, invalid(err)
	}
	return j, nil
}

func runJournal(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	format := fs.String("format", "text", "output: text, or json (one object a line: each run, then its orders, each followed by its calls)")
	runID := fs.Int64("run", 0, "show only run `N`")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	const hint = "run 'sevenflow journal --help'"
	switch {
	case len(rest) != 2 || rest[0] != "show":
		return usageErrorf(hint, "journal needs: show FILE")
	case *format != "text" && *format != "json":
		return usageErrorf(hint, "unknown --format %q (want text or json)", *format)
	}
	j, err := journal.OpenReadOnly(rest[1])
	if err != nil {
		return invalid(err)
	}
	defer j.Close()
	runs, err := j.Runs(ctx)
	if err != nil {
		return failed(err)
	}
	w := &journalWriter{w: e.stdout, json: *format == "json"}
	found := false
	for _, r := range runs {
		if *runID != 0 && r.ID != *runID {
			continue
		}
		found = true
		if err := showRun(ctx, j, w, r); err != nil {
			return err
		}
	}
	if *runID != 0 && !found {
		return usageErrorf("run 'sevenflow journal show "+rest[1]+"' to list the runs", "%s has no run %d", rest[1], *runID)
	}
	return w.err
}

// showRun writes one run, its orders and their calls.
func showRun(ctx context.Context, j *journal.Journal, w *journalWriter, r journal.RunRecord) error {
	finished := r.Finished
	if finished == "" {
		finished = "(no end recorded: still running, or its process stopped)"
	}
	w.put("run", r, fmt.Sprintf("run %d: %s %s -> %s\n  started %s, finished %s: %s\n  %s\n",
		r.ID, r.Pipeline, r.Input, r.Target, r.Started, finished, r.Status, r.Summary))
	orders, err := j.Orders(ctx, r.ID)
	if err != nil {
		return failed(err)
	}
	for _, o := range orders {
		line := fmt.Sprintf("  order %s (%s): %s", o.OrderID, o.At, o.Status)
		if o.Error != "" {
			first, _, _ := strings.Cut(o.Error, "\n")
			line += ": " + first
		}
		w.put("order", o, line+"\n")
		calls, err := j.Calls(ctx, r.ID, o.Pipeline, o.OrderID)
		if err != nil {
			return failed(err)
		}
		for _, c := range calls {
			state := c.Status
			if c.Done == "" {
				state = "intent without a result (the process stopped during the call)"
			}
			line := fmt.Sprintf("    %s %s: %s", c.Path, c.Builtin, state)
			if c.HTTP != "" {
				line += " [" + c.HTTP + "]"
			}
			if c.Error != "" {
				line += ": " + c.Error
			}
			w.put("call", c, line+"\n")
		}
	}
	return w.err
}

// journalWriter writes the records of `journal show` as text or as JSON
// lines, and keeps the first error.
type journalWriter struct {
	w    io.Writer
	json bool
	err  error
}

// put writes one record: text, or {"type": kind, ...rec}.
func (w *journalWriter) put(kind string, rec any, text string) {
	if w.err != nil {
		return
	}
	if !w.json {
		_, w.err = io.WriteString(w.w, text)
		return
	}
	b, err := json.Marshal(rec)
	if err == nil {
		_, err = fmt.Fprintf(w.w, "{\"type\":%q,%s\n", kind, b[1:])
	}
	w.err = err
}
