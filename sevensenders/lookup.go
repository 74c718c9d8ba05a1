package sevensenders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/sevenflow/sevenflow/schemas"
)

// ErrNoKey is wrapped by the error of Lookup when what a POST creates
// cannot be looked up: the body lacks the merchant's key (a label request
// with neither reference_number nor tracking_code), or the path is no
// create of the operation table. Sending such a create again makes a
// second resource.
var ErrNoKey = errors.New("no merchant key to look it up by")

// Found is a resource that Lookup found: what a create would make,
// already there.
type Found struct {
	// Resource is the resource as the create answers it: the order, the
	// shipment, the order item, the states_history entry, ...; for POST
	// /labels the label, made of its shipment's fields.
	Resource json.RawMessage
	// Name names it in messages: `order "ORD-1"`, `customs shipment of
	// shipment 1000003`.
	Name string
	// Locked says why it cannot change although the API has an update,
	// such as `is declared in manifest "M-1"`; "" when it is not locked.
	Locked string
	// UpdatePath is where a PUT changes it, below the base URL and with
	// the 7S id of the resource found; "" when the API cannot change it
	// or it is locked. For a label it is its order's (see
	// Operation.UpdatePart).
	UpdatePath string

	stored    any            // what a body is compared with
	self      map[string]any // the resource whose keys fill the update path
	unchecked []string       // top-level body fields the resource does not keep
	passed    bool           // an order already past the state: nothing to compare
	fixed     func(ptr string) bool
}

// createKeys are what a create sends: the values of its path keys and its
// body, decoded with json.Number.
type createKeys struct {
	params map[string]string
	body   map[string]any
}

// str returns a body field as text ("" when absent or not a scalar).
func (k createKeys) str(name string) string { return scalarString(k.body[name]) }

// need returns a body field as text, or an error wrapping ErrNoKey.
func (k createKeys) need(name string) (string, error) {
	if v := k.str(name); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("%w: %s", ErrNoKey, name)
}

// A locator turns the keys of a create into the look-up of what it makes,
// or fails with ErrNoKey before anything is sent.
type locator func(c *Client, k createKeys) (lookupFunc, error)

// A lookupFunc looks a resource up; nil and no error when it is not there.
type lookupFunc func(ctx context.Context) (*Found, error)

// Lookup finds the resource that a POST of body to path would create, by
// the merchant's key of the operation table (Operation.Key): an order by
// order_id, a shipment by reference_number or tracking_code, a label by
// its shipment's, an order state in the order's states_history, an order
// item by order and sku, a product by sku, a product image by url, a
// customs shipment by shipment_id, a customs manifest by its shipments.
// It reports false when there is none. A path that is no such create, or
// a body without its key, is an error wrapping ErrNoKey, before anything
// is sent. Compare the body with what it found before creating.
//
// Do reads back an ambiguously failed create with the same look-up.
func (c *Client) Lookup(ctx context.Context, path string, body any) (*Found, bool, error) {
	if c.baseErr != nil {
		return nil, false, c.baseErr
	}
	where := "look up POST " + c.urlPath(path)
	op, params, ok := createFor(path)
	if !ok {
		return nil, false, fmt.Errorf("%s: %w", where, ErrNoKey)
	}
	view, err := viewOf(body)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", where, err)
	}
	find, err := op.locate(c, createKeys{params: params, body: view})
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", where, err)
	}
	f, err := find(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", where, err)
	}
	if f == nil {
		return nil, false, nil
	}
	if err := f.complete(op); err != nil {
		return nil, false, fmt.Errorf("%s: %w", where, err)
	}
	return f, true, nil
}

// complete sets what the operation says of a found resource: where it is
// updated, and which fields cannot change.
func (f *Found) complete(op Operation) error {
	var updatable []string
	if op.UpdateSchema != "" {
		keys, _, err := schemas.Properties(op.UpdateSchema)
		if err != nil {
			return err
		}
		updatable = keys
	}
	f.fixed = func(ptr string) bool { return op.isFixed(ptr, updatable) }
	if op.Update == "" || f.Locked != "" || f.self == nil {
		return nil
	}
	if p, ok := fillPath(op.Update, f.self); ok {
		f.UpdatePath = p
	} else {
		f.Locked = "names no id to update it by"
	}
	return nil
}

