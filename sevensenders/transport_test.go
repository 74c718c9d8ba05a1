package sevensenders_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

type ctxKey struct{}

// TestHandlerTransport checks what a handler sees of a request made in
// memory and what the client gets of its answer.
func TestHandlerTransport(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Seen", strings.Join([]string{r.Method, r.Host, r.RequestURI, r.RemoteAddr, string(body), r.Context().Value(ctxKey{}).(string)}, " "))
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-Late", "not sent") // after the status, as net/http ignores it
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	hc := &http.Client{Transport: sevensenders.HandlerTransport(h)}
	ctx := context.WithValue(context.Background(), ctxKey{}, "in memory")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1:7070/v2/orders?x=1", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if want := `POST 127.0.0.1:7070 /v2/orders?x=1 127.0.0.1:0 {"a":1} in memory`; resp.Header.Get("X-Seen") != want {
		t.Errorf("the handler saw %q, want %q", resp.Header.Get("X-Seen"), want)
	}
	if resp.StatusCode != http.StatusCreated || string(body) != `{"ok":true}` || resp.Header.Get("X-Late") != "" ||
		resp.Header.Get("Content-Length") != "11" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("got %d %v %q", resp.StatusCode, resp.Header, body)
	}
}
