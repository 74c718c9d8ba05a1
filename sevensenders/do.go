package sevensenders

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// maxResponse bounds the body read from one answer (labels included).
const maxResponse = 32 << 20

// redacted replaces secrets in what an Observer sees.
const redacted = "[redacted]"

// Response is the answer to a call made with Do.
type Response struct {
	StatusCode int
	Header     http.Header
	// Attempts counts the tries of the call; token calls and read-backs
	// are not counted.
	Attempts int
	// ReadBack is true when a create failed ambiguously and the result
	// is the resource read back by its merchant key, which shows that
	// the create did arrive.
	ReadBack bool
}

// call is one API call as Do runs it, through tries.
type call struct {
	method string
	path   string // below the base URL, with any query
	body   []byte // nil for no body
	view   any    // body decoded, for the read-back key; see viewOf
	auth   bool   // send a bearer token (false for POST /token)
	secret bool   // the token call: redact request and response
	accept string
}

// result is one answer.
type result struct {
	status int
	header http.Header
	body   []byte
}

// Do sends body (any value encoding to JSON, or nil) with method to path,
// which is below the base URL and may carry a query (for example
// "/orders?order_id=ORD-1"), and decodes a 2xx answer into v: a pointer
// to a value JSON decodes into, a *[]byte for the raw body, or nil. It
// adds the token, retries, reads back creates and reports to the
// Observer as the package doc describes; a non-2xx answer is returned as
// an *APIError. A DELETE whose earlier try may have arrived takes a 404
// on a later try as done. Do is the one way the client calls the API;
// Operations describes what there is to call.
func (c *Client) Do(ctx context.Context, method, path string, body, v any) (*Response, error) {
	if c.baseErr != nil {
		return nil, c.baseErr
	}
	cl := &call{method: strings.ToUpper(method), path: path, auth: true}
	if !strings.HasPrefix(cl.path, "/") {
		cl.path = "/" + cl.path
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encode body: %w", cl.method, c.urlPath(cl.path), err)
		}
		cl.body = b
	}
	if _, raw := v.(*[]byte); raw {
		cl.accept = "*/*"
	}
	return c.run(ctx, cl, v)
}

// transportError is an error of the HTTP round trip itself, as opposed
// to one of getting a token.
type transportError struct{ err error }

// Error returns the cause's text.
func (e *transportError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *transportError) Unwrap() error { return e.err }

// try sends one request and reads its answer. It returns the token it
// used; a transport error is a *transportError. What it returns and
// reports carries no secret: an answer is redacted (redactBody) before
// anything reads it, and the token call's bodies are placeholders, but
// for the token itself, which only the caller gets.
func (c *Client) try(ctx context.Context, cl *call, attempt int) (*result, Secret, error) {
	var tok Secret
	if cl.auth {
		var err error
		if tok, err = c.getToken(ctx); err != nil {
			return nil, Secret{}, err
		}
	}
	req, err := c.newRequest(ctx, cl, tok)
	if err != nil {
		return nil, tok, err
	}
	x := Exchange{Method: cl.method, Path: req.URL.Path, Attempt: attempt}
	if c.observe != nil && cl.body != nil {
		x.Request = json.RawMessage(cl.body)
	}
	if cl.secret {
		x.Request = map[string]any{"access_key": redacted}
	}
	probe, err := c.breaker.enter(ctx, c.now, c.sleep, budgetOf(ctx))
	if err != nil {
		return nil, tok, fmt.Errorf("%s %s: %w", cl.method, c.urlPath(cl.path), err)
	}
	if err := c.limiter.Wait(ctx); err != nil {
		c.breaker.record(c.now(), probe, neutral) // the probe was not sent
		return nil, tok, fmt.Errorf("%s %s: %w", cl.method, c.urlPath(cl.path), err)
	}
	resp, data, err := c.roundTrip(ctx, req)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	c.breaker.record(c.now(), probe, verdictOf(ctx, status, err))
	if err != nil {
		x.Err = err
		c.report(ctx, x)
		if refused(err) {
			return nil, tok, fmt.Errorf("%s %s: %w", cl.method, c.urlPath(cl.path), err)
		}
		return nil, tok, &transportError{err}
	}
	x.Status = resp.StatusCode
	switch {
	case !cl.secret:
		data = redactBody(data, c.secrets.get())
		if c.observe != nil {
			x.Response = responseView(resp.Header.Get("Content-Type"), data)
		}
	case resp.StatusCode < 300:
		// The token itself: only getToken reads it.
		x.Response = map[string]any{"token": redacted}
	default:
		data = tokenErrorBody(data)
		x.Response = json.RawMessage(data)
	}
	c.report(ctx, x)
	return &result{status: resp.StatusCode, header: resp.Header, body: data}, tok, nil
}

