package sim

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// Object is one stored resource: the JSON object the client sent, with
// every field kept, plus the fields the simulator adds (id, state, ...).
type Object = map[string]any

// request is an *http.Request with its body read, its path parameters,
// the server's mode and the rules compatible mode let pass so far.
type request struct {
	*http.Request
	body     []byte
	params   map[string]string
	mode     Mode
	findings []finding
	wire     *fault // a fault on the wire picked for the answer
}

// value decodes the body as one JSON value. A /v2 body must be sent as
// application/json (rule json-content-type); a body that is not JSON
// gets 400.
func (rq *request) value() (any, response) {
	if len(bytes.TrimSpace(rq.body)) == 0 {
		return nil, broken(ruleJSONBody, "", "request body is empty; send a JSON object")
	}
	if strings.HasPrefix(rq.URL.Path, apiPrefix) {
		if res := rq.checkContentType(); res.isErr() {
			return nil, res
		}
	}
	if jsonDepth(rq.body, maxDepth) > maxDepth {
		return nil, broken(ruleJSONDepth, "", "request body nests arrays and objects deeper than %d levels", maxDepth)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(rq.body))
	if err := dec.Decode(&v); err != nil {
		return nil, broken(ruleJSONBody, "", "request body is not valid JSON: %s", err)
	}
	if dec.More() {
		return nil, broken(ruleJSONBody, "", "request body has data after the JSON object")
	}
	return v, response{}
}

// object decodes the body as a JSON object; anything else gets 400.
func (rq *request) object() (Object, response) {
	v, res := rq.value()
	if res.isErr() {
		return nil, res
	}
	obj, isObj := v.(Object)
	if !isObj {
		return nil, broken(ruleJSONBody, "", "request body must be a JSON object")
	}
	return obj, response{}
}

// checkContentType applies rule json-content-type to a request body.
func (rq *request) checkContentType() response {
	ct := rq.Header.Get("Content-Type")
	media, _, err := mime.ParseMediaType(ct)
	if err == nil && (media == "application/json" || strings.HasSuffix(media, "+json")) {
		return response{}
	}
	got := "no Content-Type"
	if ct != "" {
		got = "Content-Type " + strconv.Quote(ct)
	}
	return rq.check(ruleContentType, "",
		"request body sent with "+got+"; send it as application/json",
		"request body read as JSON, sent with "+got)
}

// decode is object followed by conform: the body as a valid object of
// the named schema.
func (rq *request) decode(schema string) (Object, response) {
	obj, res := rq.object()
	if res.isErr() {
		return nil, res
	}
	if res := rq.conform(schema, obj); res.isErr() {
		return nil, res
	}
	return obj, response{}
}

// page reads limit (default 20, at most 500) and offset from the query.
func (rq *request) page() (limit, offset int, res response) {
	limit, offset = 20, 0
	q := rq.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return 0, 0, broken(ruleListPaging, "", "limit %q must be a whole number from 1 to 500", v)
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, broken(ruleListPaging, "", "offset %q must be a whole number from 0", v)
		}
		offset = n
	}
	return limit, offset, response{}
}

// paginate returns the page of objs that limit and offset select.
func paginate(objs []Object, limit, offset int) []Object {
	out := []Object{}
	if offset >= len(objs) {
		return out
	}
	return append(out, objs[offset:min(len(objs), offset+limit)]...)
}

// str returns obj[key] as a string ("" if absent or not a string).
func str(obj Object, key string) string {
	s, _ := obj[key].(string)
	return s
}

// merge copies the fields of update into obj, except the ones the
// simulator owns.
func merge(obj, update Object, owned ...string) {
	for k, v := range update {
		if !contains(owned, k) {
			obj[k] = v
		}
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
