package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// load reads the snapshot and replays the log of the state file, then
// opens the log for appending. A missing snapshot is an empty state,
// written at once; so is a state that a log held records for.
func (s *Server) load() error {
	st := s.newState()
	snap, err := os.ReadFile(s.stateFile)
	fresh := errors.Is(err, fs.ErrNotExist)
	switch {
	case fresh:
	case err != nil:
		return fmt.Errorf("read %s: %w", s.stateFile, err)
	default:
		if err := decodeSnapshot(snap, st); err != nil {
			return fmt.Errorf("decode %s: %w", s.stateFile, err)
		}
	}
	logPath := s.stateFile + logSuffix
	records, err := os.ReadFile(logPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", logPath, err)
	}
	replayed, err := s.replay(st, logPath, records)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open state log: %w", err)
	}
	s.st = st
	s.slog = &stateLog{path: s.stateFile, f: f, bytes: int64(len(records)), snapBytes: int64(len(snap)), minBytes: compactMinBytes}
	if s.warehouses != nil {
		s.st.Warehouses = append([]Warehouse{}, s.warehouses...)
	}
	// A new snapshot keeps the clock, seed and warehouses of this start
	// (the log holds none of them), and drops a torn last record.
	if fresh || replayed || s.warehouses != nil {
		if err := s.compact(); err != nil {
			return fmt.Errorf("compact %s: %w", s.stateFile, err)
		}
	}
	return nil
}

// decodeSnapshot reads a snapshot into st. One written before tokens
// were kept as digests lists the tokens themselves.
func decodeSnapshot(b []byte, st *State) error {
	if err := json.Unmarshal(b, st); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	var legacy struct {
		Tokens map[string]time.Time `json:"tokens"`
	}
	if err := json.Unmarshal(b, &legacy); err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	for token, exp := range legacy.Tokens {
		st.TokenDigests[tokenDigest(token)] = exp
	}
	return nil
}

// replay applies the records of the log to st and reports whether there
// were any. A last record that is cut short or not JSON is a torn append:
// it is left out with a warning. Any other bad record is an error.
func (s *Server) replay(st *State, logPath string, records []byte) (bool, error) {
	if len(records) == 0 {
		return false, nil
	}
	lines := bytes.SplitAfter(records, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	r := newReplayer(st)
	for i, line := range lines {
		last := i == len(lines)-1
		var rec logRecord
		err := json.Unmarshal(line, &rec)
		if err == nil && !bytes.HasSuffix(line, []byte("\n")) {
			err = errors.New("no end of line")
		}
		if err != nil && last {
			s.logf("state log %s: record %d is torn (%s), left out: the change of a request that got no answer", logPath, i+1, err)
			break
		}
		if err != nil {
			return false, fmt.Errorf("state log %s: record %d: %w", logPath, i+1, err)
		}
		r.apply(rec)
	}
	r.done()
	return true, nil
}

// replayer applies log records to a State, finding objects by key.
type replayer struct {
	st  *State
	tbl tables
	pos map[string]map[string]int // table -> key -> index in its slice
}

func newReplayer(st *State) *replayer {
	r := &replayer{st: st, tbl: newTables(nil), pos: map[string]map[string]int{}}
	for _, t := range r.tbl.all() {
		m := map[string]int{}
		for i, o := range *t.list(st) {
			m[str(o, t.key)] = i
		}
		r.pos[t.name] = m
	}
	return r
}

func (r *replayer) table(name string) *table {
	for _, t := range r.tbl.all() {
		if t.name == name {
			return t
		}
	}
	return nil
}

// apply puts and removes the objects of rec (a removed one becomes nil
// until done) and sets the rest.
func (r *replayer) apply(rec logRecord) {
	r.st.LastID, r.st.Offset = rec.LastID, rec.Offset
	for d, exp := range rec.Tokens {
		r.st.TokenDigests[d] = exp
	}
	if rec.Warehouses != nil {
		r.st.Warehouses = *rec.Warehouses
	}
	for _, op := range rec.Ops {
		name := op.Put + op.Del
		t := r.table(name)
		if t == nil {
			continue
		}
		list, pos := t.list(r.st), r.pos[name]
		if op.Del != "" {
			if i, has := pos[op.Key]; has {
				(*list)[i] = nil
				delete(pos, op.Key)
			}
			continue
		}
		k := str(op.Obj, t.key)
		if i, has := pos[k]; has {
			(*list)[i] = op.Obj
			continue
		}
		pos[k] = len(*list)
		*list = append(*list, op.Obj)
	}
}

// done drops the removed objects.
func (r *replayer) done() {
	for _, t := range r.tbl.all() {
		list := t.list(r.st)
		kept := (*list)[:0]
		for _, o := range *list {
			if o != nil {
				kept = append(kept, o)
			}
		}
		*list = kept
	}
}
