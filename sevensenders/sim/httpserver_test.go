package sim

import (
	"net/http"
	"strings"
	"testing"
)

// TestHTTPServerHeaderLimit: request headers over 64 KiB are 431, a
// normal request passes.
func TestHTTPServerHeaderLimit(t *testing.T) {
	c := realSetup(t, DefaultTimeouts)
	for _, tc := range []struct {
		name  string
		extra int
		want  int
	}{{"small", 100, http.StatusOK}, {"over 64 KiB", 70 << 10, http.StatusRequestHeaderFieldsTooLarge}} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", c.base+"/v2/orders", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+c.token)
			req.Header.Set("X-Padding", strings.Repeat("p", tc.extra))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
}
