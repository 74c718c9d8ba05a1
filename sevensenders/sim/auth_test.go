package sim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTokensRandom: tokens depend on no seed and no clock: two
// simulators alike give different tokens, and so does one simulator
// twice.
func TestTokensRandom(t *testing.T) {
	a, b := setup(t), setup(t)
	tokens := map[string]bool{a.token: true, b.token: true, a.newToken(): true, b.newToken(): true}
	if len(tokens) != 4 {
		t.Fatalf("4 tokens from two simulators with one seed and clock, %d of them different", len(tokens))
	}
}

// TestTokensNeverListed: /sim/state and the state file hold the digest
// of a token, never the token, and the token still works after a
// restart.
func TestTokensNeverListed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	c := setup(t, WithStateFile(path))
	c.order("ORD-1")
	_, _, st := c.raw("GET", "/sim/state", nil, "")
	digests, _ := st.(Object)["token_digests"].(Object)
	if _, has := digests[tokenDigest(c.token)]; !has || len(digests) != 1 {
		t.Fatalf("/sim/state token_digests = %v, want the digest of the one token", digests)
	}
	for _, where := range []string{path, path + ".log"} {
		b, err := os.ReadFile(where)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if strings.Contains(string(b), c.token) || strings.Contains(string(b), strings.Split(c.token, ".")[2]) {
			t.Fatalf("%s holds the token", where)
		}
	}
	if body := mustGet(t, c.base+"/sim/state"); strings.Contains(body, c.token) {
		t.Fatalf("/sim/state lists the token")
	}
	srv, err := Open(WithStateFile(path), WithClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c2 := &client{t: t, srv: srv, base: ts.URL, token: c.token}
	c2.must(http.StatusOK, "GET", "/v2/orders/ORD-1", nil)
}

// TestTokensOfAnOldStateFile: a state file that lists tokens themselves
// (before digests) still lets them in.
func TestTokensOfAnOldStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.json")
	old := `{"clock":"2024-01-15T10:00:00Z","seed":1,"tokens":{"sim.old-token":"2024-01-15T11:00:00Z"},"orders":[]}`
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := Open(WithStateFile(path))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c := &client{t: t, srv: srv, base: ts.URL, token: "sim.old-token"}
	c.must(http.StatusOK, "GET", "/v2/orders", nil)
	if _, has := srv.Snapshot().TokenDigests[tokenDigest("sim.old-token")]; !has {
		t.Fatalf("the old token is not kept as a digest")
	}
}

// mustGet returns the body of GET url.
func mustGet(t testing.TB, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
