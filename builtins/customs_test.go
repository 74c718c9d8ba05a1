package builtins

import "testing"

func TestCustomsDestination(t *testing.T) {
	const fn = fnCustomsDestination
	runCalls(t, []callCase{
		{name: "DE to CH", fn: fn, args: []any{"DE", "CH"}, want: true},
		{name: "DE to GB", fn: fn, args: []any{"DE", "GB"}, want: true},
		{name: "DE to NO", fn: fn, args: []any{"DE", "NO"}, want: true},
		{name: "DE to FR", fn: fn, args: []any{"DE", "FR"}, want: false},
		{name: "DE to AT", fn: fn, args: []any{"DE", "AT"}, want: false},
		{name: "DE to DE", fn: fn, args: []any{"DE", "DE"}, want: false},
		{name: "CH to DE", fn: fn, args: []any{"CH", "DE"}, want: true},
		{name: "GB to GB no border", fn: fn, args: []any{"GB", "GB"}, want: false},
		{name: "CH to NO", fn: fn, args: []any{"CH", "NO"}, want: true},
		{name: "lowercase and spaces", fn: fn, args: []any{" de", "ch "}, want: true},
		{name: "lowercase inside", fn: fn, args: []any{"de", "fr"}, want: false},
		{name: "UK alias", fn: fn, args: []any{"de", "uk"}, want: true},
		{name: "EL alias", fn: fn, args: []any{"DE", "EL"}, want: false},
		{name: "Monaco via France", fn: fn, args: []any{"DE", "MC"}, want: false},
		{name: "Canary Islands", fn: fn, args: []any{"DE", "IC"}, want: true},
		{name: "Spain to Canary Islands", fn: fn, args: []any{"ES", "IC"}, want: true},
		{name: "Canary Islands within", fn: fn, args: []any{"IC", "IC"}, want: false},
		{name: "Ceuta and Melilla", fn: fn, args: []any{"DE", "EA"}, want: true},
		{name: "Aland", fn: fn, args: []any{"FI", "AX"}, want: true},
		{name: "Reunion", fn: fn, args: []any{"FR", "RE"}, want: true},
		{name: "Guadeloupe to Martinique", fn: fn, args: []any{"GP", "MQ"}, want: true},
		{name: "New Caledonia", fn: fn, args: []any{"FR", "NC"}, want: true},
		{name: "Greenland", fn: fn, args: []any{"DK", "GL"}, want: true},
		{name: "Northern Ireland from DE", fn: fn, args: []any{"DE", "XI"}, want: false},
		{name: "Northern Ireland as GB-NIR", fn: fn, args: []any{"DE", "gb-nir"}, want: false},
		{name: "GB to Northern Ireland", fn: fn, args: []any{"GB", "XI"}, want: true},
		{name: "Northern Ireland to GB", fn: fn, args: []any{"XI", "GB"}, want: false},
		{name: "Northern Ireland to Isle of Man", fn: fn, args: []any{"XI", "IM"}, want: false},
		{name: "GB to Isle of Man", fn: fn, args: []any{"GB", "IM"}, want: false},
		{name: "GB to Jersey", fn: fn, args: []any{"GB", "JE"}, want: true},
		{name: "CH to LI", fn: fn, args: []any{"CH", "LI"}, want: false},
		{name: "AT to LI", fn: fn, args: []any{"AT", "LI"}, want: true},
		{name: "IT to San Marino", fn: fn, args: []any{"IT", "SM"}, want: true},
		{name: "ES to Andorra", fn: fn, args: []any{"ES", "AD"}, want: true},
		{name: "DE to Turkey", fn: fn, args: []any{"DE", "TR"}, want: true},
		{name: "unassigned code is outside", fn: fn, args: []any{"DE", "QQ"}, want: true},
		{name: "bad from", fn: fn, args: []any{"GER", "CH"},
			err: `customs_destination: from: country "GER": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "bad to", fn: fn, args: []any{"DE", "1A"},
			err: `customs_destination: to: country "1A": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "empty", fn: fn, args: []any{"DE", ""},
			err: `customs_destination: to: country "": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "not a string", fn: fn, args: []any{"DE", 49},
			err: `customs_destination: to must be a string, got int`},
		{name: "nil", fn: fn, args: []any{nil, "DE"},
			err: `customs_destination: from must be a string, got nil`},
		{name: "one argument", fn: fn, args: []any{"DE"},
			err: `customs_destination: not enough arguments: got 1, want 2`},
		{name: "three arguments", fn: fn, args: []any{"DE", "CH", "FR"},
			err: `customs_destination: too many arguments: got 3, want 2`},
	})
}

func TestEUMember(t *testing.T) {
	const fn = fnEUMember
	runCalls(t, []callCase{
		{name: "DE", fn: fn, args: []any{"DE"}, want: true},
		{name: "lowercase", fn: fn, args: []any{"hr"}, want: true},
		{name: "EL is Greece", fn: fn, args: []any{"EL"}, want: true},
		{name: "CH", fn: fn, args: []any{"CH"}, want: false},
		{name: "GB", fn: fn, args: []any{"GB"}, want: false},
		{name: "Monaco", fn: fn, args: []any{"MC"}, want: false},
		{name: "Northern Ireland", fn: fn, args: []any{"XI"}, want: false},
		{name: "Canary Islands", fn: fn, args: []any{"IC"}, want: false},
		{name: "bad", fn: fn, args: []any{"D"},
			err: `eu_member: country: country "D": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "none", fn: fn, args: nil, err: `eu_member: not enough arguments: got 0, want 1`},
	})
	if n := len(euMembers); n != 27 {
		t.Errorf("euMembers has %d members, want 27", n)
	}
}

