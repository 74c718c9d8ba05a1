package sim

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Fault kinds: what an injected fault does to a request of its route.
const (
	// faultStatus answers an error status (400-599) and changes
	// nothing; with retry_after, a Retry-After header.
	faultStatus = "status"
	// faultExpire answers 401, as for an expired token (rule
	// token-expiry), once the request's token is older than after.
	faultExpire = "expire_token"
	// faultReset runs the request, then cuts the connection in the
	// middle of the answer's body (a TCP reset).
	faultReset = "reset"
	// faultDelay runs the request, then waits delay before answering:
	// past the client's timeout, the change is made and the client
	// does not know it (the ambiguous case).
	faultDelay = "delay"
	// faultSlow runs the request and sends the answer's body in ten
	// pieces spread over delay.
	faultSlow = "slow"
)

var faultKinds = []string{faultStatus, faultExpire, faultReset, faultDelay, faultSlow}

// Retry-After formats of a status fault.
const (
	retrySeconds  = "seconds"
	retryHTTPDate = "http-date"
)

// faultWriteGrace is how long the answer may take to be written once an
// injected delay is over (the server's write timeout is lifted for the
// delay).
const faultWriteGrace = 30 * time.Second

// maxFaultDelay bounds delay and after.
const maxFaultDelay = time.Hour

// fault is one injected fault, as POST /sim/faults and a faults file
// give it and GET /sim/faults lists it.
type fault struct {
	Method           string   `json:"method"`
	Path             string   `json:"path"`
	Kind             string   `json:"kind"`
	Status           int      `json:"status,omitempty"`
	RetryAfter       *int     `json:"retry_after,omitempty"`
	RetryAfterFormat string   `json:"retry_after_format,omitempty"`
	Delay            string   `json:"delay,omitempty"`
	After            string   `json:"after,omitempty"`
	Rate             *float64 `json:"rate,omitempty"`
	Times            int      `json:"times,omitempty"` // how many are still to come; 0 is no end (with a rate)

	delay, after time.Duration
	origin       string // "POST /sim/faults" or "--faults FILE"
}

// faultFields are the fields a fault may have.
var faultFields = []string{"method", "path", "kind", "status", "retry_after", "retry_after_format", "delay", "after", "rate", "times"}

// readFault reads and checks one fault; errors name the field by pointer
// under prefix.
func readFault(obj Object, prefix, origin string) (*fault, response) {
	for k := range obj {
		if !contains(faultFields, k) {
			return nil, invalidField(prefix+"/"+k, "unknown field; a fault has %s", strings.Join(faultFields, ", "))
		}
	}
	f := &fault{Method: strings.ToUpper(str(obj, "method")), Path: str(obj, "path"), Kind: str(obj, "kind"), origin: origin}
	if f.Kind == "" {
		f.Kind = faultStatus
	}
	switch {
	case f.Method == "":
		return nil, invalidField(prefix+"/method", "must be an HTTP method such as POST, or *")
	case !contains(faultKinds, f.Kind):
		return nil, invalidField(prefix+"/kind", "must be one of %s", strings.Join(faultKinds, ", "))
	case !strings.HasPrefix(f.Path, apiPrefix):
		return nil, invalidField(prefix+"/path", "must be a path of the API under /v2/, such as /v2/customs/shipments")
	case !routeExists(f.Method, f.Path):
		return nil, invalidField(prefix+"/path", "no endpoint %s %s", f.Method, f.Path)
	}
	if res := f.readKind(obj, prefix); res.isErr() {
		return nil, res
	}
	if res := f.readCount(obj, prefix); res.isErr() {
		return nil, res
	}
	return f, response{}
}

