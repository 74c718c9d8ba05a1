package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer the simulator may write to while the test
// reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startSim runs `sevenflow sim` with args on a free loopback port and
// returns the base URL of its API (…/v2), its stderr, and a function that
// stops it the way Ctrl-C does and returns the exit code.
func startSim(t testing.TB, args ...string) (base string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	stderr = &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"sim", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), w, stderr)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("read the listening line: %v (stderr: %s)", err, stderr)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "sevenflow sim listening on ")
	if !ok {
		cancel()
		t.Fatalf("first line = %q, want the listening address", line)
	}
	go io.Copy(io.Discard, out)
	var once sync.Once
	exit := -1
	stop = func() int {
		once.Do(func() { cancel(); exit = <-code })
		return exit
	}
	t.Cleanup(func() { stop() })
	return base, stderr, stop
}

// TestSimServes starts `sevenflow sim` on a free loopback port, gets a token
// from it over HTTP and stops it the way Ctrl-C does.
func TestSimServes(t *testing.T) {
	base, stderr, stop := startSim(t, "--access-key", "k")
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
	if c := stop(); c != exitOK {
		t.Errorf("sevenflow sim exited %d after cancel, want 0", c)
	}
	if !strings.Contains(stderr.String(), "sevenflow sim: compatible mode") {
		t.Errorf("stderr does not name the mode: %s", stderr)
	}
}

// TestSimWarehouseFlag: --warehouse replaces the account's warehouses.
func TestSimWarehouseFlag(t *testing.T) {
	base, _, _ := startSim(t, "--strict", "--warehouse", "Lager Süd|Industriestr. 1 80331 München|de", "--warehouse", "Milano|Via Roma 1 20121 Milano|IT")
	resp, err := http.Get(strings.TrimSuffix(base, "/v2") + "/sim/warehouses")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got []map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{
		{"name": "Lager Süd", "address": "Industriestr. 1 80331 München", "country": "DE"},
		{"name": "Milano", "address": "Via Roma 1 20121 Milano", "country": "IT"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GET /sim/warehouses = %v, want %v", got, want)
	}
}

// sessionFile is a recorded session of a shop plugin's calls.
const sessionFile = "../../sevensenders/sim/testdata/shop-plugin-session.json"

// recordedSession is the recorded session: the clock to start the simulator at
// and each exchange with what each mode answers.
type recordedSession struct {
	Clock     string `json:"clock"`
	Exchanges []struct {
		Note       string            `json:"note"`
		Method     string            `json:"method"`
		Path       string            `json:"path"`
		Headers    map[string]string `json:"headers"`
		Body       json.RawMessage   `json:"body"`
		Compatible expectation       `json:"compatible"`
		Strict     expectation       `json:"strict"`
	} `json:"exchanges"`
}

// expectation is what one mode answers to one exchange.
type expectation struct {
	Status   int               `json:"status"`
	Warnings []string          `json:"warnings"`
	Rules    []string          `json:"rules"`    // of an error: its rule, then its fields'
	Fields   map[string]string `json:"fields"`   // top-level fields of the body
	Contains []string          `json:"contains"` // substrings of the body
	Count    *int              `json:"count"`    // the length of a list body
}

// TestSimReplaysShopPluginSession replays the recorded session of a shop
// plugin against `sevenflow sim`, where every answer is 2xx with the
// expected warnings, and against `sevenflow sim --strict`, where the
// documented rules the plugin breaks are errors.
func TestSimReplaysShopPluginSession(t *testing.T) {
	raw, err := os.ReadFile(sessionFile)
	if err != nil {
		t.Fatal(err)
	}
	var sess recordedSession
	if err := json.Unmarshal(raw, &sess); err != nil {
		t.Fatalf("%s: %v", sessionFile, err)
	}
	for _, strict := range []bool{false, true} {
		name, args := "compatible", []string{"--clock", sess.Clock}
		if strict {
			name, args = "strict", append(args, "--strict")
		}
		t.Run(name, func(t *testing.T) {
			base, stderr, _ := startSim(t, args...)
			token, warnings := "", 0
			for i, x := range sess.Exchanges {
				want := x.Compatible
				if strict {
					want = x.Strict
				}
				status, hdr, body := replay(t, base, x.Method, x.Path, x.Headers, x.Body, token)
				if i == 0 {
					var v any
					_ = json.Unmarshal(body, &v)
					token = field(v, "token")
				}
				checkExchange(t, i, x.Note, want, status, hdr, body)
				warnings += len(want.Warnings)
			}
			checkWarningLog(t, base, stderr.String(), warnings)
		})
	}
}

// replay sends one exchange, with {{token}} replaced, and returns the
// status, the headers and the raw body.
func replay(t *testing.T, base, method, path string, headers map[string]string, body json.RawMessage, token string) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if len(body) > 0 {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, strings.TrimSuffix(base, "/v2")+path, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, strings.ReplaceAll(v, "{{token}}", token))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// checkExchange compares one answer with its expectation.
func checkExchange(t *testing.T, i int, note string, want expectation, status int, hdr http.Header, body []byte) {
	t.Helper()
	var v any
	_ = json.Unmarshal(body, &v)
	var warnings []string
	for _, h := range hdr.Values("Warning") {
		text, err := strconv.Unquote(strings.TrimPrefix(h, "299 sevenflow "))
		if err != nil {
			t.Errorf("exchange %d: Warning %q is not 299 sevenflow \"...\"", i, h)
		}
		warnings = append(warnings, text)
	}
	var rules []string
	if o, _ := v.(map[string]any); o != nil && status >= 400 {
		rules = append(rules, field(o, "rule"))
		errs, _ := o["errors"].([]any)
		for _, e := range errs {
			if r := field(e, "rule"); r != "" {
				rules = append(rules, r)
			}
		}
	}
	switch {
	case status != want.Status:
		t.Errorf("exchange %d (%s): status %d, want %d: %s", i, note, status, want.Status, body)
	case !reflect.DeepEqual(warnings, want.Warnings):
		t.Errorf("exchange %d (%s): warnings\n%q\nwant\n%q", i, note, warnings, want.Warnings)
	case !reflect.DeepEqual(rules, want.Rules):
		t.Errorf("exchange %d (%s): rules %q, want %q: %s", i, note, rules, want.Rules, body)
	}
	for k, wv := range want.Fields {
		if got := field(v, k); got != wv {
			t.Errorf("exchange %d (%s): %s = %q, want %q", i, note, k, got, wv)
		}
	}
	for _, s := range want.Contains {
		if !bytes.Contains(body, []byte(s)) {
			t.Errorf("exchange %d (%s): body lacks %q", i, note, s)
		}
	}
	if l, isList := v.([]any); want.Count != nil && (!isList || len(l) != *want.Count) {
		t.Errorf("exchange %d (%s): %d items, want %d: %s", i, note, len(l), *want.Count, body)
	}
}

// checkWarningLog: GET /sim/warnings lists every warning of the session,
// and the log (stderr) has a line for each.
func checkWarningLog(t *testing.T, base, log string, n int) {
	t.Helper()
	resp, err := http.Get(strings.TrimSuffix(base, "/v2") + "/sim/warnings")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var listed []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&listed); err != nil {
		t.Fatal(err)
	}
	if len(listed) != n || strings.Count(log, "Z warning ") != n {
		t.Errorf("GET /sim/warnings has %d, the log %d warning lines; want %d:\n%s", len(listed), strings.Count(log, "Z warning "), n, log)
	}
}

