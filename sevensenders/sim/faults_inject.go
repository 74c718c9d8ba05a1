package sim

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

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