// readKind reads the fields of f's kind and refuses those of others.
func (f *fault) readKind(obj Object, prefix string) response {
	wants := map[string][]string{
		faultStatus: {"status"}, faultExpire: {"after"}, faultDelay: {"delay"}, faultSlow: {"delay"},
	}[f.Kind]
	for _, k := range []string{"status", "retry_after", "retry_after_format", "delay", "after"} {
		_, has := obj[k]
		allowed := contains(wants, k) || (f.Kind == faultStatus && strings.HasPrefix(k, "retry_after"))
		article := "a"
		if f.Kind == faultExpire {
			article = "an"
		}
		switch {
		case has && !allowed:
			return invalidField(prefix+"/"+k, "%s %s fault takes no %s", article, f.Kind, k)
		case !has && contains(wants, k):
			return invalidField(prefix+"/"+k, "%s %s fault needs %s", article, f.Kind, k)
		}
	}
	if f.Kind == faultStatus {
		status, isNum := obj["status"].(float64)
		if !isNum || status < 400 || status > 599 || status != math.Trunc(status) {
			return invalidField(prefix+"/status", "must be an HTTP error status from 400 to 599")
		}
		f.Status = int(status)
		return f.readRetryAfter(obj, prefix)
	}
	for _, d := range []struct {
		key  string
		into *time.Duration
		text *string
	}{{"delay", &f.delay, &f.Delay}, {"after", &f.after, &f.After}} {
		v, has := obj[d.key]
		if !has {
			continue
		}
		s, _ := v.(string)
		dur, err := time.ParseDuration(s)
		if err != nil || dur < 0 || dur > maxFaultDelay || (d.key == "delay" && dur == 0) {
			return invalidField(prefix+"/"+d.key, "must be a Go duration such as \"35s\", at most 1h")
		}
		*d.into, *d.text = dur, dur.String()
	}
	return response{}
}

// readRetryAfter reads retry_after (whole seconds) and its format.
func (f *fault) readRetryAfter(obj Object, prefix string) response {
	format, hasFormat := obj["retry_after_format"]
	v, has := obj["retry_after"]
	if !has {
		if hasFormat {
			return invalidField(prefix+"/retry_after_format", "goes with retry_after")
		}
		return response{}
	}
	n, isNum := v.(float64)
	if !isNum || n < 0 || n > maxFaultDelay.Seconds() || n != math.Trunc(n) {
		return invalidField(prefix+"/retry_after", "must be whole seconds from 0 to 3600")
	}
	secs := int(n)
	f.RetryAfter = &secs
	f.RetryAfterFormat = retrySeconds
	if hasFormat {
		s, _ := format.(string)
		if s != retrySeconds && s != retryHTTPDate {
			return invalidField(prefix+"/retry_after_format", "must be %s or %s", retrySeconds, retryHTTPDate)
		}
		f.RetryAfterFormat = s
	}
	return response{}
}

// readCount reads rate and times. Without a rate a fault hits the next
// times requests (default 1); with one, each request with that
// probability, times in all (default no end).
func (f *fault) readCount(obj Object, prefix string) response {
	if v, has := obj["rate"]; has {
		rate, ok := readRate(v)
		if !ok {
			return invalidField(prefix+"/rate", "must be a number above 0 and at most 1, or a percentage such as \"10%%\"")
		}
		f.Rate = &rate
	}
	if v, has := obj["times"]; has {
		n, isNum := v.(float64)
		if !isNum || n < 1 || n != math.Trunc(n) {
			return invalidField(prefix+"/times", "must be a whole number from 1")
		}
		f.Times = int(n)
	} else if f.Rate == nil {
		f.Times = 1
	}
	return response{}
}

// readRate reads 0.1 or "10%".
func readRate(v any) (float64, bool) {
	rate, isNum := v.(float64)
	if s, isStr := v.(string); isStr {
		pct, found := strings.CutSuffix(strings.TrimSpace(s), "%")
		n, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if !found || err != nil {
			return 0, false
		}
		rate, isNum = n/100, true
	}
	return rate, isNum && rate > 0 && rate <= 1
}

// adminAddFault answers POST /sim/faults with one fault: it is added
// after the others.
func (s *Server) adminAddFault(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	f, res := readFault(obj, "", "POST /sim/faults")
	if res.isErr() {
		return res
	}
	s.faults.add(f)
	s.logf("fault injected: %s", f.describe())
	return response{status: http.StatusCreated, body: *f}
}

