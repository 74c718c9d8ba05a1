package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go

	"github.com/sevenflow/sevenflow/engine"
)

// busyTimeout is how long a statement waits for a lock held by another
// connection (`journal show` while a batch runs) before it fails.
const busyTimeout = 10 * time.Second

// timeFormat is how times are stored: UTC, sortable as text.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// schema creates the tables of a new journal; it is a no-op on an
// existing one.
const schema = `
CREATE TABLE IF NOT EXISTS runs (
	id       INTEGER PRIMARY KEY,
	pipeline TEXT NOT NULL,
	input    TEXT NOT NULL,
	target   TEXT NOT NULL,
	started  TEXT NOT NULL,
	finished TEXT,
	status   TEXT NOT NULL,
	summary  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS orders (
	run_id   INTEGER NOT NULL REFERENCES runs(id),
	pipeline TEXT NOT NULL,
	order_id TEXT NOT NULL,
	at       TEXT NOT NULL,
	started  TEXT NOT NULL,
	finished TEXT,
	status   TEXT NOT NULL,
	error    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (run_id, pipeline, order_id)
);
CREATE TABLE IF NOT EXISTS calls (
	id        INTEGER PRIMARY KEY,
	run_id    INTEGER NOT NULL REFERENCES runs(id),
	pipeline  TEXT NOT NULL,
	order_id  TEXT NOT NULL,
	path      TEXT NOT NULL,
	builtin   TEXT NOT NULL,
	args_hash TEXT NOT NULL,
	intent    TEXT NOT NULL,
	done      TEXT,
	status    TEXT NOT NULL DEFAULT '',
	result    TEXT,
	error     TEXT NOT NULL DEFAULT '',
	http      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS calls_by_key ON calls (pipeline, order_id, path, id);
CREATE INDEX IF NOT EXISTS calls_by_run ON calls (run_id, pipeline, order_id, id);
`

// Statuses of runs, orders and calls in the journal.
const (
	StatusRunning = "running" // a run or order started and not finished: still going, or its process stopped
	StatusDone    = "done"    // a run that read all its input
	StatusStopped = "stopped" // a run or order stopped by an interrupt
	StatusOK      = "ok"      // an order or call that succeeded
	StatusExists  = "exists"  // an order that found everything done, and changed nothing
	StatusFailed  = "failed"  // an order or call that failed
)

// Journal is an open journal database. It is safe for concurrent use by
// the workers of a batch.
type Journal struct {
	db     *sql.DB
	path   string
	effect func(builtin string) Effect
	resume func(context.Context) context.Context
	now    func() time.Time
	mask   *engine.Mask // nil: results and errors recorded as they are
	lock   *os.File     // the writer's lock; nil when read-only
}

// Effect says whether a call may change something, and so is journaled.
type Effect int

// The effects of a call.
const (
	// SideEffect is a call that may change something at the API (a POST,
	// PUT or DELETE): it is journaled and sent once.
	SideEffect Effect = iota
	// ReadOnly is a call that changes nothing (a GET): it is not
	// journaled, and a rerun sends it again.
	ReadOnly
)

// Option configures a Journal.
type Option func(*Journal)

// WithEffect sets how the journal tells which calls may change something
// (default: every call may).
func WithEffect(fn func(builtin string) Effect) Option {
	return func(j *Journal) { j.effect = fn }
}

// WithResume sets the context under which a call is made again when an
// earlier run recorded its intent and no result (default: ctx as it is).
func WithResume(fn func(context.Context) context.Context) Option {
	return func(j *Journal) { j.resume = fn }
}

// WithMask keeps the personal data that m names out of the journal: a
// call's result and error, and an order's error, are recorded masked
// (‹kind:hash›), with what each order's arguments taught the mask. A
// result that was masked is not handed back on a rerun, which would pass
// masks on as values: the call is made again under the journal's Resume
// context, and a create finds what it made by the merchant's key.
func WithMask(m *engine.Mask) Option {
	return func(j *Journal) { j.mask = m }
}

// WithClock sets the clock of the times recorded (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(j *Journal) { j.now = now }
}

// Open opens the journal at path, creating it if there is none, for a
// batch to write to.
//
// One batch at a time writes to a journal: while one has it open, Open
// fails with ErrInUse (OpenReadOnly still reads it).
func Open(path string, opts ...Option) (*Journal, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("journal %s: the name may not contain ? or #", path)
	}
	lock, err := lockFile(path)
	if err != nil {
		return nil, err
	}
	j, err := open(path, false)
	if err != nil {
		closeLock(lock)
		return nil, err
	}
	// The lock's file stays open until the database is closed: closing
	// another descriptor of the file would drop SQLite's own locks.
	j.lock = lock
	for _, o := range opts {
		o(j)
	}
	// One connection: the workers' commits are serialized here rather
	// than in SQLite's lock, and each is a transaction of its own.
	j.db.SetMaxOpenConns(1)
	if _, err := j.db.Exec(schema); err != nil {
		_ = j.Close()
		return nil, fmt.Errorf("journal %s: create tables: %w", path, err)
	}
	return j, nil
}