// newRequest is the HTTP request of one try of cl, with tok.
func (c *Client) newRequest(ctx context.Context, cl *call, tok Secret) (*http.Request, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.base.String()+cl.path, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", cl.method, c.urlPath(cl.path), err)
	}
	accept := cl.accept
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", c.userAgent)
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if !tok.IsZero() {
		req.Header.Set("Authorization", "Bearer "+tok.Reveal())
	}
	return req, nil
}

// roundTrip sends req and reads its answer, within the client's request
// timeout if it has one. A transport error is returned as it is, not
// wrapped in a *url.Error, with no response; an answer whose body could
// not be read whole is returned with the error. Running out of the
// timeout, unlike the end of ctx, is a transport error like a reset.
func (c *Client) roundTrip(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	if c.timeout > 0 {
		tctx, cancel := context.WithTimeout(ctx, c.timeout)
		defer cancel()
		req = req.WithContext(tctx)
	}
	timedOut := func(err error) error {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no answer within %s: %w", c.timeout, err)
		}
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, timedOut(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return resp, nil, fmt.Errorf("read answer: %w", timedOut(err))
	}
	return resp, data, nil
}

// tokenErrorBody is what is kept of an error answer to POST /token: its
// code, and a placeholder for the message and each field's, which may
// echo the access key in any form.
func tokenErrorBody(data []byte) []byte {
	var eb struct {
		Code   string       `json:"code,omitempty"`
		Errors []FieldError `json:"errors,omitempty"`
	}
	_ = json.Unmarshal(data, &eb)
	for i := range eb.Errors {
		eb.Errors[i].Message = redacted
	}
	out, err := json.Marshal(struct {
		Code    string       `json:"code,omitempty"`
		Message string       `json:"message"`
		Errors  []FieldError `json:"errors,omitempty"`
	}{eb.Code, redacted, eb.Errors})
	if err != nil {
		return []byte(`{"message":"` + redacted + `"}`)
	}
	return out
}

// report hands x to the observer, if there is one.
func (c *Client) report(ctx context.Context, x Exchange) {
	if c.observe != nil {
		c.observe(ctx, x)
	}
}

// urlPath is the URL path of a path below the base URL, without query.
func (c *Client) urlPath(path string) string {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return c.base.Path + path
}

// decodeView decodes JSON into plain values, numbers as json.Number; it
// returns nil for anything that is not JSON.
func decodeView(b []byte) any {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return v
}

// viewOf returns the body decoded with json.Number numbers, decoding it
// on first use: only a read-back needs it.
func (cl *call) viewOf() any {
	if cl.view == nil && cl.body != nil {
		cl.view = decodeView(cl.body)
	}
	return cl.view
}

// responseView is what an Observer sees of an answer: the JSON body as
// it came, or the type and size of a file.
func responseView(contentType string, data []byte) any {
	if len(data) == 0 {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(contentType); mt == "application/json" || strings.HasSuffix(mt, "+json") {
		if json.Valid(data) {
			return json.RawMessage(data)
		}
	}
	return map[string]any{"content_type": contentType, "bytes": len(data)}
}

// decodeInto stores an answer's body in v (see Do).
func decodeInto(data []byte, v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case *[]byte:
		*v = data
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	return json.Unmarshal(data, v)
}

var _ error = (*transportError)(nil)