// adminSetFaults answers PUT /sim/faults with a faults file's content,
// {seed, faults}: it replaces every fault.
func (s *Server) adminSetFaults(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	set, res := readFaultSet(obj, "PUT /sim/faults")
	if res.isErr() {
		return res
	}
	if !set.hasSeed {
		set.seed = s.seed
	}
	s.faults = set.injector()
	s.logf("faults replaced: %d, seed %d", len(set.list), set.seed)
	return ok(s.faults.list())
}

// adminFaults answers GET /sim/faults with the faults still to come.
func (s *Server) adminFaults(*request) response {
	return ok(s.faults.list())
}

// adminClearFaults answers DELETE /sim/faults.
func (s *Server) adminClearFaults(*request) response {
	s.faults = injector{seed: s.faults.seed}
	return noContent()
}

// injector holds the faults to come and draws which one hits a request:
// the k-th request of a route that a fault with a rate may hit draws a
// number from the seed, the route and k, so that the same requests in
// the same order meet the same faults.
type injector struct {
	seed   int64
	faults []*fault
	draws  map[string]uint64 // route -> requests drawn for
}

func (in *injector) add(f *fault) { in.faults = append(in.faults, f) }

// list copies the faults to come.
func (in *injector) list() []fault {
	out := []fault{}
	for _, f := range in.faults {
		out = append(out, *f)
	}
	return out
}

// pick returns the fault that hits rq, on the route called route, and
// counts it down; nil if none does. tokenAge is how old rq's token is (-1
// without one). Faults without a rate come first, in order; then one
// number in [0, 1) is drawn and the faults with a rate share it, each its
// rate, in order.
func (in *injector) pick(rq *request, route string, tokenAge time.Duration) *fault {
	var rated []*fault
	for _, f := range in.faults {
		if !f.hits(rq, tokenAge) {
			continue
		}
		if f.Rate == nil {
			return in.use(f)
		}
		rated = append(rated, f)
	}
	if len(rated) == 0 {
		return nil
	}
	if in.draws == nil {
		in.draws = map[string]uint64{}
	}
	k := in.draws[route]
	in.draws[route] = k + 1
	u, sum := unitDraw(in.seed, route, k), 0.0
	for _, f := range rated {
		if sum += *f.Rate; u < sum {
			return in.use(f)
		}
	}
	return nil
}

// use counts f down and drops it when it has run out; it returns a copy
// as it was used.
func (in *injector) use(f *fault) *fault {
	used := *f
	if f.Times > 0 {
		f.Times--
		used.Times = f.Times
		if f.Times == 0 {
			in.faults = slices.DeleteFunc(in.faults, func(e *fault) bool { return e == f })
		}
	}
	return &used
}

// hits reports whether f applies to rq: its method and path, and for an
// expiring token, a token at least f.after old.
func (f *fault) hits(rq *request, tokenAge time.Duration) bool {
	if f.Method != "*" && f.Method != rq.Method {
		return false
	}
	if !faultMatch(segments(f.Path), segments(rq.URL.Path)) {
		return false
	}
	return f.Kind != faultExpire || (tokenAge >= 0 && tokenAge >= f.after)
}

// unitDraw is a number in [0, 1) that depends only on seed, route and k
// (splitmix64 over an FNV-1a hash of the route).
func unitDraw(seed int64, route string, k uint64) float64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(route); i++ {
		h = (h ^ uint64(route[i])) * 1099511628211
	}
	x := h ^ uint64(seed)*0x9E3779B97F4A7C15 ^ (k+1)*0xBF58476D1CE4E5B9
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// describe says which requests f hits and what it does, for the log.
func (f *fault) describe() string { return f.Method + " " + f.Path + ": " + f.action() }

// action says what f does and how often, for the log.
func (f *fault) action() string {
	what := map[string]string{
		faultStatus: fmt.Sprintf("answer %d", f.Status),
		faultExpire: "answer 401 to a token older than " + f.After,
		faultReset:  "cut the connection in the middle of the answer",
		faultDelay:  "answer after " + f.Delay,
		faultSlow:   "send the answer over " + f.Delay,
	}[f.Kind]
	return what + " (" + f.origin + "; " + f.count() + ")"
}