// OpenReadOnly opens an existing journal to read it, also while a batch
// writes to it.
func OpenReadOnly(path string) (*Journal, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return open(path, true)
}

// open opens the database at path in WAL mode with synchronous=FULL.
func open(path string, readOnly bool) (*Journal, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("journal %s: the name may not contain ? or #", path)
	}
	dsn := fmt.Sprintf("%s?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)", path, busyTimeout.Milliseconds())
	if readOnly {
		dsn += "&_pragma=query_only(1)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	return &Journal{db: db, path: path, effect: func(string) Effect { return SideEffect },
		resume: func(ctx context.Context) context.Context { return ctx }, now: time.Now}, nil
}

// Close closes the database.
func (j *Journal) Close() error {
	err := j.db.Close()
	closeLock(j.lock)
	if err != nil {
		return fmt.Errorf("journal %s: close: %w", j.path, err)
	}
	return nil
}

// closeLock lets go of a writer's lock taken by lockFile.
func closeLock(f *os.File) {
	if f != nil {
		_ = f.Close()
	}
}

// ErrInUse is wrapped by the error of Open when another batch writes to
// the journal.
var ErrInUse = errors.New("another batch is writing to it; run one batch at a time on a journal, or give this one a journal of its own")

// stamp is the time now as stored.
func (j *Journal) stamp() string { return j.now().UTC().Format(timeFormat) }

// exec runs one statement as its own transaction.
func (j *Journal) exec(ctx context.Context, what, query string, args ...any) (sql.Result, error) {
	res, err := j.db.ExecContext(context.WithoutCancel(ctx), query, args...)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %s: %w", j.path, what, err)
	}
	return res, nil
}

// RunInfo describes a batch run.
type RunInfo struct {
	Pipeline string // the pipeline's name
	Input    string // the input file or directory
	Target   string // the API's base URL
}

// Run is one batch run in the journal.
type Run struct {
	j        *Journal
	ID       int64 // the run's number in the journal, from 1
	pipeline string
}

// StartRun records the start of a batch run.
func (j *Journal) StartRun(ctx context.Context, info RunInfo) (*Run, error) {
	res, err := j.exec(ctx, "start a run", `INSERT INTO runs (pipeline, input, target, started, status) VALUES (?, ?, ?, ?, ?)`,
		info.Pipeline, info.Input, info.Target, j.stamp(), StatusRunning)
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("journal %s: start a run: %w", j.path, err)
	}
	return &Run{j: j, ID: id, pipeline: info.Pipeline}, nil
}

// Finish records the end of the run: StatusDone or StatusStopped, and a
// line that sums it up.
func (r *Run) Finish(ctx context.Context, status, summary string) error {
	_, err := r.j.exec(ctx, "finish the run", `UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?`,
		r.j.stamp(), status, summary, r.ID)
	return err
}

// ErrDuplicate is returned by StartOrder for an order that the run has
// already started: the input holds the same order twice.
var ErrDuplicate = errors.New("the order is already in this run")

// Order is one order of a run in the journal.
type Order struct {
	run *Run
	id  string

	mu   sync.Mutex     // guards mask
	mask *engine.Masker // of the journal's Mask, for this order's records
}

// StartOrder records the start of the order with this id, read at `at`
// (such as "orders.ndjson:17"). An order the run has already started is
// ErrDuplicate.
func (r *Run) StartOrder(ctx context.Context, orderID, at string) (*Order, error) {
	_, err := r.j.exec(ctx, "start order "+orderID, `INSERT INTO orders (run_id, pipeline, order_id, at, started, status) VALUES (?, ?, ?, ?, ?, ?)`,
		r.ID, r.pipeline, orderID, at, r.j.stamp(), StatusRunning)
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		var first string
		_ = r.j.db.QueryRowContext(context.WithoutCancel(ctx), `SELECT at FROM orders WHERE run_id = ? AND pipeline = ? AND order_id = ?`,
			r.ID, r.pipeline, orderID).Scan(&first)
		return nil, fmt.Errorf("order %q at %s: %w (at %s)", orderID, at, ErrDuplicate, first)
	}
	if err != nil {
		return nil, err
	}
	return &Order{run: r, id: orderID, mask: r.j.mask.NewMasker()}, nil
}

// Finish records how the order ended: StatusOK, StatusExists,
// StatusFailed or StatusStopped, and the error of a failed one.
func (o *Order) Finish(ctx context.Context, status string, runErr error) error {
	msg := ""
	if runErr != nil {
		msg = o.maskText(runErr.Error())
	}
	_, err := o.run.j.exec(ctx, "finish order "+o.id, `UPDATE orders SET finished = ?, status = ?, error = ? WHERE run_id = ? AND pipeline = ? AND order_id = ?`,
		o.run.j.stamp(), status, msg, o.run.ID, o.run.pipeline, o.id)
	return err
}

// maskValue returns v masked for the journal.
func (o *Order) maskValue(v any) any {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.mask.Value(v)
}

// maskText returns s masked for the journal.
func (o *Order) maskText(s string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.mask.Text(s)
}
