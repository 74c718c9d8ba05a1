package sim

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"time"
)

// slowPieces is how many pieces a slow answer's body is sent in.
const slowPieces = 10

// send writes the answer, with the fault on the wire if one was picked
// for the request (reset, delay, slow). The change the request made is
// on disk by then: the client may not learn of it, but it is made.
func (out encoded) send(w http.ResponseWriter, r *http.Request) {
	for k, v := range out.header {
		w.Header()[k] = v
	}
	rc := http.NewResponseController(w)
	switch f := out.wire; {
	case f == nil:
	case f.Kind == faultDelay:
		if !sleep(r.Context(), f.delay) {
			return // the client is gone
		}
		// The server's write timeout ran from the end of the request
		// headers; the answer gets its own after the delay.
		_ = rc.SetWriteDeadline(time.Now().Add(faultWriteGrace))
	case f.Kind == faultSlow:
		out.sendSlowly(w, rc, r.Context(), f.delay)
		return
	case f.Kind == faultReset:
		out.sendReset(w, rc)
		return
	}
	w.WriteHeader(out.status)
	if len(out.body) > 0 {
		_, _ = w.Write(out.body)
	}
}

// sendSlowly sends the status and headers at once, then the body in
// slowPieces pieces spread over d.
func (out encoded) sendSlowly(w http.ResponseWriter, rc *http.ResponseController, ctx context.Context, d time.Duration) {
	_ = rc.SetWriteDeadline(time.Now().Add(d + faultWriteGrace))
	w.Header().Set("Content-Length", strconv.Itoa(len(out.body)))
	w.WriteHeader(out.status)
	_ = rc.Flush()
	body := out.body
	for i := range slowPieces {
		if !sleep(ctx, d/slowPieces) {
			return
		}
		n := len(body) / (slowPieces - i)
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		_ = rc.Flush()
		body = body[n:]
	}
}

// sendReset sends the status, the headers and half the body, then
// resets the connection: the client reads a body cut short.
func (out encoded) sendReset(w http.ResponseWriter, rc *http.ResponseController) {
	w.Header().Set("Content-Length", strconv.Itoa(len(out.body)))
	w.WriteHeader(out.status)
	_, _ = w.Write(out.body[:len(out.body)/2])
	_ = rc.Flush()
	conn, _, err := rc.Hijack()
	if err != nil {
		return // not a connection of its own (a test's recorder): the body stays cut short
	}
	if tcp, isTCP := conn.(*net.TCPConn); isTCP {
		_ = tcp.SetLinger(0) // close with a reset, not an orderly end
	}
	_ = conn.Close()
}

// sleep waits d and reports whether ctx was still live all along.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
