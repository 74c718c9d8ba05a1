package builtins

import (
	"errors"
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // time zone names work the same on every machine

	"github.com/sevenflow/sevenflow/engine"
)

const (
	fnParseDate       = "parse_date"
	fnFormatDate      = "format_date"
	fnAddDays         = "add_days"
	fnAddBusinessDays = "add_business_days"
	fnNextPickup      = "next_pickup"
)

// Every date function takes its date-time as a string in one of
// inputLayouts, or as a time.Time (what expr's date() returns). expr reports
// the error of the last signature that fails, so the string signatures come
// last, and the common short form last of all.

// inputLayouts are the date-time forms the functions accept: RFC 3339 (with
// or without fractional seconds), the "+0000" offset form of the 7S examples
// ("2017-08-19T15:47:00+0000"), and a plain date, which is midnight UTC.
var inputLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02",
}

// outputLayout is the form every date function returns: RFC 3339, with
// fractional seconds only when there are some.
const outputLayout = time.RFC3339Nano

// errTimeForm is the hint given for a date-time in none of inputLayouts.
var errTimeForm = errors.New(`want RFC 3339 such as "2022-08-01T10:10:10Z", "2017-08-19T15:47:00+0000" or "2022-08-01"`)

// parseTime parses s in the first of inputLayouts that fits.
func parseTime(s string) (time.Time, error) {
	for _, layout := range inputLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date-time %q: %w", s, errTimeForm)
}

// locationArg returns the optional IANA time zone at index i (such as
// "Europe/Berlin"), or t's own location when it is absent.
func locationArg(fn string, params []any, i int, t time.Time) (*time.Location, error) {
	if len(params) <= i {
		return t.Location(), nil
	}
	name, err := stringArg(fn, params, i, "time_zone")
	if err != nil {
		return nil, err
	}
	loc, err := loadLocation(name)
	if err != nil || name == "" || name == "Local" {
		return nil, fmt.Errorf("%s: unknown time zone %q: use an IANA name such as \"Europe/Berlin\"", fn, name)
	}
	return loc, nil
}

// locations holds the time zones loaded so far, by name: time.LoadLocation
// reads and parses the zone's file each time, and a shop names the same
// zone in every run.
var locations sync.Map // string -> *time.Location

// loadLocation is time.LoadLocation, each zone read once per process.
func loadLocation(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

func parseDate(params ...any) (any, error) {
	if err := arity(fnParseDate, params, 1, 1); err != nil {
		return nil, err
	}
	t, err := timeArg(fnParseDate, params, 0, "value")
	if err != nil {
		return nil, err
	}
	return t.Format(outputLayout), nil
}

func formatDate(params ...any) (any, error) {
	if err := arity(fnFormatDate, params, 2, 3); err != nil {
		return nil, err
	}
	t, err := timeArg(fnFormatDate, params, 0, "value")
	if err != nil {
		return nil, err
	}
	layout, err := stringArg(fnFormatDate, params, 1, "layout")
	if err != nil {
		return nil, err
	}
	if layout == "" {
		return nil, fmt.Errorf("%s: empty layout: use a Go layout such as \"2006-01-02\"", fnFormatDate)
	}
	loc, err := locationArg(fnFormatDate, params, 2, t)
	if err != nil {
		return nil, err
	}
	return t.In(loc).Format(layout), nil
}

func addDays(params ...any) (any, error) {
	if err := arity(fnAddDays, params, 2, 2); err != nil {
		return nil, err
	}
	t, err := timeArg(fnAddDays, params, 0, "value")
	if err != nil {
		return nil, err
	}
	n, err := intArg(fnAddDays, params, 1, "days")
	if err != nil {
		return nil, err
	}
	return t.AddDate(0, 0, n).Format(outputLayout), nil
}

func isWeekend(t time.Time) bool {
	return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
}

// addBusinessDays moves t by n weekdays (Monday to Friday), keeping the
// clock time: Friday plus 1 is Monday, and Saturday plus 1 is Monday too.
// Public holidays are not known. n may be negative; 0 returns t.
func addBusinessDays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if !isWeekend(t) {
			n--
		}
	}
	return t
}

