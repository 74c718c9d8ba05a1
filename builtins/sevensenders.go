package builtins

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// prefixSevenSenders starts the name of every builtin that calls the API.
const prefixSevenSenders = "sevensenders."

// fullName returns the registered name of the builtin of op.
func fullName(op sevensenders.Operation) string { return prefixSevenSenders + op.Name }

// operations returns the operations of the 7S API, one builtin each: the
// table of package sevensenders, which also gives the client its look-ups
// and this package's documentation.
func operations() []sevensenders.Operation { return sevensenders.Operations() }

// apiCall is the builtin of one operation. It is immutable once made and
// safe for concurrent use: the run's state comes in with ctx.
type apiCall struct {
	op       sevensenders.Operation
	client   *sevensenders.Client // the default target; nil: none configured
	pathKeys []string
	keys     func() (*opKeys, error) // read from the body schema at first use
	creating *createLocks            // identical creates, one at a time
}

// opKeys are the keys an operation takes.
type opKeys struct {
	props   map[string]bool // the body schema's top-level properties
	allowed []string        // every `with` key, sorted
}

// newAPICall returns the builtin of op, calling client (which may be nil).
// Its keys are read from the body schema when first needed: a process
// registers every builtin and calls a few.
func newAPICall(op sevensenders.Operation, client *sevensenders.Client) *apiCall {
	b := &apiCall{op: op, client: client, pathKeys: op.PathKeys(), creating: &createLocks{}}
	b.keys = sync.OnceValues(func() (*opKeys, error) {
		k := &opKeys{props: map[string]bool{}}
		if op.Schema != "" {
			props, _, err := schemas.Properties(op.Schema)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", fullName(op), err)
			}
			for _, p := range props {
				k.props[p] = true
			}
			k.allowed = append(k.allowed, props...)
		}
		k.allowed = append(k.allowed, b.pathKeys...)
		k.allowed = append(k.allowed, op.Query...)
		slices.Sort(k.allowed)
		k.allowed = slices.Compact(k.allowed)
		return k, nil
	})
	return b
}

// Call checks args, validates the body against the operation's schema and,
// only if both are fine, sends the request with the client of the run
// (ContextWithClient) or the one given to Register. A create first looks
// its resource up (see create). Every HTTP exchange reaches the run's
// trace through the client's observer (see RecordExchange).
func (b *apiCall) Call(ctx context.Context, args map[string]any) (any, error) {
	name := fullName(b.op)
	client := clientFor(ctx, b.client)
	if client == nil {
		return nil, fmt.Errorf("%s: no Seven Senders target configured", name)
	}
	if b.op.Schema == "" {
		// A body schema is closed and reports unknown keys itself.
		msgs, err := b.unknown(sortedArgKeys(args))
		if err != nil {
			return nil, err
		}
		if len(msgs) > 0 {
			return nil, errors.New(strings.Join(msgs, "; "))
		}
	}
	path, err := b.path(args)
	if err != nil {
		return nil, err
	}
	var body map[string]any
	if b.op.Schema != "" {
		if body, err = b.body(args); err != nil {
			return nil, err
		}
		if err := b.validate(b.op.Schema, body); err != nil {
			return nil, err
		}
		// An in-process simulator need not validate it again.
		ctx = schemas.WithValidated(ctx, b.op.Schema)
	}
	switch {
	case b.op.Answer == sevensenders.AnswerNone:
		if _, err := client.Do(ctx, b.op.Method, path, nil, nil); err != nil && !(resuming(ctx) && isStatus(err, http.StatusNotFound)) {
			return nil, callError(name, err)
		}
		out := map[string]any{"deleted": true}
		for _, k := range b.pathKeys {
			out[k] = args[k]
		}
		out["id"] = args[b.pathKeys[len(b.pathKeys)-1]]
		return out, nil
	case b.op.Answer == sevensenders.AnswerFile:
		return b.download(ctx, client, path, args)
	case b.op.Key != "":
		return b.create(ctx, client, path, body)
	}
	var v any
	var send any
	if body != nil {
		send = body
	}
	if _, err := client.Do(ctx, b.op.Method, path, send, &v); err != nil {
		return nil, callError(name, err)
	}
	return v, nil
}