// field returns v[key] as a string, if v is an object.
func field(v any, key string) string {
	o, _ := v.(map[string]any)
	s, _ := o[key].(string)
	return s
}

// TestIsLoopbackAddr: only localhost and loopback IPs count as loopback.
func TestIsLoopbackAddr(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:7070", true},
		{"localhost:0", true},
		{"[::1]:7070", true},
		{"127.1.2.3:80", true},
		{":7070", false},
		{"0.0.0.0:7070", false},
		{"[::]:7070", false},
		{"192.168.1.5:7070", false},
		{"sim.example.com:7070", false},
		{"no-port", false},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			if got := isLoopbackAddr(tc.addr); got != tc.want {
				t.Fatalf("isLoopbackAddr(%q) = %v, want %v", tc.addr, got, tc.want)
			}
		})
	}
}

// TestSimWarnsOffLoopback: --addr on every interface prints a warning;
// the loopback default does not.
func TestSimWarnsOffLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		warn bool
	}{{"127.0.0.1:0", false}, {"0.0.0.0:0", true}} {
		t.Run(tc.addr, func(t *testing.T) {
			_, stderr, stop := startSim(t, "--addr", tc.addr)
			stop()
			if got := strings.Contains(stderr.String(), "is not a loopback address"); got != tc.warn {
				t.Fatalf("warning printed: %v, want %v:\n%s", got, tc.warn, stderr)
			}
		})
	}
}

// TestSimAdminKey: with --admin-key (or $SEVENFLOW_SIM_ADMIN_KEY), the
// admin API answers 401 without the key in X-Sim-Admin-Key.
func TestSimAdminKey(t *testing.T) {
	tests := []struct {
		name, env string
		args      []string
		header    string
		want      int
	}{
		{"flag, no header", "", []string{"--admin-key", "k1"}, "", http.StatusUnauthorized},
		{"flag, the key", "", []string{"--admin-key", "k1"}, "k1", http.StatusOK},
		{"environment, no header", "k2", nil, "", http.StatusUnauthorized},
		{"environment, the key", "k2", nil, "k2", http.StatusOK},
		{"the flag wins", "k2", []string{"--admin-key", "k1"}, "k1", http.StatusOK},
		{"no key", "", nil, "", http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envAdminKey, tc.env)
			base, _, _ := startSim(t, tc.args...)
			req, err := http.NewRequest("GET", strings.TrimSuffix(base, "/v2")+"/sim/state", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.header != "" {
				req.Header.Set("X-Sim-Admin-Key", tc.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("GET /sim/state: %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
}

// TestSimFaults: --faults FILE injects its faults from the start.
func TestSimFaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "faults.yaml")
	if err := os.WriteFile(path, []byte("faults:\n  - {method: POST, path: /v2/token, status: 503, retry_after: 1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base, stderr, _ := startSim(t, "--faults", path)
	for _, want := range []int{http.StatusServiceUnavailable, http.StatusOK} {
		resp, err := http.Post(base+"/token", "application/json", strings.NewReader(`{"access_key":"sim"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("POST /token: %d, want %d", resp.StatusCode, want)
		}
	}
	if !strings.Contains(stderr.String(), "fault POST /v2/token: answer 503 (--faults "+path+"; 0 more to come)") {
		t.Fatalf("the log does not name the fault:\n%s", stderr)
	}
}
