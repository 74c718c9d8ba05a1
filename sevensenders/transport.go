package sevensenders

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// HandlerTransport returns an http.RoundTripper that answers every request
// by calling h in the caller's goroutine, without a socket: the in-process
// simulator's transport (WithHTTPClient(&http.Client{Transport:
// HandlerTransport(sim)})). The handler sees a server request, as
// net/http would give it: the URL's host as Host, the path and query as
// RequestURI, a loopback RemoteAddr, and the client's context, which is
// how an in-process caller can pass facts that do not cross a wire. Over
// a real target, use the default transport.
func HandlerTransport(h http.Handler) http.RoundTripper {
	return handlerTransport{h}
}

type handlerTransport struct{ h http.Handler }

// RoundTrip serves req with the handler and returns what it wrote.
func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.Host = req.URL.Host
	sreq.RemoteAddr = "127.0.0.1:0"
	sreq.Proto, sreq.ProtoMajor, sreq.ProtoMinor = "HTTP/1.1", 1, 1
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	w := &recorder{header: http.Header{}}
	t.h.ServeHTTP(w, sreq)
	if req.Body != nil {
		_ = req.Body.Close()
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	header := w.header
	if w.sent != nil {
		header = w.sent
	}
	if _, set := header["Content-Type"]; !set && w.body.Len() > 0 {
		// as net/http's server does for a handler that sets none
		header.Set("Content-Type", http.DetectContentType(w.body.Bytes()))
	}
	if header.Get("Content-Length") == "" {
		header.Set("Content-Length", strconv.Itoa(w.body.Len()))
	}
	return &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(bytes.NewReader(w.body.Bytes())),
		ContentLength: int64(w.body.Len()),
		Request:       req,
	}, nil
}

// recorder is the http.ResponseWriter of one in-memory request.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	sent   http.Header // the header as it was when the status was written; later changes are not sent
}

// Header returns the header to be sent.
func (w *recorder) Header() http.Header { return w.header }

// WriteHeader records the status, once, and freezes the header.
func (w *recorder) WriteHeader(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	w.sent = w.header.Clone()
}

// Write records body bytes, writing a 200 status first if none was.
func (w *recorder) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

var _ http.RoundTripper = handlerTransport{}
