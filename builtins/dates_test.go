package builtins

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	const fn = fnParseDate
	runCalls(t, []callCase{
		{name: "RFC 3339", fn: fn, args: []any{"2022-08-01T10:10:10Z"}, want: "2022-08-01T10:10:10Z"},
		{name: "milliseconds", fn: fn, args: []any{"2022-08-01T10:10:10.933Z"}, want: "2022-08-01T10:10:10.933Z"},
		{name: "offset form", fn: fn, args: []any{"2017-08-19T15:47:00+0000"}, want: "2017-08-19T15:47:00Z"},
		{name: "offset form east", fn: fn, args: []any{"2017-08-15T16:53:07+0100"}, want: "2017-08-15T16:53:07+01:00"},
		{name: "RFC 3339 offset", fn: fn, args: []any{"2017-08-15T16:53:07+01:00"}, want: "2017-08-15T16:53:07+01:00"},
		{name: "plain date", fn: fn, args: []any{"2022-08-01"}, want: "2022-08-01T00:00:00Z"},
		{name: "time value", fn: fn, args: []any{time.Date(2022, 8, 1, 12, 0, 0, 0, time.UTC)}, want: "2022-08-01T12:00:00Z"},
		{name: "German form", fn: fn, args: []any{"01.08.2022 10:10:10"},
			err: `parse_date: value: date-time "01.08.2022 10:10:10": want RFC 3339 such as "2022-08-01T10:10:10Z", "2017-08-19T15:47:00+0000" or "2022-08-01"`},
		{name: "no zone", fn: fn, args: []any{"2022-08-01T10:10:10"},
			err: `parse_date: value: date-time "2022-08-01T10:10:10": want RFC 3339 such as "2022-08-01T10:10:10Z", "2017-08-19T15:47:00+0000" or "2022-08-01"`},
		{name: "number", fn: fn, args: []any{20220801},
			err: `parse_date: value must be a date-time string, got int`},
		{name: "none", fn: fn, args: nil, err: `parse_date: not enough arguments: got 0, want 1`},
	})
}

func TestFormatDate(t *testing.T) {
	const fn = fnFormatDate
	runCalls(t, []callCase{
		{name: "date", fn: fn, args: []any{"2022-08-01T10:10:10.933Z", "2006-01-02"}, want: "2022-08-01"},
		{name: "German", fn: fn, args: []any{"2017-08-15T16:53:07+01:00", "02.01.2006 15:04:05"}, want: "15.08.2017 16:53:07"},
		{name: "offset form", fn: fn, args: []any{"2022-08-01T10:10:10Z", "2006-01-02T15:04:05-0700"}, want: "2022-08-01T10:10:10+0000"},
		{name: "time zone", fn: fn, args: []any{"2022-08-01T10:10:10Z", time.RFC3339, "Europe/Berlin"}, want: "2022-08-01T12:10:10+02:00"},
		{name: "empty layout", fn: fn, args: []any{"2022-08-01", ""},
			err: `format_date: empty layout: use a Go layout such as "2006-01-02"`},
		{name: "unknown zone", fn: fn, args: []any{"2022-08-01", "2006", "Mars/Olympus"},
			err: `format_date: unknown time zone "Mars/Olympus": use an IANA name such as "Europe/Berlin"`},
		{name: "Local zone", fn: fn, args: []any{"2022-08-01", "2006", "Local"},
			err: `format_date: unknown time zone "Local": use an IANA name such as "Europe/Berlin"`},
		{name: "empty zone", fn: fn, args: []any{"2022-08-01", "2006", ""},
			err: `format_date: unknown time zone "": use an IANA name such as "Europe/Berlin"`},
		{name: "zone not a string", fn: fn, args: []any{"2022-08-01", "2006", 1},
			err: `format_date: time_zone must be a string, got int`},
		{name: "layout not a string", fn: fn, args: []any{"2022-08-01", 2006},
			err: `format_date: layout must be a string, got int`},
		{name: "bad value", fn: fn, args: []any{"soon", "2006"},
			err: `format_date: value: date-time "soon": want RFC 3339 such as "2022-08-01T10:10:10Z", "2017-08-19T15:47:00+0000" or "2022-08-01"`},
		{name: "one", fn: fn, args: []any{"2022-08-01"},
			err: `format_date: not enough arguments: got 1, want 2 to 3`},
	})
}