// validate checks body against the named schema; a failure is a
// *SchemaError with every violation.
func (b *apiCall) validate(schema string, body map[string]any) error {
	err := schemas.Validate(schema, body)
	if err == nil {
		return nil
	}
	var verr *schemas.ValidationError
	if errors.As(err, &verr) {
		return &SchemaError{Builtin: fullName(b.op), Schema: schema, Violations: verr.Violations, err: verr}
	}
	return fmt.Errorf("%s: validate payload: %w", fullName(b.op), err)
}

// path fills the path keys of the operation's path and adds its query.
func (b *apiCall) path(args map[string]any) (string, error) {
	path, err := b.fill(b.op.Path, args)
	if err != nil {
		return "", err
	}
	q := url.Values{}
	for _, k := range b.op.Query {
		v, has := args[k]
		if !has || v == nil || v == "" {
			if slices.Contains(b.op.Required, k) {
				return "", fmt.Errorf("%s: missing key %q", fullName(b.op), k)
			}
			continue
		}
		s, ok := scalarText(v)
		if !ok {
			return "", fmt.Errorf("%s: %s must be a string, a number or a boolean, got %s", fullName(b.op), k, describe(v))
		}
		q.Set(k, s)
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path, nil
}

// fill replaces each path key in braces of tmpl with its value from args.
func (b *apiCall) fill(tmpl string, args map[string]any) (string, error) {
	segs := strings.Split(tmpl, "/")
	for i, seg := range segs {
		k, ok := strings.CutPrefix(seg, "{")
		if !ok {
			continue
		}
		k = strings.TrimSuffix(k, "}")
		v, has := args[k]
		if !has {
			return "", fmt.Errorf("%s: missing key %q", fullName(b.op), k)
		}
		s, ok := scalarText(v)
		if _, isBool := v.(bool); isBool || !ok || s == "" {
			return "", fmt.Errorf("%s: %s must be a non-empty string or a number, got %s", fullName(b.op), k, describe(v))
		}
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/"), nil
}

// body returns the request body: args without the path keys that the
// schema does not know. Nothing else is dropped or changed, so the schema
// sees (and the API receives) exactly what the step gave.
func (b *apiCall) body(args map[string]any) (map[string]any, error) {
	keys, err := b.keys()
	if err != nil {
		return nil, err
	}
	m := make(map[string]any, len(args))
	for k, v := range args {
		if slices.Contains(b.pathKeys, k) && !keys.props[k] {
			continue
		}
		m[k] = v
	}
	return m, nil
}

// CheckArgs reports every key of keys the operation does not take, with
// the closest allowed key as a suggestion, and a missing path key.
func (b *apiCall) CheckArgs(keys []string) error {
	msgs, err := b.unknown(keys)
	if err != nil {
		return err
	}
	if len(keys) > 0 {
		for _, k := range append(slices.Clone(b.pathKeys), b.op.Required...) {
			if !slices.Contains(keys, k) {
				msgs = append(msgs, fmt.Sprintf("missing key %q for %s", k, fullName(b.op)))
			}
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}

// unknown returns a message for each of keys that the operation does not
// take, suggesting the closest key it does.
func (b *apiCall) unknown(keys []string) ([]string, error) {
	op, err := b.keys()
	if err != nil {
		return nil, err
	}
	var msgs []string
	for _, k := range keys {
		if slices.Contains(op.allowed, k) {
			continue
		}
		msg := fmt.Sprintf("unknown key %q for %s", k, fullName(b.op))
		if s := engine.Closest(k, op.allowed); s != "" {
			msg += fmt.Sprintf(", did you mean %q?", s)
		}
		msgs = append(msgs, msg)
	}
	return msgs, nil
}

// registerSevenSenders adds one builtin per API operation, calling client.
func registerSevenSenders(r *engine.Registry, client *sevensenders.Client) error {
	for _, op := range operations() {
		if err := r.AddCall(fullName(op), newAPICall(op, client)); err != nil {
			return err
		}
	}
	return nil
}

// ReadOnly reports whether the call builtin name only reads: a
// sevensenders.* builtin of a GET. Calling it again changes nothing, so a
// journal of side effects need not record it. Any other name, known or
// not, may change something.
func ReadOnly(name string) bool {
	for _, op := range operations() {
		if fullName(op) == name {
			return op.Method == http.MethodGet
		}
	}
	return false
}

var (
	_ engine.Builtin     = (*apiCall)(nil)
	_ engine.ArgsChecker = (*apiCall)(nil)
)
