package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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
