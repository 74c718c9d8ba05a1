package builtins

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// prefixSevenSenders starts the name of every builtin that calls the API.
const prefixSevenSenders = "sevensenders."

// resultKind says what a call returns under steps.<id>.
type resultKind int

const (
	resultJSON     resultKind = iota // the decoded JSON answer
	resultDeleted                    // {deleted: true, id, <path keys>}
	resultDownload                   // {id, format, content_type, size, sha256}
)

// operation is one API operation as a builtin: the table entries of the
// sevensenders_*.go files, one file per resource group.
type operation struct {
	name   string // the builtin's name without the prefix, such as "create_order"
	method string
	// path is below the base URL; a segment in braces, such as {id}, is
	// a path key taken from the step's `with` (a non-empty string or a
	// number).
	path string
	// schema names the request body's schema; "" for no body. The body
	// is `with` without the path keys the schema does not know.
	schema   string
	query    []string // the query keys a GET takes, in the order sent
	required []string // the query keys that must be given
	result   resultKind
	// onConflict, when set, is the path a 409 answer sends the same body
	// to with PUT, making the operation a create-or-update (a catalogue
	// sync). Its path keys come from the body.
	onConflict string
	doc        string // one line: what the operation does and the 7S doc section
}

// fullName returns the builtin's registered name.
func (op operation) fullName() string { return prefixSevenSenders + op.name }

// pathKeys returns the names in braces of op.path, in order.
func (op operation) pathKeys() []string {
	var keys []string
	for seg := range strings.SplitSeq(op.path, "/") {
		if k, ok := strings.CutPrefix(seg, "{"); ok {
			keys = append(keys, strings.TrimSuffix(k, "}"))
		}
	}
	return keys
}

// operations returns every API operation, one resource group per file.
func operations() []operation {
	var ops []operation
	ops = append(ops, orderOperations()...)
	ops = append(ops, shipmentOperations()...)
	ops = append(ops, labelOperations()...)
	ops = append(ops, customsOperations()...)
	ops = append(ops, productOperations()...)
	ops = append(ops, directoryOperations()...)
	return ops
}

// apiCall is the builtin of one operation. It is immutable once made and
// safe for concurrent use: the run's state comes in with ctx.
type apiCall struct {
	op       operation
	client   *sevensenders.Client // nil: no target configured
	pathKeys []string
	props    map[string]bool // the body schema's top-level properties
	allowed  []string        // every `with` key, sorted
}

// newAPICall returns the builtin of op, calling client (which may be nil).
func newAPICall(op operation, client *sevensenders.Client) (*apiCall, error) {
	b := &apiCall{op: op, client: client, pathKeys: op.pathKeys(), props: map[string]bool{}}
	if op.schema != "" {
		keys, _, err := schemas.Properties(op.schema)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.fullName(), err)
		}
		for _, k := range keys {
			b.props[k] = true
		}
		b.allowed = append(b.allowed, keys...)
	}
	b.allowed = append(b.allowed, b.pathKeys...)
	b.allowed = append(b.allowed, op.query...)
	slices.Sort(b.allowed)
	b.allowed = slices.Compact(b.allowed)
	return b, nil
}

