package sim

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestRing: a ring keeps the last values added, oldest first.
func TestRing(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		add   int
		want  []int
	}{
		{"empty", 3, 0, []int{}},
		{"not full", 3, 2, []int{1, 2}},
		{"full", 3, 3, []int{1, 2, 3}},
		{"wrapped once", 3, 4, []int{2, 3, 4}},
		{"wrapped twice", 3, 7, []int{5, 6, 7}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRing[int](tc.limit)
			for i := 1; i <= tc.add; i++ {
				r.add(i)
			}
			if got := r.list(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("list() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTruncate: long paths are cut on a rune boundary, short ones kept.
func TestTruncate(t *testing.T) {
	tests := []struct {
		name, in string
		wantLen  int
		suffix   string
	}{
		{"short", "/v2/orders", 10, "/v2/orders"},
		{"exactly the limit", strings.Repeat("a", pathLimit), pathLimit, "a"},
		{"ascii", strings.Repeat("a", 10*pathLimit), pathLimit, "a..."},
		{"multi-byte runes", strings.Repeat("ä", pathLimit), pathLimit - 1, "ä..."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := truncate(tc.in)
			if len(got) != tc.wantLen || !strings.HasSuffix(got, tc.suffix) {
				t.Fatalf("truncate: %d bytes ending %q, want %d ending %q", len(got), got[max(0, len(got)-8):], tc.wantLen, tc.suffix)
			}
		})
	}
}

// TestReceivedBounded: /sim/received keeps the last 1,000 requests, each
// with its path and its query apart, each cut to 256 bytes.
func TestReceivedBounded(t *testing.T) {
	c := setup(t)
	long := "/v2/orders/" + strings.Repeat("x", 2000) + "?q=" + strings.Repeat("y", 5000)
	c.raw("GET", long, nil, "")
	for i := range receivedLimit {
		c.raw("GET", "/v2/orders?n="+strconv.Itoa(i), nil, "")
	}
	rec := c.srv.Received()
	if len(rec) != receivedLimit {
		t.Fatalf("%d requests listed, want %d", len(rec), receivedLimit)
	}
	if first := rec[0]; first != (Request{Method: "GET", Path: "/v2/orders", Query: "n=0", Status: http.StatusUnauthorized}) {
		t.Fatalf("oldest kept: %+v", first)
	}
	c2 := setup(t)
	c2.raw("GET", long, nil, "")
	got := c2.srv.Received()[1] // after POST /v2/token
	if len(got.Path) != pathLimit || !strings.HasPrefix(got.Path, "/v2/orders/xxx") || strings.Contains(got.Path, "?") {
		t.Fatalf("a long path is kept as %d bytes: %.40q...", len(got.Path), got.Path)
	}
	if len(got.Query) != pathLimit || !strings.HasPrefix(got.Query, "q=yyy") {
		t.Fatalf("a long query is kept as %d bytes: %.40q...", len(got.Query), got.Query)
	}
}
