package sim

import (
	"regexp"
	"strings"
	"time"
)

// dateKeys are the fields of 7S requests that hold a date-time, at any
// depth; they are stored as RFC 3339.
var dateKeys = map[string]bool{
	"order_date": true, "promised_delivery_date": true, "datetime": true,
	"planned_pickup_datetime": true, "invoice_date": true,
}

var (
	// isoTime is RFC 3339 and the variants clients send: a space for T,
	// no seconds, an offset without a colon, no offset.
	isoTime = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$`)
	// deTime is 002's dd.mm.yyyy hh:mm:ss.
	deTime = regexp.MustCompile(`^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}:\d{2}:\d{2})$`)
)

// parseTime reads an ISO-8601 date-time leniently (isoTime; no offset is
// UTC) or 002's dd.mm.yyyy hh:mm:ss (UTC). Which of these a request may
// send is the schema's business (api_date_time) and rule
// date-time-variant's.
func parseTime(s string) (time.Time, bool) {
	if m := isoTime.FindStringSubmatch(s); m != nil {
		sec := m[3]
		if sec == "" {
			sec = ":00"
		}
		off := strings.ToUpper(m[4])
		switch {
		case off == "":
			off = "Z"
		case off != "Z" && !strings.Contains(off, ":"):
			off = off[:3] + ":" + off[3:]
		}
		t, err := time.Parse(time.RFC3339Nano, m[1]+"T"+m[2]+sec+off)
		return t, err == nil
	}
	if m := deTime.FindStringSubmatch(s); m != nil {
		t, err := time.Parse(time.RFC3339, m[3]+"-"+m[2]+"-"+m[1]+"T"+m[4]+"Z")
		return t, err == nil
	}
	return time.Time{}, false
}

// timeField returns obj[key] as a time, if it is one.
func timeField(obj Object, key string) (time.Time, bool) {
	s, _ := obj[key].(string)
	return parseTime(s)
}

// rfc3339 formats t as the simulator stores times.
func rfc3339(t time.Time) string { return t.Format(time.RFC3339Nano) }