// Call checks args, validates the body against the operation's schema and,
// only if both are fine, sends the request with the client. Every HTTP
// exchange reaches the run's trace through the client's observer (see
// RecordExchange).
func (b *apiCall) Call(ctx context.Context, args map[string]any) (any, error) {
	name := b.op.fullName()
	client := clientFrom(ctx, b.client)
	if client == nil {
		return nil, fmt.Errorf("%s: no Seven Senders target configured", name)
	}
	if b.op.schema == "" {
		// A body schema is closed and reports unknown keys itself.
		if msgs := b.unknown(sortedArgKeys(args)); len(msgs) > 0 {
			return nil, errors.New(strings.Join(msgs, "; "))
		}
	}
	path, err := b.path(args)
	if err != nil {
		return nil, err
	}
	var body any
	if b.op.schema != "" {
		m := b.body(args)
		if err := schemas.Validate(b.op.schema, m); err != nil {
			var verr *schemas.ValidationError
			if errors.As(err, &verr) {
				return nil, &SchemaError{Builtin: name, Schema: b.op.schema, Violations: verr.Violations, err: verr}
			}
			return nil, fmt.Errorf("%s: validate payload: %w", name, err)
		}
		body = m
	}
	switch b.op.result {
	case resultDeleted:
		if _, err := client.Do(ctx, b.op.method, path, nil, nil); err != nil {
			return nil, callError(name, err)
		}
		out := map[string]any{"deleted": true}
		for _, k := range b.pathKeys {
			out[k] = args[k]
		}
		out["id"] = args[b.pathKeys[len(b.pathKeys)-1]]
		return out, nil
	case resultDownload:
		return b.download(ctx, client, path, args)
	}
	var v any
	_, err = client.Do(ctx, b.op.method, path, body, &v)
	var aerr *sevensenders.APIError
	if b.op.onConflict != "" && errors.As(err, &aerr) && aerr.StatusCode == http.StatusConflict {
		if path, err = b.fill(b.op.onConflict, args); err != nil {
			return nil, err
		}
		_, err = client.Do(ctx, http.MethodPut, path, body, &v)
	}
	if err != nil {
		return nil, callError(name, err)
	}
	return v, nil
}

// path fills the path keys of the operation's path and adds its query.
func (b *apiCall) path(args map[string]any) (string, error) {
	path, err := b.fill(b.op.path, args)
	if err != nil {
		return "", err
	}
	q := url.Values{}
	for _, k := range b.op.query {
		v, has := args[k]
		if !has || v == nil || v == "" {
			if slices.Contains(b.op.required, k) {
				return "", fmt.Errorf("%s: missing key %q", b.op.fullName(), k)
			}
			continue
		}
		s, ok := scalarText(v)
		if !ok {
			return "", fmt.Errorf("%s: %s must be a string, a number or a boolean, got %s", b.op.fullName(), k, describe(v))
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
			return "", fmt.Errorf("%s: missing key %q", b.op.fullName(), k)
		}
		s, ok := scalarText(v)
		if _, isBool := v.(bool); isBool || !ok || s == "" {
			return "", fmt.Errorf("%s: %s must be a non-empty string or a number, got %s", b.op.fullName(), k, describe(v))
		}
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/"), nil
}

// body returns the request body: args without the path keys that the
// schema does not know. Nothing else is dropped or changed, so the schema
// sees (and the API receives) exactly what the step gave.
func (b *apiCall) body(args map[string]any) map[string]any {
	m := make(map[string]any, len(args))
	for k, v := range args {
		if slices.Contains(b.pathKeys, k) && !b.props[k] {
			continue
		}
		m[k] = v
	}
	return m
}

// CheckArgs reports every key of keys the operation does not take, with
// the closest allowed key as a suggestion, and a missing path key.
func (b *apiCall) CheckArgs(keys []string) error {
	msgs := b.unknown(keys)
	if len(keys) > 0 {
		for _, k := range append(slices.Clone(b.pathKeys), b.op.required...) {
			if !slices.Contains(keys, k) {
				msgs = append(msgs, fmt.Sprintf("missing key %q for %s", k, b.op.fullName()))
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
func (b *apiCall) unknown(keys []string) []string {
	var msgs []string
	for _, k := range keys {
		if slices.Contains(b.allowed, k) {
			continue
		}
		msg := fmt.Sprintf("unknown key %q for %s", k, b.op.fullName())
		if s := engine.Closest(k, b.allowed); s != "" {
			msg += fmt.Sprintf(", did you mean %q?", s)
		}
		msgs = append(msgs, msg)
	}
	return msgs
}

// registerSevenSenders adds one builtin per API operation, calling client.
func registerSevenSenders(r *engine.Registry, client *sevensenders.Client) error {
	for _, op := range operations() {
		b, err := newAPICall(op, client)
		if err != nil {
			return err
		}
		if err := r.AddCall(op.fullName(), b); err != nil {
			return err
		}
	}
	return nil
}

var (
	_ engine.Builtin     = (*apiCall)(nil)
	_ engine.ArgsChecker = (*apiCall)(nil)
)
