package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// The secrets of the hostile API: an access key with the characters JSON
// and URLs escape, and a token.
const (
	hostileKey   = "sk/live+Q9x=0123456789"
	hostileToken = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl"
)

// leakForms are the forms in which the secrets must appear in no output.
var leakForms = []string{
	hostileKey, hostileToken,
	`sk\/live`, `sk\u002flive`, "sk%2Flive", "Q9x=0123456789", "Q9x\\u003d0123456789",
	"c2VjcmV0LXRva2Vu", "c2lnbmF0dXJl",
}

// hostileAPI is a 7S API that tries every way of spreading its client's
// secrets: the first token request is redirected with 307 to another
// host, which records whatever reaches it; every other call is answered
// with an error that echoes the token and, escaped twice over, the key.
type hostileAPI struct {
	*httptest.Server
	other *httptest.Server

	mu        sync.Mutex
	tokens    int
	stolen    []string // what reached the other host
	lastError string   // the last error body sent
}

func newHostileAPI(t *testing.T) *hostileAPI {
	t.Helper()
	h := &hostileAPI{}
	h.other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.stolen = append(h.stolen, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(body))
		h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token":"stolen"}`)
	}))
	t.Cleanup(h.other.Close)
	h.Server = httptest.NewServer(h)
	t.Cleanup(h.Close)
	return h
}

func (h *hostileAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/v2/token" {
		h.tokens++
		if h.tokens == 1 {
			w.Header().Set("Location", h.other.URL+"/v2/token")
			w.WriteHeader(http.StatusTemporaryRedirect)
			return
		}
		var body struct {
			AccessKey string `json:"access_key"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.AccessKey != hostileKey {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"message":"key %s is not valid"}`, body.AccessKey)
			return
		}
		fmt.Fprintf(w, `{"token":%q}`, hostileToken)
		return
	}
	if r.Method == http.MethodGet {
		// The look-up before a create finds nothing, and says with
		// whose token it looked.
		fmt.Fprintf(w, `[]`)
		return
	}
	// The key JSON-escaped two ways, and URL-escaped in a field error.
	escaped := strings.ReplaceAll(hostileKey, "/", `\/`)
	unicode := strings.NewReplacer("/", `\u002f`, "+", `\u002b`, "=", `\u003d`).Replace(hostileKey)
	h.lastError = fmt.Sprintf(`{"code":"forbidden","message":"%s may not create this with account %s (%s)","errors":[{"pointer":"/order_id","message":"locked by ak=%s"}]}`,
		r.Header.Get("Authorization"), escaped, unicode, "sk%2Flive%2BQ9x%3D0123456789")
	w.WriteHeader(http.StatusUnprocessableEntity)
	io.WriteString(w, h.lastError)
}

// The secrets test: a run against an API that redirects the token
// request to another host and echoes the token and the escaped key in its
// error bodies shows neither, in any form, in any output: the text trace
// and its errors, --format json, --format junit and the --trace file;
// the other host gets nothing. A test case's golden, against the
// simulator, holds no token either.
func TestSecretsInNoOutput(t *testing.T) {
	t.Chdir("../..")
	t.Setenv(sevensenders.EnvAccessKey, hostileKey)
	dir := t.TempDir()
	orders := filepath.Join(dir, "orders.ndjson")
	var ndjson bytes.Buffer
	for _, id := range []string{"ORD-S-1", "ORD-S-2"} {
		b, err := os.ReadFile("testdata/orders/ch-basel.json")
		if err != nil {
			t.Fatal(err)
		}
		var o map[string]any
		if err := json.Unmarshal(b, &o); err != nil {
			t.Fatal(err)
		}
		o["order_id"] = id
		line, _ := json.Marshal(o)
		ndjson.Write(append(line, '\n'))
	}
	if err := os.WriteFile(orders, ndjson.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{}
	var apis []*hostileAPI
	for _, format := range []string{"text", "json", "junit"} {
		api := newHostileAPI(t)
		apis = append(apis, api)
		trace := filepath.Join(dir, format+".ndjson")
		var stdout, stderr bytes.Buffer
		args := []string{"run", "shops/example.yaml", "--input", orders, "--target", api.URL, "--format", format, "--trace", trace}
		code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		if code != exitFailed {
			t.Errorf("%s: exit %d, want %d\n%s", format, code, exitFailed, stderr.String())
		}
		tr, err := os.ReadFile(trace)
		if err != nil {
			t.Fatal(err)
		}
		outputs[format+" stdout"], outputs[format+" stderr"], outputs[format+" --trace"] = stdout.String(), stderr.String(), string(tr)
	}
	outputs["golden"] = testGolden(t, dir)

	// The outputs did get the hostile answers: the redirect was refused,
	// and the error answer is in them.
	for name, want := range map[string]string{
		"text stdout":   "redirect to another host refused",
		"json stdout":   "422 Unprocessable Entity: /order_id: locked by ak=[redacted]",
		"junit stdout":  "locked by ak=[redacted]",
		"text --trace":  "Bearer [redacted] may not create this with account [redacted] ([redacted])",
		"json --trace":  "redirect to another host refused",
		"junit --trace": "locked by ak=[redacted]",
	} {
		if !strings.Contains(outputs[name], want) {
			t.Errorf("%s lacks %q: the hostile answers did not reach it", name, want)
		}
	}
	for _, api := range apis {
		api.mu.Lock()
		if !strings.Contains(api.lastError, hostileToken) || !strings.Contains(api.lastError, `sk\/live`) {
			t.Errorf("the API did not echo the secrets: %s", api.lastError)
		}
		if len(api.stolen) > 0 {
			t.Errorf("the other host got %q", api.stolen)
		}
		api.mu.Unlock()
	}
	for name, out := range outputs {
		for _, form := range leakForms {
			if i := strings.Index(out, form); i >= 0 {
				t.Errorf("%s shows %q: ...%s...", name, form, out[max(0, i-80):min(len(out), i+80)])
			}
		}
	}
}

// testGolden writes the golden of a test case of ch-basel against the
// simulator and returns it with the output of the test command. The
// simulator's tokens are JWTs: none may show.
func testGolden(t *testing.T, dir string) string {
	t.Helper()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(dir, "case")
	if err := os.MkdirAll(c, 0o755); err != nil {
		t.Fatal(err)
	}
	yml := fmt.Sprintf("pipeline: %s\ninput: %s\n", filepath.Join(root, "shops/example.yaml"), filepath.Join(root, "testdata/orders/ch-basel.json"))
	if err := os.WriteFile(filepath.Join(c, caseFile), []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"test", "--update", "--format", "json", c}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("test --update: exit %d\n%s", code, stderr.String())
	}
	golden, err := os.ReadFile(filepath.Join(c, goldenFile))
	if err != nil {
		t.Fatal(err)
	}
	out := string(golden) + stdout.String() + stderr.String()
	if !strings.Contains(out, "POST /v2/token -> 200") {
		t.Fatalf("the golden has no token call: %.300s", out)
	}
	if i := strings.Index(out, "eyJ"); i >= 0 {
		t.Errorf("the golden shows a token: ...%s...", out[max(0, i-80):min(len(out), i+80)])
	}
	return out
}
