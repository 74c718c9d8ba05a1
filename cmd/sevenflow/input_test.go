package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// TestOrderPositions checks that every value of an order has the line and
// column where it is written, so that errors point into the file.
func TestOrderPositions(t *testing.T) {
	src := "{\"order_id\": \"A-1\",\n \"items\": [\n  {\"sku\": \"S\\\"1\", \"q\": 2},\n  {\"a/b\": [true, null]}\n ]}\n{\"order_id\": \"A-2\"}\n"
	e := &env{stdin: strings.NewReader(src)}
	orders, err := readOrders(e, "-", engine.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 2 {
		t.Fatalf("%d orders", len(orders))
	}
	for _, tc := range []struct {
		order int
		ptr   string
		want  string
	}{
		{0, "", "stdin:1:1"},
		{0, "/order_id", "stdin:1:14"},
		{0, "/items", "stdin:2:11"},
		{0, "/items/0", "stdin:3:3"},
		{0, "/items/0/sku", "stdin:3:11"},
		{0, "/items/0/q", "stdin:3:24"},
		{0, "/items/1/a~1b/1", "stdin:4:18"},
		{1, "/order_id", "stdin:6:14"},
	} {
		at, ok := orders[tc.order].position(tc.ptr)
		if !ok || at.String() != tc.want {
			t.Errorf("order %d %q at %v (%v), want %s", tc.order, tc.ptr, at, ok, tc.want)
		}
	}
	if _, ok := orders[0].position("/items/2"); ok {
		t.Error("a missing element has a position")
	}
}

// FuzzReadOrders feeds arbitrary bytes as the input of a run: it either
// fails with an error that says where, or every value it decoded has a
// position inside the data. It never panics.
func FuzzReadOrders(f *testing.F) {
	for _, seed := range []string{
		`{"order_id": "A"}`, "{\"a\": [1, {\"b\": \"\\u00e9\"}]}\n{\"c\": null}", `[]`, `"x"`, `{"a":`, `{"a" 1}`, "{\"a\":\"\\\"}\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e := &env{stdin: bytes.NewReader(data)}
		orders, err := readOrders(e, "-", engine.DefaultLimits())
		if err != nil {
			if !strings.Contains(err.Error(), "stdin") {
				t.Fatalf("error without a place: %v", err)
			}
			return
		}
		for _, o := range orders {
			var walk func(v any, ptr string)
			walk = func(v any, ptr string) {
				at, ok := o.position(ptr)
				if !ok || at.Line < 1 || at.Col < 1 {
					t.Fatalf("no position for %q in %q", ptr, data)
				}
				switch x := v.(type) {
				case map[string]any:
					for k, e := range x {
						walk(e, ptr+"/"+escapePointer(k))
					}
				case []any:
					for i, e := range x {
						b, _ := json.Marshal(i)
						walk(e, ptr+"/"+string(b))
					}
				}
			}
			walk(o.value, "")
		}
	})
}

// TestReadOrdersStrict reads inputs that encoding/json would change
// silently: each is an error at its line and column in the file, and an
// order over an input limit names the limit.
func TestReadOrdersStrict(t *testing.T) {
	tests := []struct {
		name, in string
		lim      engine.Limits
		want     string
	}{
		{name: "invalid UTF-8", in: "{\"order_id\": \"A\"}\n{\"order_id\": \"B-\xff\"}\n",
			want: "read input stdin:2:17: invalid UTF-8 in a string"},
		{name: "duplicate key", in: "{\"order_id\": \"A\",\n \"order_id\": \"B\"}",
			want: `read input stdin:2:2: duplicate key "order_id" (first at line 1, column 2)`},
		{name: "30-digit number", in: `{"total": 123456789012345678901234567890}`,
			want: "read input stdin:1:11: number 123456789012345678901234567890 does not fit a float64 (it would become 1.2345678901234568e+29): write it as a string"},
		{name: "too deep", in: "{}\n" + strings.Repeat("[", 100) + strings.Repeat("]", 100), lim: engine.Limits{InputDepth: 10},
			want: "read input stdin:2:11: order nests deeper than 10 levels: over the limit input_depth = 10 (raise it under `limits:` in the pipeline)"},
		{name: "too large", in: `{"a": "` + strings.Repeat("x", 2000) + `"}`, lim: engine.Limits{InputBytes: 1024},
			want: "read input stdin:1:1025: order of more than 1024 bytes: over the limit input_bytes = 1 KiB (raise it under `limits:` in the pipeline)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lim := engine.DefaultLimits()
			if tc.lim.InputDepth > 0 {
				lim.InputDepth = tc.lim.InputDepth
			}
			if tc.lim.InputBytes > 0 {
				lim.InputBytes = tc.lim.InputBytes
			}
			_, err := readOrders(&env{stdin: strings.NewReader(tc.in)}, "-", lim)
			if got := fmt.Sprint(err); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if code := report(io.Discard, "run", err); code != exitInvalid {
				t.Errorf("exit %d", code)
			}
		})
	}
}

