package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestSimServes starts `sevenflow sim` on a free loopback port, gets a token
// from it over HTTP and stops it the way Ctrl-C does.
func TestSimServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--access-key", "k"}, strings.NewReader(""), w, io.Discard)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read the listening line: %v", err)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "sevenflow sim listening on ")
	if !ok {
		t.Fatalf("first line = %q, want the listening address", line)
	}
	go io.Copy(io.Discard, out)

	for _, tc := range []struct {
		key  string
		want int
	}{
		{key: "k", want: http.StatusOK},
		{key: "wrong", want: http.StatusUnauthorized},
	} {
		resp, err := http.Post(base+"/token", "application/json", strings.NewReader(`{"access_key":"`+tc.key+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("POST /token with key %q: status %d, want %d (%v)", tc.key, resp.StatusCode, tc.want, body)
		}
		if tc.want == http.StatusOK && body["token"] == "" {
			t.Errorf("POST /token: no token in %v", body)
		}
	}

	cancel()
	if c := <-code; c != exitOK {
		t.Errorf("sevenflow sim exited %d after cancel, want 0", c)
	}
}
