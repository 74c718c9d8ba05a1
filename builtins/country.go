package builtins

import (
	"fmt"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

const (
	fnNormalizeCountry = "normalize_country"
	fnLanguageOf       = "language_of"
)

// countryAliases maps codes that are in use but are not the ISO 3166-1
// alpha-2 code of the country to the code that this package uses.
var countryAliases = map[string]string{
	"UK":     "GB", // exceptionally reserved in ISO 3166-1
	"EL":     "GR", // Greece in EU VAT and customs documents
	"GB-NIR": "XI", // Northern Ireland (ISO 3166-2) as in EU/UK VAT numbers
}

// normalizeCountry trims and upper-cases c, resolves countryAliases and
// checks that the result is two letters A-Z. It does not check that the code
// is assigned.
func normalizeCountry(c string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(c))
	if alias, ok := countryAliases[code]; ok {
		code = alias
	}
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return "", fmt.Errorf("country %q: want an ISO 3166-1 alpha-2 code such as \"DE\"", c)
	}
	return code, nil
}

// countryArg returns params[i] as a normalized country code.
func countryArg(fn string, params []any, i int, what string) (string, error) {
	s, err := stringArg(fn, params, i, what)
	if err != nil {
		return "", err
	}
	code, err := normalizeCountry(s)
	if err != nil {
		return "", fmt.Errorf("%s: %s: %w", fn, what, err)
	}
	return code, nil
}

// languages maps a country code to the ISO 639-1 code of the official
// language used for customs descriptions. Where a country has several, the
// choice is the language of its customs administration or of most of its
// people, and the comment says so.
var languages = map[string]string{
	// EU member states.
	"AT": "de", "BE": "nl", // BE: also fr and de; nl is spoken by most
	"BG": "bg", "CY": "el", // CY: also tr
	"CZ": "cs", "DE": "de", "DK": "da", "EE": "et", "ES": "es",
	"FI": "fi", // FI: also sv
	"FR": "fr", "GR": "el", "HR": "hr", "HU": "hu",
	"IE": "en", // IE: also ga; customs works in en
	"IT": "it", "LT": "lt",
	"LU": "fr", // LU: also de and lb; customs works in fr
	"LV": "lv",
	"MT": "en", // MT: also mt; customs works in en
	"NL": "nl", "PL": "pl", "PT": "pt", "RO": "ro", "SE": "sv", "SI": "sl", "SK": "sk",

	// Special territories (see customs.go).
	"MC": "fr", "XI": "en", "IC": "es", "EA": "es", "AX": "sv",
	"GF": "fr", "GP": "fr", "MQ": "fr", "RE": "fr", "YT": "fr", "MF": "fr",
	"BL": "fr", "PM": "fr", "NC": "fr", "PF": "fr", "WF": "fr", "TF": "fr",
	"FO": "fo", "GL": "kl", "AD": "ca", "SM": "it", "VA": "it",
	"IM": "en", "JE": "en", "GG": "en", "GI": "en",

	// Other European countries.
	"CH": "de", // CH: also fr, it and rm; de is spoken by most
	"LI": "de", "GB": "en", "IS": "is",
	"NO": "no", // NO: ISO 639-1 "no" covers Bokmål (nb) and Nynorsk (nn)
	"TR": "tr", "AL": "sq", "BA": "bs", "BY": "be", "MD": "ro", "ME": "sr",
	"MK": "mk", "RS": "sr", "UA": "uk", "XK": "sq", "RU": "ru",

	// Frequent countries of origin and destinations elsewhere.
	"US": "en", "CA": "en", // CA: also fr
	"AU": "en", "NZ": "en", "IN": "en", // IN: also hi
	"CN": "zh", "HK": "zh", "TW": "zh", "JP": "ja", "KR": "ko", "VN": "vi",
	"TH": "th", "ID": "id", "MY": "ms", "SG": "en", "PH": "en", "BD": "bn",
	"PK": "ur", "LK": "si", "IL": "he", "AE": "ar", "SA": "ar", "EG": "ar",
	"MA": "ar", "TN": "ar", "ZA": "en", "BR": "pt", "MX": "es", "AR": "es",
	"CL": "es", "CO": "es", "PE": "es",
}

func normalizeCountryFunc(params ...any) (any, error) {
	if err := arity(fnNormalizeCountry, params, 1, 1); err != nil {
		return nil, err
	}
	return countryArg(fnNormalizeCountry, params, 0, "country")
}

func languageOf(params ...any) (any, error) {
	if err := arity(fnLanguageOf, params, 1, 1); err != nil {
		return nil, err
	}
	c, err := countryArg(fnLanguageOf, params, 0, "country")
	if err != nil {
		return nil, err
	}
	lang, ok := languages[c]
	if !ok {
		return nil, fmt.Errorf("%s: no official language known for %q", fnLanguageOf, c)
	}
	return lang, nil
}

func countryFuncs() []engine.Function {
	return []engine.Function{
		{
			Name:  fnNormalizeCountry,
			Doc:   "normalize_country(country) trims and upper-cases a country code and maps UK to GB, EL to GR and GB-NIR to XI; it fails unless the result is two letters.",
			Func:  normalizeCountryFunc,
			Types: []any{new(func(string) string)},
		},
		{
			Name:  fnLanguageOf,
			Doc:   "language_of(country) is the ISO 639-1 code of the country's official language for customs descriptions (CH is \"de\", BE is \"nl\", LU is \"fr\").",
			Func:  languageOf,
			Types: []any{new(func(string) string)},
		},
	}
}