// NDJSON is read a line at a time: each order knows its line, a line
// that does not parse is an order that fails alone at its line and
// column, blank lines are left out, and a line may hold several orders.
func TestNDJSONOrders(t *testing.T) {
	in := "{\"order_id\": \"A\", \"n\": [1, 2]}\n\n{\"order_id\": \"B\"} {\"order_id\": \"C\"}\n{\"order_id\": tru}\n  {\"order_id\": \"D\"}\n"
	src, err := openOrders(&env{stdin: strings.NewReader(in)}, "-", engine.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		o, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if o.err != nil {
			got = append(got, o.at()+" error "+o.err.Error())
			continue
		}
		at, _ := o.position("/order_id")
		got = append(got, fmt.Sprintf("%s %v /order_id at %s", o.at(), o.value.(map[string]any)["order_id"], at))
	}
	want := []string{
		"stdin:1 A /order_id at stdin:1:14",
		"stdin:3 B /order_id at stdin:3:14",
		"stdin:3 C /order_id at stdin:3:32",
		"stdin:4 error stdin:4:17: invalid character '}' in literal true (expecting 'e')",
		"stdin:5 D /order_id at stdin:5:16",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("orders\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n, ok := src.total(); ok || n != 0 {
		t.Errorf("stdin has a total: %d", n)
	}
}

// How an input is read: by its name, or else by its first line.
func TestOrderSourceKind(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, data string
		lines            bool // read a line at a time
		total            int
	}{
		{name: "pretty JSON", file: "o.json", data: "{\n  \"order_id\": \"A\"\n}\n", total: 1},
		{name: "one line", file: "one.json", data: "{\"order_id\": \"A\"}\n", lines: true, total: 1},
		{name: "NDJSON", file: "o.ndjson", data: "\n{\"order_id\": \"A\"}\n{\"order_id\": \"B\"}\n", lines: true, total: 2},
		{name: "NDJSON by name, bad first line", file: "bad.jsonl", data: "{\"order_id\":\n{\"order_id\": \"B\"}\n", lines: true, total: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, err := openOrders(&env{}, write(tc.file, tc.data), engine.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer src.close()
			_, lines := src.(*lineSource)
			n, ok := src.total()
			if lines != tc.lines || !ok || n != tc.total || src.batch() {
				t.Errorf("read a line at a time %v, total %d (%v), batch %v; want %v, %d", lines, n, ok, src.batch(), tc.lines, tc.total)
			}
		})
	}
}

// TestEscapePointer escapes "~" and "/" in a pointer token, and a key
// with neither costs no allocation: every key of every order is escaped.
func TestEscapePointer(t *testing.T) {
	for in, want := range map[string]string{"order_id": "order_id", "a/b": "a~1b", "~x/": "~0x~1", "": ""} {
		if got := escapePointer(in); got != want {
			t.Errorf("escapePointer(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = escapePointer("order_id") }); n != 0 {
		t.Errorf("escapePointer(%q): %v allocations, want 0", "order_id", n)
	}
}