func TestAddDays(t *testing.T) {
	runCalls(t, []callCase{
		{name: "days", fn: fnAddDays, args: []any{"2022-08-01T10:10:10Z", 3}, want: "2022-08-04T10:10:10Z"},
		{name: "month end", fn: fnAddDays, args: []any{"2022-08-31T10:00:00+0200", 1}, want: "2022-09-01T10:00:00+02:00"},
		{name: "back", fn: fnAddDays, args: []any{"2022-03-01", -1}, want: "2022-02-28T00:00:00Z"},
		{name: "float days", fn: fnAddDays, args: []any{"2022-08-01", 2.0}, want: "2022-08-03T00:00:00Z"},
		{name: "fractional days", fn: fnAddDays, args: []any{"2022-08-01", 0.5},
			err: `add_days: days must be a whole number, got 0.5`},
		{name: "bad value", fn: fnAddDays, args: []any{"", 1},
			err: `add_days: value: date-time "": want RFC 3339 such as "2022-08-01T10:10:10Z", "2017-08-19T15:47:00+0000" or "2022-08-01"`},
		{name: "one", fn: fnAddDays, args: []any{"2022-08-01"},
			err: `add_days: not enough arguments: got 1, want 2`},
	})
}

func TestAddBusinessDays(t *testing.T) {
	const fn = fnAddBusinessDays
	runCalls(t, []callCase{
		{name: "Monday plus 1", fn: fn, args: []any{"2022-08-01T15:00:00Z", 1}, want: "2022-08-02T15:00:00Z"},
		{name: "Friday plus 1", fn: fn, args: []any{"2022-08-05T15:00:00Z", 1}, want: "2022-08-08T15:00:00Z"},
		{name: "Saturday plus 1", fn: fn, args: []any{"2017-08-19T15:47:00+0000", 1}, want: "2017-08-21T15:47:00Z"},
		{name: "Monday plus 5", fn: fn, args: []any{"2022-08-01T09:00:00+02:00", 5}, want: "2022-08-08T09:00:00+02:00"},
		{name: "Monday minus 1", fn: fn, args: []any{"2022-08-01", -1}, want: "2022-07-29T00:00:00Z"},
		{name: "zero keeps Saturday", fn: fn, args: []any{"2017-08-19T15:47:00+0000", 0}, want: "2017-08-19T15:47:00Z"},
		{name: "bad days", fn: fn, args: []any{"2022-08-01", "1"},
			err: `add_business_days: days must be a number, got string`},
		{name: "bad value", fn: fn, args: []any{true, 1},
			err: `add_business_days: value must be a date-time string, got bool`},
		{name: "three", fn: fn, args: []any{"2022-08-01", 1, 2},
			err: `add_business_days: too many arguments: got 3, want 2`},
	})
}

