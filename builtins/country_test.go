package builtins

import "testing"

func TestNormalizeCountry(t *testing.T) {
	const fn = fnNormalizeCountry
	runCalls(t, []callCase{
		{name: "upper", fn: fn, args: []any{"DE"}, want: "DE"},
		{name: "lower and spaces", fn: fn, args: []any{" ch\t"}, want: "CH"},
		{name: "UK", fn: fn, args: []any{"uk"}, want: "GB"},
		{name: "EL", fn: fn, args: []any{"EL"}, want: "GR"},
		{name: "GB-NIR", fn: fn, args: []any{"GB-NIR"}, want: "XI"},
		{name: "three letters", fn: fn, args: []any{"DEU"},
			err: `normalize_country: country: country "DEU": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "digit", fn: fn, args: []any{"D1"},
			err: `normalize_country: country: country "D1": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "non-ASCII", fn: fn, args: []any{"Ä"},
			err: `normalize_country: country: country "Ä": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "number", fn: fn, args: []any{1.5},
			err: `normalize_country: country must be a string, got float64`},
		{name: "none", fn: fn, args: nil,
			err: `normalize_country: not enough arguments: got 0, want 1`},
	})
}

func TestLanguageOf(t *testing.T) {
	const fn = fnLanguageOf
	runCalls(t, []callCase{
		{name: "DE", fn: fn, args: []any{"DE"}, want: "de"},
		{name: "AT", fn: fn, args: []any{"AT"}, want: "de"},
		{name: "CH", fn: fn, args: []any{"CH"}, want: "de"},
		{name: "FR", fn: fn, args: []any{"fr"}, want: "fr"},
		{name: "GB", fn: fn, args: []any{"GB"}, want: "en"},
		{name: "UK", fn: fn, args: []any{"UK"}, want: "en"},
		{name: "NO", fn: fn, args: []any{"NO"}, want: "no"},
		{name: "IT", fn: fn, args: []any{"IT"}, want: "it"},
		{name: "ES", fn: fn, args: []any{"ES"}, want: "es"},
		{name: "NL", fn: fn, args: []any{"NL"}, want: "nl"},
		{name: "BE", fn: fn, args: []any{"BE"}, want: "nl"},
		{name: "LU", fn: fn, args: []any{"LU"}, want: "fr"},
		{name: "PL", fn: fn, args: []any{"PL"}, want: "pl"},
		{name: "GR as EL", fn: fn, args: []any{"EL"}, want: "el"},
		{name: "Canary Islands", fn: fn, args: []any{"IC"}, want: "es"},
		{name: "Northern Ireland", fn: fn, args: []any{"GB-NIR"}, want: "en"},
		{name: "country of origin IN", fn: fn, args: []any{"IN"}, want: "en"},
		{name: "unknown", fn: fn, args: []any{"QQ"},
			err: `language_of: no official language known for "QQ"`},
		{name: "bad", fn: fn, args: []any{"Deutschland"},
			err: `language_of: country: country "Deutschland": want an ISO 3166-1 alpha-2 code such as "DE"`},
		{name: "too many", fn: fn, args: []any{"DE", "AT"},
			err: `language_of: too many arguments: got 2, want 1`},
	})
}

// TestLanguagesCoverZones guards the tables: every country that the customs
// table knows has a language, so a customs payload can always be filled.
func TestLanguagesCoverZones(t *testing.T) {
	for code := range euMembers {
		if languages[code] == "" {
			t.Errorf("member %s has no language", code)
		}
	}
	for code := range territories {
		if languages[code] == "" {
			t.Errorf("territory %s has no language", code)
		}
	}
	for code, lang := range languages {
		if len(code) != 2 || len(lang) != 2 {
			t.Errorf("languages[%q] = %q: want ISO2 to ISO 639-1", code, lang)
		}
	}
}

func TestCountryExpr(t *testing.T) {
	runExprs(t, []exprCase{
		{
			name: "customs descriptions",
			src:  `[language_of(normalize_country(from)), language_of(to)]`,
			env:  map[string]any{"from": "de", "to": "CH"},
			want: []any{"de", "de"},
		},
		{
			name: "too many",
			src:  `normalize_country("de", "at")`,
			err:  "too many arguments to call normalize_country (1:1)\n | normalize_country(\"de\", \"at\")\n | ^",
		},
	})
}
