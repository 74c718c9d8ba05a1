package journal

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/sevenflow/sevenflow/engine"
)

// record is the last record of a call.
type record struct {
	runID    int64
	argsHash string
	done     sql.NullString // when the result was recorded; null: never
	status   string
	result   sql.NullString
}

// Interceptor returns the call interceptor of the order's run: see the
// package doc for what it does with each call. Pass it to the order's
// (*engine.Program).Run with engine.WithCallInterceptor.
func (o *Order) Interceptor() engine.CallInterceptor {
	return func(ctx context.Context, call engine.CallInfo, next func(context.Context) (any, error)) (any, error) {
		j := o.run.j
		if j.effect(call.Builtin) == ReadOnly {
			return next(ctx)
		}
		hash, err := argsHash(call.Args)
		if err != nil {
			return nil, fmt.Errorf("journal: %s: %w", call.Path, err)
		}
		o.maskValue(call.Args) // what it masks there, it masks in the result and error
		last, err := o.last(ctx, call.Path)
		if err != nil {
			return nil, err
		}
		if last != nil && last.done.Valid && last.status == StatusOK && last.argsHash == hash {
			var out any
			if err := json.Unmarshal([]byte(last.result.String), &out); err != nil {
				return nil, fmt.Errorf("journal %s: the result of %s in run %d: %w", j.path, call.Path, last.runID, err)
			}
			if !engine.IsMasked(out) {
				engine.Logf(ctx, "journal: done in run %d at %s; not sent again", last.runID, last.done.String)
				engine.ReportStatus(ctx, engine.StatusExists)
				return out, nil
			}
			// The journal kept only a masked result: the API has the
			// real one.
			engine.Logf(ctx, "journal: done in run %d at %s, its result kept masked: looking it up", last.runID, last.done.String)
			ctx = j.resume(ctx)
		}
		if last != nil && !last.done.Valid {
			engine.Logf(ctx, "journal: run %d stopped during this call, which may have arrived: looking before sending", last.runID)
			ctx = j.resume(ctx)
		}
		id, err := o.intent(ctx, call, hash)
		if err != nil {
			return nil, err
		}
		var sent exchanges
		out, callErr := next(engine.WithRecorder(ctx, func(x engine.Exchange) {
			sent.add(x)
			engine.RecordExchange(ctx, x)
		}))
		if err := o.result(ctx, id, out, callErr, sent.String()); err != nil {
			return nil, errors.Join(callErr, err)
		}
		return out, callErr
	}
}

// last returns the last record of the call at path of this order, in any
// run, or nil.
func (o *Order) last(ctx context.Context, path string) (*record, error) {
	var r record
	err := o.run.j.db.QueryRowContext(context.WithoutCancel(ctx),
		`SELECT run_id, args_hash, done, status, result FROM calls WHERE pipeline = ? AND order_id = ? AND path = ? ORDER BY id DESC LIMIT 1`,
		o.run.pipeline, o.id, path).Scan(&r.runID, &r.argsHash, &r.done, &r.status, &r.result)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("journal %s: read the record of %s: %w", o.run.j.path, path, err)
	}
	return &r, nil
}

// intent commits the intent of a call and returns its row.
func (o *Order) intent(ctx context.Context, call engine.CallInfo, hash string) (int64, error) {
	res, err := o.run.j.exec(ctx, "record the intent of "+call.Path,
		`INSERT INTO calls (run_id, pipeline, order_id, path, builtin, args_hash, intent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		o.run.ID, o.run.pipeline, o.id, call.Path, call.Builtin, hash, o.run.j.stamp())
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("journal %s: record the intent of %s: %w", o.run.j.path, call.Path, err)
	}
	return id, nil
}

// result commits the result of the call of row id.
func (o *Order) result(ctx context.Context, id int64, out any, callErr error, sent string) error {
	status, msg := StatusOK, ""
	var result any
	if callErr != nil {
		status, msg = StatusFailed, o.maskText(callErr.Error())
	} else {
		b, err := json.Marshal(o.maskValue(out))
		if err != nil {
			return fmt.Errorf("journal %s: encode a result: %w", o.run.j.path, err)
		}
		result = string(b)
	}
	_, err := o.run.j.exec(ctx, "record a result", `UPDATE calls SET done = ?, status = ?, result = ?, error = ?, http = ? WHERE id = ?`,
		o.run.j.stamp(), status, result, msg, sent, id)
	return err
}

// argsHash is the SHA-256 of the arguments as JSON, whose object keys
// are sorted.
func argsHash(args map[string]any) (string, error) {
	b, err := json.Marshal(args)
	if err != nil {
		return "", fmt.Errorf("hash the arguments: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// exchanges lists the HTTP exchanges of one call: "POST /v2/orders 201".
type exchanges struct {
	mu    sync.Mutex
	lines []string
}

func (e *exchanges) add(x engine.Exchange) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.lines = append(e.lines, fmt.Sprintf("%s %s %d", x.Method, x.Path, x.Status))
}

func (e *exchanges) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.lines, ", ")
}
