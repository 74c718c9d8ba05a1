package sim

import (
	"net/http"
	"time"
)

// Timeouts bound how long the simulator's HTTP server waits for one
// client, so that a client that sends or reads slowly, or not at all,
// ends up cut off rather than holding a connection for ever.
type Timeouts struct {
	// ReadHeader bounds reading the request line and headers.
	ReadHeader time.Duration
	// Read bounds reading the whole request, body included.
	Read time.Duration
	// Write bounds answering: from the end of the request headers to
	// the end of the answer. An injected delay or slow body (faults)
	// runs on top of it.
	Write time.Duration
	// Idle bounds how long a kept-alive connection waits for its next
	// request.
	Idle time.Duration
}

// DefaultTimeouts are the timeouts of `sevenflow sim` unless its flags
// say otherwise.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 30 * time.Second, Write: 30 * time.Second, Idle: 2 * time.Minute}

// maxHeaderBytes bounds the request line and headers (the http package's
// default is 1 MiB): a 7S request needs a few hundred bytes.
const maxHeaderBytes = 64 << 10

// HTTPServer returns the http.Server that serves h the way
// `sevenflow sim` does: with the timeouts t and request headers (the
// request line included) of at most 64 KiB.
func HTTPServer(h http.Handler, t Timeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}
