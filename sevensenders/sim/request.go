package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Object is one stored resource: the JSON object the client sent, with
// every field kept, plus the fields the simulator adds (id, state, ...).
type Object = map[string]any

// request is an *http.Request with its body read and its path parameters.
type request struct {
	*http.Request
	body   []byte
	params map[string]string
}

func (rq *request) readBody() error {
	if rq.Body == nil {
		return nil
	}
	b, err := io.ReadAll(rq.Body)
	rq.body = b
	return err
}

// object decodes the body as a JSON object and normalises it; a body
// that is not a JSON object gets 400.
func (rq *request) object() (Object, response) {
	if len(bytes.TrimSpace(rq.body)) == 0 {
		return nil, badRequest("request body is empty; send a JSON object")
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(rq.body))
	if err := dec.Decode(&v); err != nil {
		return nil, badRequest("request body is not valid JSON: %s", err)
	}
	if dec.More() {
		return nil, badRequest("request body has data after the JSON object")
	}
	obj, isObj := v.(Object)
	if !isObj {
		return nil, badRequest("request body must be a JSON object")
	}
	normalize(obj)
	normalizeCarrier(obj)
	return obj, response{}
}

// normalizeCarrier renames 002's carrier_name and carrier_country inside
// carrier to name and country, and upper-cases the country.
func normalizeCarrier(obj Object) {
	c, isObj := obj["carrier"].(Object)
	if !isObj {
		return
	}
	for old, key := range map[string]string{"carrier_name": "name", "carrier_country": "country"} {
		if v, has := c[old]; has {
			if _, set := c[key]; !set {
				c[key] = v
			}
			delete(c, old)
		}
	}
	if country, isStr := c["country"].(string); isStr {
		c["country"] = strings.ToUpper(country)
	}
}

// decode is object followed by validation against the named schema.
func (rq *request) decode(schema string) (Object, response) {
	obj, res := rq.object()
	if res.isErr() {
		return nil, res
	}
	if res := validate(schema, obj, ""); res.isErr() {
		return nil, res
	}
	return obj, response{}
}

// normalize is the liberal half of the simulator: it drops fields whose
// value is an empty string and rewrites ISO-8601 and dd.mm.yyyy times
// with any offset as RFC 3339, in place and at every depth.
func normalize(v any) any {
	switch x := v.(type) {
	case Object:
		for k, e := range x {
			if s, isStr := e.(string); isStr && s == "" {
				delete(x, k)
				continue
			}
			x[k] = normalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
	case string:
		if t, isTime := parseTime(x); isTime {
			return t.Format(time.RFC3339Nano)
		}
	}
	return v
}

var (
	isoTime = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$`)
	deTime  = regexp.MustCompile(`^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}:\d{2}:\d{2})$`)
)

// parseTime accepts ISO-8601 date-times with a Z or any offset (+01:00,
// +0100, seconds optional) and the dd.mm.yyyy hh:mm:ss form of 002
// (read as UTC).
func parseTime(s string) (time.Time, bool) {
	if m := isoTime.FindStringSubmatch(s); m != nil {
		sec := m[3]
		if sec == "" {
			sec = ":00"
		}
		off := m[4]
		if off != "Z" && !strings.Contains(off, ":") {
			off = off[:3] + ":" + off[3:]
		}
		t, err := time.Parse(time.RFC3339Nano, m[1]+"T"+m[2]+sec+off)
		return t, err == nil
	}
	if m := deTime.FindStringSubmatch(s); m != nil {
		t, err := time.Parse(time.RFC3339, m[3]+"-"+m[2]+"-"+m[1]+"T"+m[4]+"Z")
		return t, err == nil
	}
	return time.Time{}, false
}

// timeField returns obj[key] as a time, if it is one.
func timeField(obj Object, key string) (time.Time, bool) {
	s, _ := obj[key].(string)
	return parseTime(s)
}

// page reads limit (default 20, at most 500) and offset from the query.
func (rq *request) page() (limit, offset int, res response) {
	limit, offset = 20, 0
	q := rq.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return 0, 0, badRequest("limit %q must be a whole number from 1 to 500", v)
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, badRequest("offset %q must be a whole number from 0", v)
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