func TestNextPickup(t *testing.T) {
	const fn = fnNextPickup
	runCalls(t, []callCase{
		{name: "before cut-off", fn: fn, args: []any{"2022-08-01T10:10:10Z", "15:00"}, want: "2022-08-01T15:00:00Z"},
		{name: "at cut-off", fn: fn, args: []any{"2022-08-01T15:00:00Z", "15:00"}, want: "2022-08-01T15:00:00Z"},
		{name: "after cut-off", fn: fn, args: []any{"2022-08-01T15:00:01Z", "15:00"}, want: "2022-08-02T15:00:00Z"},
		{name: "Friday after cut-off", fn: fn, args: []any{"2022-08-05T18:00:00+0200", "15:30"}, want: "2022-08-08T15:30:00+02:00"},
		{name: "Saturday", fn: fn, args: []any{"2017-08-19T09:00:00+0000", "15:00"}, want: "2017-08-21T15:00:00Z"},
		{name: "Sunday", fn: fn, args: []any{"2017-08-20T09:00:00+0000", "15:00"}, want: "2017-08-21T15:00:00Z"},
		{name: "time zone", fn: fn, args: []any{"2022-08-01T12:00:00Z", "15:00", "Europe/Berlin"}, want: "2022-08-01T15:00:00+02:00"},
		{name: "time zone after cut-off", fn: fn, args: []any{"2022-08-01T13:30:00Z", "15:00", "Europe/Berlin"}, want: "2022-08-02T15:00:00+02:00"},
		{name: "over summer time start", fn: fn, args: []any{"2026-03-27T16:00:00Z", "15:00", "Europe/Berlin"}, want: "2026-03-30T15:00:00+02:00"},
		{name: "bad cutoff", fn: fn, args: []any{"2022-08-01", "3pm"},
			err: `next_pickup: cutoff "3pm": want a time of day such as "15:00"`},
		{name: "cutoff not a string", fn: fn, args: []any{"2022-08-01", 15},
			err: `next_pickup: cutoff must be a string, got int`},
		{name: "bad zone", fn: fn, args: []any{"2022-08-01", "15:00", "CET+1"},
			err: `next_pickup: unknown time zone "CET+1": use an IANA name such as "Europe/Berlin"`},
		{name: "Local", fn: fn, args: []any{"2022-08-01", "15:00", "Local"},
			err: `next_pickup: unknown time zone "Local": use an IANA name such as "Europe/Berlin"`},
		{name: "bad value", fn: fn, args: []any{"tomorrow", "15:00"},
			err: `next_pickup: value: date-time "tomorrow": want RFC 3339 such as "2022-08-01T10:10:10Z", "2017-08-19T15:47:00+0000" or "2022-08-01"`},
		{name: "one", fn: fn, args: []any{"2022-08-01"},
			err: `next_pickup: not enough arguments: got 1, want 2 to 3`},
	})
}

// TestLoadLocation checks that a time zone is read once and then given
// again, and that an unknown one is an error every time.
func TestLoadLocation(t *testing.T) {
	a, err := loadLocation("Europe/Zurich")
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadLocation("Europe/Zurich")
	if err != nil || a != b {
		t.Errorf("second load: %p, %v; want the first, %p", b, err, a)
	}
	for range 2 {
		if _, err := loadLocation("Mars/Olympus"); err == nil {
			t.Error("Mars/Olympus: no error")
		}
	}
}

func TestDatesExpr(t *testing.T) {
	runExprs(t, []exprCase{
		{
			name: "planned pickup",
			src:  `next_pickup(add_business_days(input.order_date, 1), settings.cutoff)`,
			env: map[string]any{
				"input":    map[string]any{"order_date": "2017-08-18T16:53:07+0100"},
				"settings": map[string]any{"cutoff": "15:00"},
			},
			want: "2017-08-22T15:00:00+01:00", // Friday 16:53, Monday 16:53 is past the cut-off
		},
		{
			name: "pickup after a Friday cut-off",
			src:  `next_pickup(input.order_date, "15:00")`,
			env:  map[string]any{"input": map[string]any{"order_date": "2017-08-18T16:53:07+0100"}},
			want: "2017-08-21T15:00:00+01:00",
		},
		{name: "expr date value", src: `add_days(date("2022-08-01T10:00:00Z"), 1)`, want: "2022-08-02T10:00:00Z"},
		{name: "format with zone", src: `format_date("2022-12-24T23:30:00Z", "2006-01-02", "Europe/Berlin")`, want: "2022-12-25"},
		{name: "parse", src: `parse_date("2017-08-19T15:47:00+0000")`, want: "2017-08-19T15:47:00Z"},
		{
			name: "days as string",
			src:  `add_days("2022-08-01", "1")`,
			err:  "cannot use string as argument (type int) to call add_days  (1:24)\n | add_days(\"2022-08-01\", \"1\")\n | .......................^",
		},
		{
			name: "layout as number",
			src:  `format_date("2022-08-01", 2006)`,
			err:  "cannot use int as argument (type string) to call format_date  (1:27)\n | format_date(\"2022-08-01\", 2006)\n | ..........................^",
		},
		{
			name: "missing cutoff",
			src:  `next_pickup("2022-08-01")`,
			err:  "not enough arguments to call next_pickup (1:1)\n | next_pickup(\"2022-08-01\")\n | ^",
		},
	})
}
