package reference

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// api sends the workflow's calls the way the sevensenders.* builtins do:
// payloads validated first (with Validate), creates looked up by the
// merchant's key and converged, answers decoded into plain values.
type api struct {
	c        *sevensenders.Client
	validate bool
}

// check validates a payload against its schema when the run validates;
// a payload that fails is an error and is not sent.
func (a api) check(ctx context.Context, schema string, b body) (context.Context, error) {
	if !a.validate {
		return ctx, nil
	}
	if err := schemas.Validate(schema, map[string]any(b)); err != nil {
		return ctx, fmt.Errorf("reference: payload fails schema %s: %w", schema, err)
	}
	return schemas.WithValidated(ctx, schema), nil
}

// create POSTs b to path unless the resource is there already: then it
// is returned as it is when it matches b, or updated with a PUT (of the
// update part of b, for a label) when the API can change it.
func (a api) create(ctx context.Context, path, schema string, b body, update, updatePart string) (map[string]any, error) {
	vctx, err := a.check(ctx, schema, b)
	if err != nil {
		return nil, err
	}
	found, ok, err := a.c.Lookup(ctx, path, map[string]any(b))
	switch {
	case errors.Is(err, sevensenders.ErrNoKey):
	case err != nil:
		return nil, err
	case ok:
		return a.converge(ctx, found, b, update, updatePart)
	}
	var v map[string]any
	if _, err := a.c.Do(vctx, http.MethodPost, path, map[string]any(b), &v); err != nil {
		return nil, err
	}
	return v, nil
}

// converge brings a resource that create found in line with b.
func (a api) converge(ctx context.Context, found *sevensenders.Found, b body, update, updatePart string) (map[string]any, error) {
	diffs, err := found.Compare(map[string]any(b))
	if err != nil {
		return nil, err
	}
	var v map[string]any
	if len(diffs) == 0 {
		err := json.Unmarshal(found.Resource, &v)
		return v, err
	}
	send := b
	if updatePart != "" {
		send, _ = b[updatePart].(map[string]any)
	}
	vctx, err := a.check(ctx, update, send)
	if err != nil {
		return nil, err
	}
	if _, err := a.c.Do(vctx, http.MethodPut, found.UpdatePath, map[string]any(send), &v); err != nil {
		return nil, err
	}
	if updatePart != "" {
		err = json.Unmarshal(found.Resource, &v)
	}
	return v, err
}

// get GETs path with the query q into v.
func (a api) get(ctx context.Context, path string, q url.Values, v any) error {
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	_, err := a.c.Do(ctx, http.MethodGet, path, nil, v)
	return err
}

// put PUTs b to path.
func (a api) put(ctx context.Context, path, schema string, b body) error {
	vctx, err := a.check(ctx, schema, b)
	if err != nil {
		return err
	}
	var v any
	_, err = a.c.Do(vctx, http.MethodPut, path, map[string]any(b), &v)
	return err
}

// download GETs a label file.
func (a api) download(ctx context.Context, id string) error {
	var data []byte
	_, err := a.c.Do(ctx, http.MethodGet, "/label-download/"+url.PathEscape(id), nil, &data)
	return err
}
