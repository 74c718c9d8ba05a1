package sim

import (
	"math"
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