// readBack looks up what a create made, for Do after an ambiguous
// failure: the resource as the create answers it, and whether it is
// there.
type readBack func(ctx context.Context) (json.RawMessage, bool, error)

// readBackFor returns how Do finds what a POST of the body view to path
// created, or nil when it cannot be looked up (see ErrNoKey).
func (c *Client) readBackFor(path string, view any) readBack {
	op, params, ok := createFor(path)
	if !ok {
		return nil
	}
	body, _ := view.(map[string]any)
	find, err := op.locate(c, createKeys{params: params, body: body})
	if err != nil {
		return nil
	}
	return func(ctx context.Context) (json.RawMessage, bool, error) {
		f, err := find(ctx)
		if err != nil || f == nil {
			return nil, false, err
		}
		return f.Resource, true, nil
	}
}

// object is a JSON object of an answer, as it came and decoded with
// json.Number.
type object struct {
	raw json.RawMessage
	obj map[string]any
}

// newObject decodes raw; anything but an object is an error.
func newObject(raw json.RawMessage) (*object, error) {
	obj, ok := decodeView(raw).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a JSON object, got %.40s", raw)
	}
	return &object{raw: raw, obj: obj}, nil
}

// get gets the object at path; a 404 is nil and no error.
func (c *Client) get(ctx context.Context, path string) (*object, error) {
	var raw json.RawMessage
	_, err := c.Do(ctx, http.MethodGet, path, nil, &raw)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return newObject(raw)
}

// list gets the array of objects at path with query q; a 404 is nil and
// no error.
func (c *Client) list(ctx context.Context, path string, q url.Values) ([]*object, error) {
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var raws []json.RawMessage
	_, err := c.Do(ctx, http.MethodGet, path, nil, &raws)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	objs := make([]*object, 0, len(raws))
	for _, raw := range raws {
		o, err := newObject(raw)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", c.urlPath(path), err)
		}
		objs = append(objs, o)
	}
	return objs, nil
}

// findIn lists path filtered by name=value and returns the first object
// whose name is value (checked here too, so a filter the API ignores
// finds nothing wrong), or nil.
func (c *Client) findIn(ctx context.Context, path, name, value string) (*object, error) {
	objs, err := c.list(ctx, path, url.Values{name: {value}})
	if err != nil {
		return nil, err
	}
	for _, o := range objs {
		if scalarString(o.obj[name]) == value {
			return o, nil
		}
	}
	return nil, nil
}

// foundObject is a Found whose resource is obj, compared with a body as
// it is.
func foundObject(name string, obj, self map[string]any) (*Found, error) {
	raw, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", name, err)
	}
	return &Found{Resource: raw, Name: name, stored: obj, self: self}, nil
}

// isNotFound reports whether err is the API's 404.
func isNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound
}

// viewOf is body as plain JSON values with json.Number numbers.
func viewOf(body any) (map[string]any, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	m, ok := decodeView(b).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("body: want a JSON object, got %.40s", b)
	}
	return m, nil
}

// lookupInto runs a read-back and, when it finds the resource, decodes
// it into v.
func (c *Client) lookupInto(ctx context.Context, lookup readBack, v any, attempts int) (*Response, bool, error) {
	raw, ok, err := lookup(ctx)
	if err != nil || !ok {
		return nil, false, err
	}
	if err := decodeInto(raw, v); err != nil {
		return nil, false, fmt.Errorf("decode: %w", err)
	}
	return &Response{StatusCode: http.StatusOK, Header: http.Header{}, Attempts: attempts, ReadBack: true}, true, nil
}

// scalarString is a string or number as a string, and "" for anything
// else.
func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}
