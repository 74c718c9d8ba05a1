package journal

import (
	"context"
	"database/sql"
	"fmt"
)

// RunRecord is a run as the journal holds it. Times are as stored
// (UTC, RFC 3339); Finished is "" for a run that is still going or whose
// process stopped.
type RunRecord struct {
	ID       int64  `json:"id"`
	Pipeline string `json:"pipeline"`
	Input    string `json:"input"`
	Target   string `json:"target"`
	Started  string `json:"started"`
	Finished string `json:"finished"`
	Status   string `json:"status"`
	Summary  string `json:"summary"`
}

// OrderRecord is an order of a run as the journal holds it.
type OrderRecord struct {
	Run      int64  `json:"run"`
	Pipeline string `json:"pipeline"`
	OrderID  string `json:"order_id"`
	At       string `json:"at"`
	Started  string `json:"started"`
	Finished string `json:"finished"`
	Status   string `json:"status"`
	Error    string `json:"error"`
}

// CallRecord is a call as the journal holds it. Done is "" for an
// intent without a result; Result is the result as JSON.
type CallRecord struct {
	ID       int64  `json:"id"`
	Run      int64  `json:"run"`
	Path     string `json:"path"`
	Builtin  string `json:"builtin"`
	ArgsHash string `json:"args_hash"`
	Intent   string `json:"intent"`
	Done     string `json:"done"`
	Status   string `json:"status"`
	Result   string `json:"result"`
	Error    string `json:"error"`
	HTTP     string `json:"http"`
}

// Runs returns the runs, oldest first.
func (j *Journal) Runs(ctx context.Context) ([]RunRecord, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT id, pipeline, input, target, started, COALESCE(finished, ''), status, summary FROM runs ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("journal %s: list runs: %w", j.path, err)
	}
	return collect(j, rows, "list runs", func(r *RunRecord) []any {
		return []any{&r.ID, &r.Pipeline, &r.Input, &r.Target, &r.Started, &r.Finished, &r.Status, &r.Summary}
	})
}

// Orders returns the orders of run, in the order they started.
func (j *Journal) Orders(ctx context.Context, run int64) ([]OrderRecord, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT run_id, pipeline, order_id, at, started, COALESCE(finished, ''), status, error
		FROM orders WHERE run_id = ? ORDER BY started, rowid`, run)
	if err != nil {
		return nil, fmt.Errorf("journal %s: list orders: %w", j.path, err)
	}
	return collect(j, rows, "list orders", func(o *OrderRecord) []any {
		return []any{&o.Run, &o.Pipeline, &o.OrderID, &o.At, &o.Started, &o.Finished, &o.Status, &o.Error}
	})
}

// Calls returns the calls that run made for the order of pipeline with
// orderID, in the order they were made.
func (j *Journal) Calls(ctx context.Context, run int64, pipeline, orderID string) ([]CallRecord, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT id, run_id, path, builtin, args_hash, intent, COALESCE(done, ''), status, COALESCE(result, ''), error, http
		FROM calls WHERE run_id = ? AND pipeline = ? AND order_id = ? ORDER BY id`, run, pipeline, orderID)
	if err != nil {
		return nil, fmt.Errorf("journal %s: list calls: %w", j.path, err)
	}
	return collect(j, rows, "list calls", func(c *CallRecord) []any {
		return []any{&c.ID, &c.Run, &c.Path, &c.Builtin, &c.ArgsHash, &c.Intent, &c.Done, &c.Status, &c.Result, &c.Error, &c.HTTP}
	})
}

// collect scans every row into a new T through the fields fields gives.
func collect[T any](j *Journal, rows *sql.Rows, what string, fields func(*T) []any) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(fields(&v)...); err != nil {
			return nil, fmt.Errorf("journal %s: %s: %w", j.path, what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("journal %s: %s: %w", j.path, what, err)
	}
	return out, nil
}