func addBusinessDaysFunc(params ...any) (any, error) {
	if err := arity(fnAddBusinessDays, params, 2, 2); err != nil {
		return nil, err
	}
	t, err := timeArg(fnAddBusinessDays, params, 0, "value")
	if err != nil {
		return nil, err
	}
	n, err := intArg(fnAddBusinessDays, params, 1, "days")
	if err != nil {
		return nil, err
	}
	return addBusinessDays(t, n).Format(outputLayout), nil
}

// nextPickup returns the first weekday cut-off at or after t: today's
// cut-off when t is a weekday at or before it, else the next weekday's.
func nextPickup(t time.Time, hour, minute int) time.Time {
	p := time.Date(t.Year(), t.Month(), t.Day(), hour, minute, 0, 0, t.Location())
	if p.Before(t) {
		p = time.Date(t.Year(), t.Month(), t.Day()+1, hour, minute, 0, 0, t.Location())
	}
	for isWeekend(p) {
		p = time.Date(p.Year(), p.Month(), p.Day()+1, hour, minute, 0, 0, t.Location())
	}
	return p
}

func nextPickupFunc(params ...any) (any, error) {
	if err := arity(fnNextPickup, params, 2, 3); err != nil {
		return nil, err
	}
	t, err := timeArg(fnNextPickup, params, 0, "value")
	if err != nil {
		return nil, err
	}
	cutoff, err := stringArg(fnNextPickup, params, 1, "cutoff")
	if err != nil {
		return nil, err
	}
	c, err := time.Parse("15:04", cutoff)
	if err != nil {
		return nil, fmt.Errorf("%s: cutoff %q: want a time of day such as \"15:00\"", fnNextPickup, cutoff)
	}
	loc, err := locationArg(fnNextPickup, params, 2, t)
	if err != nil {
		return nil, err
	}
	return nextPickup(t.In(loc), c.Hour(), c.Minute()).Format(outputLayout), nil
}

func dateFuncs() []engine.Function {
	return []engine.Function{
		{
			Name: fnParseDate,
			Doc:  "parse_date(value) reads a date-time in RFC 3339, the \"2017-08-19T15:47:00+0000\" form or as a plain date (midnight UTC) and returns it as RFC 3339.",
			Func: parseDate,
			Types: []any{
				new(func(time.Time) string),
				new(func(string) string),
			},
		},
		{
			Name: fnFormatDate,
			Doc:  "format_date(value, layout[, time_zone]) prints a date-time with a Go layout (\"2006-01-02\", \"02.01.2006 15:04\"), in its own offset or in an IANA time zone.",
			Func: formatDate,
			Types: []any{
				new(func(time.Time, string) string),
				new(func(time.Time, string, string) string),
				new(func(string, string, string) string),
				new(func(string, string) string),
			},
		},
		{
			Name: fnAddDays,
			Doc:  "add_days(value, days) moves a date-time by whole calendar days (negative goes back), keeping its clock time and offset; returns RFC 3339.",
			Func: addDays,
			Types: []any{
				new(func(time.Time, int) string),
				new(func(string, int) string),
			},
		},
		{
			Name: fnAddBusinessDays,
			Doc:  "add_business_days(value, days) moves a date-time by weekdays, skipping Saturday and Sunday (not holidays), keeping its clock time; returns RFC 3339.",
			Func: addBusinessDaysFunc,
			Types: []any{
				new(func(time.Time, int) string),
				new(func(string, int) string),
			},
		},
		{
			Name: fnNextPickup,
			Doc:  "next_pickup(value, cutoff[, time_zone]) is the first weekday cut-off (\"15:00\") at or after a date-time, in its offset or an IANA time zone; returns RFC 3339 for planned_pickup_datetime.",
			Func: nextPickupFunc,
			Types: []any{
				new(func(time.Time, string) string),
				new(func(time.Time, string, string) string),
				new(func(string, string, string) string),
				new(func(string, string) string),
			},
		},
	}
}
