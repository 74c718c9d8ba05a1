package sevensenders

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how often and how long the client retries a call.
// The n-th retry waits a random time in [0, min(Cap, Base·2^(n-1))) (full
// jitter), or what Retry-After asks for when that is at most
// MaxRetryAfter; a longer Retry-After ends the call with the *APIError.
// Zero fields take the values of DefaultRetryPolicy.
type RetryPolicy struct {
	Base          time.Duration
	Cap           time.Duration
	MaxAttempts   int // tries in all, the first included; a retry budget replaces it
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy returns the policy of a new Client: from 500 ms,
// capped at 30 s, at most 4 attempts, Retry-After honoured up to 60 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{Base: 500 * time.Millisecond, Cap: 30 * time.Second, MaxAttempts: 4, MaxRetryAfter: 60 * time.Second}
}

// withDefaults fills the zero fields of p from DefaultRetryPolicy.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.Base <= 0 {
		p.Base = d.Base
	}
	if p.Cap <= 0 {
		p.Cap = d.Cap
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return p
}

// delay returns how long to wait after try n (from 1) failed, with r in
// [0, 1) for the jitter and apiErr the failed try's answer (nil when none
// came), or false when the policy gives up: after MaxAttempts tries
// (unless budgeted: a retry budget, not a count, bounds the call), or
// when Retry-After asks for longer than MaxRetryAfter. Whether the
// failure is worth a retry at all is retryableStatus's.
func (p RetryPolicy) delay(n int, r float64, apiErr *APIError, budgeted bool) (time.Duration, bool) {
	if n >= p.MaxAttempts && !budgeted {
		return 0, false
	}
	wait := p.backoff(n, r)
	if apiErr != nil && apiErr.RetryAfter > 0 {
		if apiErr.RetryAfter > p.MaxRetryAfter {
			return 0, false
		}
		wait = apiErr.RetryAfter
	}
	return wait, true
}

// backoff is the wait before retry n (from 1), with r in [0, 1).
func (p RetryPolicy) backoff(n int, r float64) time.Duration {
	ceil := p.Cap
	if n-1 < 32 {
		if d := p.Base << (n - 1); d > 0 && d < ceil {
			ceil = d
		}
	}
	return time.Duration(r * float64(ceil))
}

// retryableStatus reports whether an answer with this status is worth
// another try: rate limited, or a gateway or server briefly unavailable.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// notArrived reports whether a failed try surely did not reach the API,
// so a create may be sent again without reading back: a 429 (the API
// refused it before doing anything) or an error dialling the server.
func notArrived(status int, err error) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP
// date, relative to now.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
