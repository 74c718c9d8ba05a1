package schemas_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sevenflow/sevenflow/schemas"
)

// TestDecodeJSON decodes values strictly: what encoding/json would
// change silently is an error at its line and column.
func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, in string
		lim      schemas.JSONLimits
		want     any
		end      int
		err      string
	}{
		{name: "object", in: ` {"a": [1, -2.5e3, true, null, "x\u00e9\ud83d\ude00\n"]} {"next": 1}`,
			want: map[string]any{"a": []any{1.0, -2500.0, true, nil, "xé😀\n"}}, end: 56},
		{name: "big integer that fits", in: `100000000000000000000`, want: 1e20, end: 21},
		{name: "2^53", in: `9007199254740992`, want: 9007199254740992.0, end: 16},
		{name: "decimal", in: `[0.1, 1.5e-7, -0, 0.000]`, want: []any{0.1, 1.5e-7, 0.0, 0.0}, end: 24},
		{name: "invalid UTF-8", in: "{\"order_id\": \"A-\xff1\"}", err: `line 1, column 17: invalid UTF-8 in a string`},
		{name: "duplicate key", in: "{\"a\": 1,\n \"a\": 2}", err: `line 2, column 2: duplicate key "a" (first at line 1, column 2)`},
		{name: "30 digits", in: `{"n": 123456789012345678901234567890}`, err: `line 1, column 7: number 123456789012345678901234567890 does not fit a float64 (it would become 1.2345678901234568e+29): write it as a string`},
		{name: "2^53+1", in: `9007199254740993`, err: `line 1, column 1: number 9007199254740993 does not fit a float64 (it would become 9.007199254740992e+15): write it as a string`},
		{name: "too many decimals", in: `0.30000000000000001`, err: `line 1, column 1: number 0.30000000000000001 does not fit a float64 (it would become 0.3): write it as a string`},
		{name: "overflow", in: `1e400`, err: `line 1, column 1: number 1e400 is out of the range of a float64: write it as a string`},
		{name: "underflow", in: `1e-400`, err: `line 1, column 1: number 1e-400 does not fit a float64 (it would become 0): write it as a string`},
		{name: "lone surrogate", in: `"\ud800x"`, err: `line 1, column 2: lone surrogate \uD800 in a string: it is not a character`},
		{name: "lone low surrogate", in: `"\udc00"`, err: `line 1, column 2: lone surrogate \uDC00 in a string: it is not a character`},
		{name: "control character", in: "\"a\tb\"", err: `line 1, column 3: invalid character '\t' in a string: control characters are escaped in JSON`},
		{name: "bad escape", in: `"\x"`, err: `line 1, column 2: invalid escape \x in a string`},
		{name: "trailing comma", in: `[1,]`, err: `line 1, column 4: invalid character ']' looking for a value`},
		{name: "leading zero", in: `[01]`, err: `line 1, column 3: invalid character '1' after an array element`},
		{name: "truncated", in: "{\"a\":\n [1, 2", err: `line 2, column 7: unexpected end of JSON input`},
		{name: "empty", in: "  \n", err: `line 2, column 1: unexpected end of JSON input`},
		{name: "bad literal", in: `tru`, err: `line 1, column 4: unexpected end of JSON input`},
		{name: "byte order mark", in: "\ufeff{}", err: `line 1, column 1: invalid character '\ufeff' looking for a value`},
		{name: "too deep", in: strings.Repeat("[", 100000) + strings.Repeat("]", 100000), lim: schemas.JSONLimits{MaxDepth: 64},
			err: `line 1, column 65: value nests deeper than 64 levels`},
		{name: "too long", in: `{"a": "` + strings.Repeat("x", 100) + `"}`, lim: schemas.JSONLimits{MaxBytes: 50},
			err: `line 1, column 51: value of more than 50 bytes`},
		{name: "just long enough", in: `{"a": "xxxx"} {"b": 1}`, lim: schemas.JSONLimits{MaxBytes: 13}, want: map[string]any{"a": "xxxx"}, end: 13},
		{name: "one byte too long", in: `{"a": "xxxxx"} `, lim: schemas.JSONLimits{MaxBytes: 13}, err: `line 1, column 14: value of more than 13 bytes`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, end, err := schemas.DecodeJSON([]byte(tc.in), tc.lim)
			if got := errString(err); got != tc.err {
				t.Fatalf("error\ngot  %s\nwant %s", got, tc.err)
			}
			if err != nil {
				var je *schemas.JSONError
				if !errors.As(err, &je) {
					t.Fatalf("%T is not a *JSONError", err)
				}
				return
			}
			if !reflect.DeepEqual(v, tc.want) || end != tc.end {
				t.Errorf("got %#v, %d; want %#v, %d", v, end, tc.want, tc.end)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzDecodeJSON decodes arbitrary bytes: it never panics; an error is a
// *JSONError inside the data; a value it accepts, encoding/json decodes
// to the same value, and encodes to JSON that it decodes again to the
// same value.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"order_id": "A", "items": [{"sku": "S", "qty": 2}]}`, `[1, 2.5, -0, 1e20, true, null]`, `"\u00e9\ud83d\ude00"`,
		"{\"a\": \"\xff\"}", `{"a": 1, "a": 2}`, `123456789012345678901234567890`, `"\ud800"`, `[[[[]]]]`, `{"a":`, "\ufeff{}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, end, err := schemas.DecodeJSON(data, schemas.JSONLimits{MaxDepth: 64, MaxBytes: 1 << 16})
		if err != nil {
			var je *schemas.JSONError
			if !errors.As(err, &je) || je.Offset < 0 || je.Offset > len(data) || je.Line < 1 || je.Col < 1 {
				t.Fatalf("error %v (%#v) for %q", err, err, data)
			}
			return
		}
		if end < 0 || end > len(data) {
			t.Fatalf("end %d of %d bytes", end, len(data))
		}
		if !utf8.Valid(data[:end]) {
			t.Fatalf("accepted invalid UTF-8: %q", data[:end])
		}
		var std any
		dec := json.NewDecoder(bytes.NewReader(data[:end]))
		if err := dec.Decode(&std); err != nil {
			t.Fatalf("encoding/json rejects what was accepted: %v: %q", err, data[:end])
		}
		if !reflect.DeepEqual(v, std) {
			t.Fatalf("got %#v, encoding/json %#v, for %q", v, std, data[:end])
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		w, _, err := schemas.DecodeJSON(again, schemas.JSONLimits{})
		if err != nil || !reflect.DeepEqual(v, w) {
			t.Fatalf("round trip of %q: %#v, %v", again, w, err)
		}
	})
}
