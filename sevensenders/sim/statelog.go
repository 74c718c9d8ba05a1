package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The state file (WithStateFile, sevenflow sim --state FILE) is two
// files: FILE, a snapshot of the whole State as JSON, and FILE.log, the
// changes made since, one JSON record a line. A request that changes
// something appends one record and syncs it to disk, so that a change
// costs one append however large the state is (and a sync, made outside
// the lock). Now and then the log is
// compacted: the snapshot is written afresh (a temp file, synced and
// renamed over FILE) and the log emptied.
//
// Loading reads the snapshot and replays the log. Replaying a record
// twice gives what replaying it once does (a record holds whole objects
// and absolute values), so a crash between writing a snapshot and
// emptying the log loses nothing. A crash in the middle of an append
// leaves a torn last record: it is ignored with a warning in the log,
// and the change it held is lost, as its request never got an answer.

// Compaction: the log is compacted once it holds more than
// compactRatio times the bytes of the snapshot, and at least
// compactMinBytes.
const (
	compactRatio    = 2
	compactMinBytes = 1 << 20
)

// logSuffix names the log beside the snapshot.
const logSuffix = ".log"

// changes collects what requests changed since the last record: the
// objects put or removed, in order, and whether the other parts of the
// state changed. A nil *changes records nothing (no state file).
type changes struct {
	ops        []change
	last       map[string]bool // table+key -> whether the last op was a put
	tokens     map[string]time.Time
	scalars    bool // LastID or Offset changed
	warehouses bool
	reset      bool
}

// change is one object put (inserted or changed) or removed.
type change struct {
	t   *table
	key string
	obj Object // nil for a removal
}

func (c *changes) put(t *table, o Object) {
	if c == nil {
		return
	}
	id := t.name + "\x00" + str(o, t.key)
	if c.last[id] {
		return // put already; the record takes the object as it is at the end
	}
	if c.last == nil {
		c.last = map[string]bool{}
	}
	c.last[id] = true
	c.ops = append(c.ops, change{t: t, key: str(o, t.key), obj: o})
}

func (c *changes) remove(t *table, key string) {
	if c == nil {
		return
	}
	if c.last == nil {
		c.last = map[string]bool{}
	}
	c.last[t.name+"\x00"+key] = false
	c.ops = append(c.ops, change{t: t, key: key})
}

func (c *changes) token(digest string, exp time.Time) {
	if c == nil {
		return
	}
	if c.tokens == nil {
		c.tokens = map[string]time.Time{}
	}
	c.tokens[digest] = exp
}

func (c *changes) scalar() {
	if c != nil {
		c.scalars = true
	}
}

func (c *changes) warehouse() {
	if c != nil {
		c.warehouses = true
	}
}

func (c *changes) resetAll() {
	if c != nil {
		c.reset = true
	}
}

func (c *changes) empty() bool {
	return len(c.ops) == 0 && len(c.tokens) == 0 && !c.scalars && !c.warehouses && !c.reset
}

func (c *changes) clear() { *c = changes{} }

// logRecord is one line of the log.
type logRecord struct {
	LastID     int64                `json:"last_id"`
	Offset     time.Duration        `json:"offset"`
	Tokens     map[string]time.Time `json:"token_digests,omitempty"`
	Warehouses *[]Warehouse         `json:"warehouses,omitempty"`
	Ops        []logOp              `json:"ops,omitempty"`
}

// logOp is an object put (Obj set) or removed (Key set) in a collection.
type logOp struct {
	Put string `json:"put,omitempty"`
	Del string `json:"del,omitempty"`
	Key string `json:"key,omitempty"`
	Obj Object `json:"obj,omitempty"`
}

// stateLog is the open log of a state file.
type stateLog struct {
	path      string // the snapshot; the log is path + logSuffix
	f         *os.File
	bytes     int64 // in the log
	snapBytes int64
	minBytes  int64 // compactMinBytes; smaller in tests
	broken    bool  // an append failed: the next commit compacts
}

// commit writes what changed since the last commit, under the lock: one
// record appended, or a new snapshot (synced) after a reset, a failed
// append or when the log has grown past the compaction threshold. It
// reports whether the log needs a sync, which the caller does once it
// has released the lock (syncLog), before it answers: so a slow disk
// holds up the request that changed something, not every other.
func (s *Server) commit() (needSync bool, err error) {
	c := s.changes
	if c == nil || c.empty() {
		return false, nil
	}
	defer c.clear()
	l := s.slog
	if c.reset || l.broken || l.bytes > max(l.minBytes, compactRatio*l.snapBytes) {
		return false, s.compact()
	}
	b, err := json.Marshal(s.record(c))
	if err != nil {
		return false, fmt.Errorf("encode state log record: %w", err)
	}
	b = append(b, '\n')
	if _, err := l.f.Write(b); err != nil {
		l.broken = true
		return false, fmt.Errorf("append to %s: %w", l.f.Name(), err)
	}
	l.bytes += int64(len(b))
	return true, nil
}

// syncLog syncs the log to disk, outside the lock. The sync of any
// request covers every record appended before it; a failure makes the
// next commit write a snapshot.
func (s *Server) syncLog() error {
	if err := s.slog.f.Sync(); err != nil {
		s.mu.Lock()
		s.slog.broken = true
		s.mu.Unlock()
		return fmt.Errorf("sync %s: %w", s.slog.f.Name(), err)
	}
	return nil
}

// record is the log record of c.
func (s *Server) record(c *changes) logRecord {
	r := logRecord{LastID: s.st.LastID, Offset: s.st.Offset, Tokens: c.tokens}
	if c.warehouses {
		ws := append([]Warehouse{}, s.st.Warehouses...)
		r.Warehouses = &ws
	}
	for _, op := range c.ops {
		if op.obj == nil {
			r.Ops = append(r.Ops, logOp{Del: op.t.name, Key: op.key})
		} else {
			r.Ops = append(r.Ops, logOp{Put: op.t.name, Obj: op.obj})
		}
	}
	return r
}

// compact writes the snapshot afresh and empties the log.
func (s *Server) compact() error {
	l := s.slog
	b, err := json.MarshalIndent(s.st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	b = append(b, '\n')
	if err := writeFileSynced(l.path, b); err != nil {
		l.broken = true
		return err
	}
	if err := l.f.Truncate(0); err != nil {
		l.broken = true
		return fmt.Errorf("empty %s: %w", l.f.Name(), err)
	}
	if err := l.f.Sync(); err != nil {
		l.broken = true
		return fmt.Errorf("sync %s: %w", l.f.Name(), err)
	}
	l.bytes, l.snapBytes, l.broken = 0, int64(len(b)), false
	return nil
}

// writeFileSynced writes b to path atomically and durably: a temp file
// beside it, synced, renamed over path, and the directory synced.
func writeFileSynced(path string, b []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temp file: %w", err)
	}
	_, werr := f.Write(b)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("rename to %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not every file system syncs a directory
		_ = d.Close()
	}
	return nil
}