func TestCustomsTerritory(t *testing.T) {
	const fn = fnCustomsTerritory
	runCalls(t, []callCase{
		{name: "member", fn: fn, args: []any{"fr"}, want: "EU"},
		{name: "Monaco", fn: fn, args: []any{"MC"}, want: "EU"},
		{name: "Liechtenstein", fn: fn, args: []any{"LI"}, want: "CH"},
		{name: "Canary Islands", fn: fn, args: []any{"IC"}, want: "IC"},
		{name: "other", fn: fn, args: []any{"US"}, want: "US"},
		{name: "bad", fn: fn, args: []any{""},
			err: `customs_territory: country: country "": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "too many", fn: fn, args: []any{"DE", "FR"},
			err: `customs_territory: too many arguments: got 2, want 1`},
	})
}

// TestTerritoryZones guards the table: a zone is EU, the code itself, or a
// country whose own zone is itself.
func TestTerritoryZones(t *testing.T) {
	for code, tr := range territories {
		if euMembers[code] {
			t.Errorf("%s: a member state in territories", code)
		}
		if tr.note == "" {
			t.Errorf("%s: no note", code)
		}
		if tr.zone != zoneEU && tr.zone != code && customsZone(tr.zone) != tr.zone {
			t.Errorf("%s: zone %s is not a zone of its own", code, tr.zone)
		}
	}
}

func TestCustomsExpr(t *testing.T) {
	runExprs(t, []exprCase{
		{name: "literal", src: `customs_destination("DE", "CH")`, want: true},
		{name: "inside", src: `customs_destination("de", "at")`, want: false},
		{
			name: "from env",
			src:  `customs_destination(settings.warehouse.country, input.recipient.country)`,
			env: map[string]any{
				"settings": map[string]any{"warehouse": map[string]any{"country": "DE"}},
				"input":    map[string]any{"recipient": map[string]any{"country": "no"}},
			},
			want: true,
		},
		{name: "negated in when", src: `!customs_destination("DE", "MC") && eu_member("FR")`, want: true},
		{name: "territory", src: `customs_territory("LI") == "CH"`, want: true},
		{
			name: "missing argument",
			src:  `customs_destination("DE")`,
			err:  "not enough arguments to call customs_destination (1:1)\n | customs_destination(\"DE\")\n | ^",
		},
		{
			name: "wrong type",
			src:  `eu_member(49)`,
			err:  "cannot use int as argument (type string) to call eu_member  (1:11)\n | eu_member(49)\n | ..........^",
		},
		{
			name: "bad code at run time",
			src:  `customs_destination(from, "CH")`,
			env:  map[string]any{"from": "Germany"},
			err:  "customs_destination: from: country \"Germany\": want an ISO 3166-1 alpha-2 code such as \"DE\" (1:1)\n | customs_destination(from, \"CH\")\n | ^",
		},
	})
}
