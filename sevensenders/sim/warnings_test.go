package sim

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestWarnings: compatible mode reports each rule it let pass in a
// Warning header, GET /sim/warnings, Warnings() and the log; a request
// that fails anyway reports nothing, and strict mode never warns.
func TestWarnings(t *testing.T) {
	var log bytes.Buffer
	c := fixture(t, Compatible, WithLog(&log))
	body := shipmentWith(func(b Object) { b["warehouse"], b["comment"] = "Nowhere", nil })
	status, hdr, _ := c.do("POST", "/v2/shipments?source=plugin", body)
	want := []Warning{
		{Method: "POST", Path: "/v2/shipments?source=plugin", Rule: ruleNullOptional, Pointer: "/comment", Message: "null read as absent"},
		{Method: "POST", Path: "/v2/shipments?source=plugin", Rule: ruleWarehouseDefined, Pointer: "/warehouse",
			Message: `warehouse "Nowhere" is not a warehouse of the account (defined: "Main Warehouse", "Main Warehouse Vienna"); stored as sent`},
	}
	if status != 201 || len(hdr.Values("Warning")) != 2 {
		t.Fatalf("POST: %d %v", status, hdr.Values("Warning"))
	}
	c.must(409, "POST", "/v2/shipments", body) // TC-NEW again: no warning
	if got := c.srv.Warnings(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Warnings() = %+v\nwant %+v", got, want)
	}
	_, _, listed := c.raw("GET", "/sim/warnings", nil, "")
	if l, _ := listed.([]any); len(l) != 2 || field(l[1], "rule") != ruleWarehouseDefined || field(l[0], "pointer") != "/comment" {
		t.Fatalf("GET /sim/warnings: %v", listed)
	}
	wantLog := "2024-01-15T10:00:00Z warning POST /v2/shipments?source=plugin: null-optional: /comment: null read as absent\n" +
		`2024-01-15T10:00:00Z warning POST /v2/shipments?source=plugin: warehouse-defined: /warehouse: warehouse "Nowhere" is not a warehouse of the account (defined: "Main Warehouse", "Main Warehouse Vienna"); stored as sent` + "\n"
	if log.String() != wantLog {
		t.Fatalf("log:\n%s\nwant:\n%s", log.String(), wantLog)
	}
	if status, _, _ := c.raw("DELETE", "/sim/warnings", nil, ""); status != 204 || len(c.srv.Warnings()) != 0 {
		t.Fatalf("DELETE /sim/warnings: %d, %v", status, c.srv.Warnings())
	}

	strict := fixture(t, Strict)
	body["warehouse"], body["comment"] = "Main Warehouse", "ok"
	if status, hdr, _ := strict.do("POST", "/v2/shipments", body); status != 201 || len(hdr.Values("Warning")) != 0 || len(strict.srv.Warnings()) != 0 {
		t.Fatalf("strict: %d %v", status, hdr.Values("Warning"))
	}
}

// TestLogNotableEvents: faults, clock moves, hub scans and resets are
// logged, one line each.
func TestLogNotableEvents(t *testing.T) {
	var log bytes.Buffer
	c := fixture(t, Strict, WithLog(&log))
	c.admin("/sim/faults", Object{"method": "GET", "path": "/v2/orders", "status": 500})
	c.do("GET", "/v2/orders", nil)
	c.admin("/sim/clock", Object{"advance": "1h"})
	c.admin("/sim/shipments/1000003/events", Object{"status": "hub_scan"})
	c.admin("/sim/reset", nil)
	want := []string{
		"2024-01-15T10:00:00Z fault injected: GET /v2/orders: answer 500 (POST /sim/faults; 1 more to come)",
		"2024-01-15T10:00:00Z fault GET /v2/orders: answer 500 (POST /sim/faults; 0 more to come)",
		"2024-01-15T11:00:00Z clock moved to 2024-01-15T11:00:00Z",
		"2024-01-15T11:00:00Z shipment 1000003: tracking code BRT1000003 from the hub scan",
		"2024-01-15T10:00:00Z reset",
	}
	if got := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n"); !reflect.DeepEqual(got, want) {
		t.Fatalf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