// count says how often f hits: "2 more to come", "10% of requests" or
// "10% of requests, 2 more to come".
func (f *fault) count() string {
	more := strconv.Itoa(f.Times) + " more to come"
	if f.Rate == nil {
		return more
	}
	rate := strconv.FormatFloat(*f.Rate*100, 'f', -1, 64) + "% of requests"
	if f.Times > 0 {
		return rate + ", " + more
	}
	return rate
}

// injected returns the answer of the fault picked for rq, if it answers
// instead of the endpoint (status, expire_token), or records a fault on
// the wire in rq (reset, delay, slow). ok is false if the endpoint runs.
func (s *Server) injected(rq *request, route string, tokenAge time.Duration) (res response, ok bool) {
	f := s.faults.pick(rq, route, tokenAge)
	if f == nil {
		return response{}, false
	}
	s.logf("fault %s %s: %s", rq.Method, truncate(rq.URL.Path), f.action())
	switch f.Kind {
	case faultStatus:
		res := errorf(f.Status, codeInjected, "injected fault: %s %s answers %d (%s; %s); nothing was changed",
			f.Method, f.Path, f.Status, f.origin, f.count())
		if f.RetryAfter != nil {
			res.retryAfter = retryAfter(*f.RetryAfter, f.RetryAfterFormat)
		}
		return res, true
	case faultExpire:
		return broken(ruleTokenExpiry, "", "token expired at %s; get a new one from POST /v2/token", rfc3339(s.now().Add(f.after-tokenAge))), true
	}
	rq.wire = f
	return response{}, false
}

// retryAfter is the value of a Retry-After header of secs seconds: the
// number, or the HTTP-date of the real clock (which the client compares
// with its own) that many seconds ahead.
func retryAfter(secs int, format string) string {
	if format == retryHTTPDate {
		return time.Now().Add(time.Duration(secs) * time.Second).UTC().Format(http.TimeFormat)
	}
	return strconv.Itoa(secs)
}

// segments splits a path into its segments, with the aliases applied and
// a .json suffix removed.
func segments(path string) []string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	segs[len(segs)-1] = strings.TrimSuffix(segs[len(segs)-1], ".json")
	for i, seg := range segs {
		if a, isAlias := aliases[seg]; isAlias {
			segs[i] = a
		}
	}
	return segs
}

// faultMatch reports whether a request's segments fit a fault's: a
// segment "*" or in braces matches any one, a last segment "**" any rest.
func faultMatch(pattern, segs []string) bool {
	if n := len(pattern); n > 0 && pattern[n-1] == "**" {
		return len(segs) >= n && faultMatch(pattern[:n-1], segs[:n-1])
	}
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && !strings.HasPrefix(p, "{") && p != segs[i] {
			return false
		}
	}
	return true
}

// routeExists reports whether some endpoint takes method ("*": any) on
// path, where a wildcard segment stands for any value and a last "**"
// for any rest.
func routeExists(method, path string) bool {
	pattern := segments(path)
	for _, rt := range routes() {
		if rt.pattern[0] != "v2" || (method != "*" && rt.method != method) {
			continue
		}
		if fitsRoute(pattern, rt.pattern) {
			return true
		}
	}
	return false
}

// fitsRoute reports whether a fault's segments can match a request of
// the route whose pattern is route: a wildcard on either side matches
// any one segment.
func fitsRoute(pattern, route []string) bool {
	if n := len(pattern); n > 0 && pattern[n-1] == "**" {
		return len(route) >= n && fitsRoute(pattern[:n-1], route[:n-1])
	}
	if len(pattern) != len(route) {
		return false
	}
	wild := func(seg string) bool { return seg == "*" || strings.HasPrefix(seg, "{") }
	for i, p := range pattern {
		if !wild(p) && !wild(route[i]) && p != route[i] {
			return false
		}
	}
	return true
}
