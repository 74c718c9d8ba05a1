package builtins

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// create runs a create so that running the same order again converges:
// it looks the resource up by the merchant's key of the operation
// (sevensenders.Client.Lookup) and POSTs only when it is not there. A
// resource that matches the body is returned as it is, and the step ends
// as exists; one that differs where the API can change it is PUT to the
// path with its 7S id (for a label, its inline order to the order's), and
// the step ends as updated; any other difference fails the step with a
// *sevensenders.ChangeError naming each field and both values. A body
// without its key is sent as it is, with a line in the trace saying so,
// unless the call resumes one that may have arrived (ContextResuming).
//
// Identical creates of this process run one at a time, and a POST
// refused with 409 because the resource appeared since the look-up (made
// by a parallel run) is looked up again and converged, so that orders
// run in parallel make a shared resource, such as a product, once.
func (b *apiCall) create(ctx context.Context, client *sevensenders.Client, path string, body map[string]any) (any, error) {
	name := fullName(b.op)
	defer b.creating.lock(path, body)()
	found, ok, err := client.Lookup(ctx, path, body)
	switch {
	case errors.Is(err, sevensenders.ErrNoKey) && resuming(ctx):
		return nil, fmt.Errorf("%s: an earlier run stopped while sending this call, and it cannot be looked up (%w): %w; check the API before running it again", name, err, sevensenders.ErrNotRetried)
	case errors.Is(err, sevensenders.ErrNoKey):
		engine.Logf(ctx, "%s: %v: sent without a look-up, so running it again makes another", name, err)
	case err != nil:
		return nil, callError(name, err)
	case ok:
		return b.converge(ctx, client, found, body)
	}
	var v any
	_, err = client.Do(ctx, http.MethodPost, path, body, &v)
	if isStatus(err, http.StatusConflict) {
		if found, ok, lerr := client.Lookup(ctx, path, body); lerr == nil && ok {
			engine.Logf(ctx, "%s: %s appeared since the look-up (another run made it)", name, found.Name)
			return b.converge(ctx, client, found, body)
		}
	}
	if err != nil {
		return nil, callError(name, err)
	}
	return v, nil
}

// isStatus reports whether err is the API's answer with this status.
func isStatus(err error, status int) bool {
	var aerr *sevensenders.APIError
	return errors.As(err, &aerr) && aerr.StatusCode == status
}

// converge brings a resource found by create in line with body, or says
// why it cannot.
func (b *apiCall) converge(ctx context.Context, client *sevensenders.Client, found *sevensenders.Found, body map[string]any) (any, error) {
	name := fullName(b.op)
	diffs, err := found.Compare(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(diffs) == 0 {
		var v any
		if err := json.Unmarshal(found.Resource, &v); err != nil {
			return nil, fmt.Errorf("%s: decode %s: %w", name, found.Name, err)
		}
		engine.ReportStatus(ctx, engine.StatusExists)
		return v, nil
	}
	send := body
	if part := b.op.UpdatePart; part != "" {
		send, _ = body[part].(map[string]any)
	}
	if b.op.UpdateSchema != "" {
		if err := b.validate(b.op.UpdateSchema, send); err != nil {
			return nil, err
		}
		ctx = schemas.WithValidated(ctx, b.op.UpdateSchema)
	}
	for _, d := range diffs {
		engine.Logf(ctx, "%s: update %s: %s", name, found.Name, d)
	}
	var v any
	if _, err := client.Do(ctx, http.MethodPut, found.UpdatePath, send, &v); err != nil {
		return nil, callError(name, err)
	}
	if b.op.UpdatePart != "" {
		// The PUT changed a part (a label's order); the create's answer
		// is still the resource found.
		if err := json.Unmarshal(found.Resource, &v); err != nil {
			return nil, fmt.Errorf("%s: decode %s: %w", name, found.Name, err)
		}
	}
	engine.ReportStatus(ctx, engine.StatusUpdated)
	return v, nil
}
