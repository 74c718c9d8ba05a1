package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name                string
		done, failed, total int
		elapsed             time.Duration
		want                string
	}{
		{name: "start", total: 1000, want: "[>                             ] 0/1000   0%  0.0 orders/s"},
		{name: "a third", done: 312, total: 1000, elapsed: 6 * time.Second,
			want: "[=========>                    ] 312/1000  31%  52.0 orders/s  ETA 13s"},
		{name: "failures", done: 500, failed: 2, total: 1000, elapsed: 10 * time.Second,
			want: "[===============>              ] 500/1000  50%  50.0 orders/s  ETA 10s  2 failed"},
		{name: "done", done: 1000, total: 1000, elapsed: 20 * time.Second,
			want: "[==============================] 1000/1000 100%  50.0 orders/s"},
		{name: "no total (stdin)", done: 42, elapsed: 2 * time.Second, want: "42 orders  21.0 orders/s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := progressLine(tc.done, tc.failed, tc.total, tc.elapsed); got != tc.want {
				t.Errorf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// The bar is drawn over itself with \r, and cleared before other output.
func TestProgressDrawClear(t *testing.T) {
	now := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var w bytes.Buffer
	p := newProgress(&w, 4, clock)
	s := newBatchStats(now)
	s.add("ok", 3, 0, nil, "A", nil)
	now = now.Add(time.Second)
	p.draw(s)
	p.draw(s) // within progressEvery: not drawn again
	p.clear()
	want := "\r[=======>                      ] 1/4  25%  1.0 orders/s  ETA 3s" + "\r" + strings.Repeat(" ", 63) + "\r"
	if w.String() != want {
		t.Errorf("\n got %q\nwant %q", w.String(), want)
	}
	var none *progress
	none.draw(s)
	none.clear()
}

// Only a terminal is a terminal: not a pipe, a file or a buffer.
func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	f, err := os.Create(t.TempDir() + "/out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, out := range map[string]io.Writer{"pipe": w, "file": f, "buffer": &bytes.Buffer{}} {
		if isTerminal(out) {
			t.Errorf("%s is a terminal", name)
		}
	}
}
