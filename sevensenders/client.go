package sevensenders

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Base URLs of the real API and the name of the variable holding its
// access key.
const (
	// UATBaseURL is the base URL of the 7S test (UAT) API.
	UATBaseURL = "https://api-uat.sevensenders.com/v2"
	// ProdBaseURL is the base URL of the 7S production API.
	ProdBaseURL = "https://api.sevensenders.com/v2"
	// EnvAccessKey is the environment variable the CLI reads the access
	// key of a real target from.
	EnvAccessKey = "SEVENSENDERS_ACCESS_KEY"
)

// Targets BaseURL knows by name.
const (
	targetUAT  = "uat"
	targetProd = "prod"
)

// Timeouts of the default HTTP client. The whole request is bounded by
// the caller's context.
const (
	dialTimeout           = 5 * time.Second
	responseHeaderTimeout = 30 * time.Second
)

// defaultUserAgent is sent unless WithUserAgent says otherwise.
const defaultUserAgent = "sevenflow-sevensenders"

// BaseURL returns the base URL of a target: "uat", "prod" (or
// "production"), or an http(s) URL. A URL with no path gets /v2, so the
// address of `sevenflow sim` works as it is. The simulator targets are
// wired by the caller, which serves it and passes its URL.
func BaseURL(target string) (string, error) {
	switch strings.ToLower(target) {
	case targetUAT:
		return UATBaseURL, nil
	case targetProd, "production":
		return ProdBaseURL, nil
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("target %q: want uat, prod or an http(s) URL", target)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v2"
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// Client is a client of the 7S API at one base URL. It is safe for
// concurrent use; make one per target and share it.
type Client struct {
	base      *url.URL
	baseErr   error
	accessKey Secret
	secrets   secrets // what answers are searched for, to redact
	hc        *http.Client
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	rand      func() float64
	userAgent string
	retry     RetryPolicy
	observe   Observer
	limiter   *Limiter      // nil: no pacing
	insecure  bool          // plain HTTP off loopback allowed
	breaker   breaker       // of the target: one client per target
	timeout   time.Duration // of one try; 0: none but the transport's

	mu     sync.Mutex // guards token and issued; held while fetching one
	token  Secret
	issued time.Time
}

// Option configures a Client.
type Option func(*Client)

// WithAccessKey sets the access key sent to POST /token. The client
// keeps it as a Secret, and redacts it wherever an answer echoes it.
func WithAccessKey(key string) Option {
	return func(c *Client) { c.accessKey = NewSecret(key) }
}

// WithHTTPClient sets the HTTP client; nil keeps the default, which
// dials within 5 s and waits at most 30 s for response headers. The
// client uses a copy whose redirects are checked first (see
// ErrCrossHostRedirect and ErrPlainHTTP), then by hc's CheckRedirect.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithClock sets the clock used for token lifetimes and Retry-After
// dates (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.now = now }
}

// WithSleep sets how the client waits between attempts. It must return
// early with an error when ctx is done. Tests pass one that records the
// delay and returns at once.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) { c.sleep = sleep }
}

// WithRand sets the source of jitter: a function returning a number in
// [0, 1) (default math/rand/v2.Float64).
func WithRand(f func() float64) Option {
	return func(c *Client) { c.rand = f }
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.userAgent = ua }
}

// WithRetryPolicy sets the retry policy (default DefaultRetryPolicy).
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Client) { c.retry = p }
}

// WithRequestTimeout bounds each try of a call: sending the request and
// reading the whole answer, a slow body included. A try that runs out is
// a transport error, retried as a reset is: a create that may have
// arrived is read back first. 0 (the default) sets no bound but the
// transport's, whose default waits at most 30 s for the answer's
// headers.
func WithRequestTimeout(d time.Duration) Option {
	return func(c *Client) { c.timeout = d }
}

// WithObserver sets a function called after every HTTP exchange.
func WithObserver(o Observer) Option {
	return func(c *Client) { c.observe = o }
}

// NewClient returns a client of the API at baseURL, which ends in /v2
// (see BaseURL). An invalid baseURL makes every call fail with the
// reason.
func NewClient(baseURL string, opts ...Option) *Client {
	c := &Client{
		hc:        defaultHTTPClient(),
		now:       time.Now,
		sleep:     sleepContext,
		rand:      rand.Float64,
		userAgent: defaultUserAgent,
		retry:     DefaultRetryPolicy(),
	}
	u, err := url.Parse(strings.TrimSuffix(baseURL, "/"))
	switch {
	case err != nil:
		c.baseErr = fmt.Errorf("base URL: %w", err)
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		c.baseErr = fmt.Errorf("base URL %q: want an absolute http(s) URL", baseURL)
	}
	c.base = u
	for _, o := range opts {
		o(c)
	}
	c.secrets.add(c.accessKey.Reveal())
	if c.baseErr == nil {
		if err := checkPlain(u, c.insecure); err != nil {
			c.baseErr = fmt.Errorf("base URL: %w", err)
		}
	}
	c.hc = guardRedirects(c.hc, c.insecure)
	return c
}

// Err returns the error every call of the client fails with before it
// sends anything, or nil: an invalid base URL, or one refused with
// ErrPlainHTTP. It lets a caller report a bad target before its first
// call.
func (c *Client) Err() error { return c.baseErr }

// defaultHTTPClient dials within 5 s and waits at most 30 s for the
// response headers; it has no overall timeout, which the caller's
// context sets.
func defaultHTTPClient() *http.Client {
	d := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: responseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
	}}
}

// sleepContext waits d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Exchange is one HTTP request and its answer, as an Observer sees it.
// Request and Response are the JSON bodies as they were sent and
// received, as json.RawMessage, which costs nothing until an observer
// decodes or encodes one; a file download's Response is
// {"content_type", "bytes"}. The access key and the token are replaced
// by "[redacted]". A client without an observer makes none of this.
type Exchange struct {
	Method string
	Path   string // the URL path, /v2 included, without the query
	Status int    // 0 when no answer came
	// Attempt counts the tries of one call from 1; a token call and a
	// read-back count on their own.
	Attempt  int
	Request  any
	Response any
	Err      error // the transport error when Status is 0
}

// Observer is called after every HTTP exchange, from the goroutine that
// made it. It must not keep ctx.
type Observer func(ctx context.Context, x Exchange)
