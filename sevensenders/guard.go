package sevensenders

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects is how many redirects a request follows, as net/http's
// default does.
const maxRedirects = 10

// Errors of requests the client refuses to make. A call that runs into
// one fails at once, with no retry.
var (
	// ErrCrossHostRedirect is wrapped by the error of a call redirected
	// to another scheme, host or port while it carries a body or an
	// Authorization header: following it would hand the access key (the
	// body of POST /token) or a token to a server the caller did not name.
	ErrCrossHostRedirect = errors.New("redirect to another host refused: the request carries a body or an Authorization header")
	// ErrPlainHTTP is wrapped by the error of a call, or a redirect, to a
	// plain http:// URL whose host is not loopback, unless the client was
	// made WithInsecure: the access key and the tokens would cross the
	// network in clear.
	ErrPlainHTTP = errors.New("plain HTTP to a host that is not loopback refused")
)

// WithInsecure lets the client speak plain HTTP to a host that is not
// loopback (the CLI's --insecure). Without it such a base URL, or a
// redirect to such a URL, fails with ErrPlainHTTP.
func WithInsecure() Option {
	return func(c *Client) { c.insecure = true }
}

// IsLoopback reports whether host (a name or an address, without port)
// is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// checkPlain returns ErrPlainHTTP, wrapped, for a plain http URL to a
// host that is not loopback, unless insecure.
func checkPlain(u *url.URL, insecure bool) error {
	if insecure || !strings.EqualFold(u.Scheme, "http") || IsLoopback(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("%s://%s: %w", u.Scheme, u.Host, ErrPlainHTTP)
}

// guardRedirects returns a copy of hc whose redirects are checked by
// checkRedirect before hc's own CheckRedirect, if it has one, runs.
func guardRedirects(hc *http.Client, insecure bool) *http.Client {
	guarded := *hc
	next := hc.CheckRedirect
	guarded.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := checkRedirect(req, via, insecure); err != nil {
			return err
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &guarded
}

// checkRedirect refuses a redirect that would take a body or an
// Authorization header to another origin (scheme, host and port), or the
// request to plain HTTP off loopback; it stops after maxRedirects.
func checkRedirect(req *http.Request, via []*http.Request, insecure bool) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	if err := checkPlain(req.URL, insecure); err != nil {
		return fmt.Errorf("redirect to %w", err)
	}
	orig := via[0]
	if sameOrigin(orig.URL, req.URL) {
		return nil
	}
	if orig.Header.Get("Authorization") != "" || orig.GetBody != nil || orig.ContentLength != 0 {
		return fmt.Errorf("%w (%s://%s to %s://%s)", ErrCrossHostRedirect, orig.URL.Scheme, orig.URL.Host, req.URL.Scheme, req.URL.Host)
	}
	return nil
}

// sameOrigin reports whether a and b have the same scheme, host and port.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(hostPort(a), hostPort(b))
}

// hostPort is u's host with its port, the scheme's default if none.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// refused reports whether err is a request the client refused to make.
func refused(err error) bool {
	return errors.Is(err, ErrCrossHostRedirect) || errors.Is(err, ErrPlainHTTP)
}
