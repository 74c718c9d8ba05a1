package builtins

import (
	"github.com/sevenflow/sevenflow/engine"
)

const (
	fnCustomsDestination = "customs_destination"
	fnCustomsTerritory   = "customs_territory"
	fnEUMember           = "eu_member"
)

// zoneEU is the customs territory of the 27 member states' main territories:
// goods move inside it without a customs declaration.
const zoneEU = "EU"

// euMembers are the 27 member states of the European Union (Greece also
// answers to its EU code EL, see normalizeCountry).
var euMembers = map[string]bool{
	"AT": true, "BE": true, "BG": true, "CY": true, "CZ": true, "DE": true, "DK": true,
	"EE": true, "ES": true, "FI": true, "FR": true, "GR": true, "HR": true, "HU": true,
	"IE": true, "IT": true, "LT": true, "LU": true, "LV": true, "MT": true, "NL": true,
	"PL": true, "PT": true, "RO": true, "SE": true, "SI": true, "SK": true,
}

// territory is the customs zone of a code that is not simply "an EU member
// (zone EU)" or "any other country (its own zone)".
type territory struct {
	zone string // codes in the same zone trade without a customs declaration
	note string // why; doc.go repeats these
}

// territories lists the special cases. A zone other than EU or the code
// itself means the code shares a customs territory with another country.
var territories = map[string]territory{
	// Inside the EU zone without being a member state.
	"MC": {zoneEU, "Monaco: in the EU customs territory and VAT area through France"},
	"XI": {zoneEU, "Northern Ireland: follows EU customs rules for goods (Windsor Framework)"},

	// Parts of member states that sit outside the EU VAT area: they are in
	// the customs union, but goods entering them are declared (import VAT,
	// IGIC, octroi de mer), so each is its own zone.
	"IC": {"IC", "Canary Islands (ES): in the customs union, outside the EU VAT area; goods are declared"},
	"AX": {"AX", "Åland (FI): in the customs union, outside the EU VAT area; goods are declared"},
	"GF": {"GF", "French Guiana (FR): in the customs union, outside the EU VAT area (octroi de mer); goods are declared"},
	"GP": {"GP", "Guadeloupe (FR): in the customs union, outside the EU VAT area (octroi de mer); goods are declared"},
	"MQ": {"MQ", "Martinique (FR): in the customs union, outside the EU VAT area (octroi de mer); goods are declared"},
	"RE": {"RE", "Réunion (FR): in the customs union, outside the EU VAT area (octroi de mer); goods are declared"},
	"YT": {"YT", "Mayotte (FR): in the customs union, outside the EU VAT area (octroi de mer); goods are declared"},
	"MF": {"MF", "Saint-Martin (FR): in the customs union, outside the EU VAT area; goods are declared"},

	// Parts of member states outside the EU customs territory.
	"EA": {"EA", "Ceuta and Melilla (ES): outside the EU customs territory"},
	"BL": {"BL", "Saint-Barthélemy (FR): overseas country and territory, outside the EU customs territory"},
	"PM": {"PM", "Saint-Pierre-et-Miquelon (FR): overseas country and territory, outside the EU customs territory"},
	"NC": {"NC", "New Caledonia (FR): overseas country and territory, outside the EU customs territory"},
	"PF": {"PF", "French Polynesia (FR): overseas country and territory, outside the EU customs territory"},
	"WF": {"WF", "Wallis and Futuna (FR): overseas country and territory, outside the EU customs territory"},
	"TF": {"TF", "French Southern Territories (FR): outside the EU customs territory"},
	"FO": {"FO", "Faroe Islands (DK): outside the EU customs territory"},
	"GL": {"GL", "Greenland (DK): outside the EU customs territory"},

	// Neighbours with a partial customs union with the EU: declarations are
	// still needed, so they are outside.
	"AD": {"AD", "Andorra: customs union with the EU for industrial goods only; treated as outside"},
	"SM": {"SM", "San Marino: customs union with the EU, but outside the EU VAT area; treated as outside"},
	"TR": {"TR", "Turkey: customs union with the EU for industrial goods only; treated as outside"},
	"VA": {"VA", "Vatican City: outside the EU customs territory"},

	// Non-EU countries that share a customs territory.
	"LI": {"CH", "Liechtenstein: in the Swiss customs territory (customs treaty of 1923)"},
	"IM": {"GB", "Isle of Man: in the UK customs and VAT territory"},
	"JE": {"JE", "Jersey: outside the UK VAT area; goods from GB are declared"},
	"GG": {"GG", "Guernsey: outside the UK VAT area; goods from GB are declared"},
	"GI": {"GI", "Gibraltar: outside the EU and UK customs territories"},
}

// noDeclaration lists routes, from a code to a zone, that cross a zone
// border without a customs declaration.
var noDeclaration = map[[2]string]string{
	{"XI", "GB"}: "Northern Ireland to Great Britain: unfettered access for qualifying goods",
}

// customsZone returns the zone of a normalized country code: EU for the
// member states, the table's zone for special territories, and the code
// itself for every other country.
func customsZone(code string) string {
	if euMembers[code] {
		return zoneEU
	}
	if t, ok := territories[code]; ok {
		return t.zone
	}
	return code
}

// needsCustoms reports whether goods sent from one normalized code to
// another cross a customs border.
func needsCustoms(from, to string) bool {
	zf, zt := customsZone(from), customsZone(to)
	if zf == zt {
		return false
	}
	_, free := noDeclaration[[2]string{from, zt}]
	return !free
}

func customsDestination(params ...any) (any, error) {
	if err := arity(fnCustomsDestination, params, 2, 2); err != nil {
		return nil, err
	}
	from, err := countryArg(fnCustomsDestination, params, 0, "from")
	if err != nil {
		return nil, err
	}
	to, err := countryArg(fnCustomsDestination, params, 1, "to")
	if err != nil {
		return nil, err
	}
	return needsCustoms(from, to), nil
}

func customsTerritory(params ...any) (any, error) {
	if err := arity(fnCustomsTerritory, params, 1, 1); err != nil {
		return nil, err
	}
	c, err := countryArg(fnCustomsTerritory, params, 0, "country")
	if err != nil {
		return nil, err
	}
	return customsZone(c), nil
}

func euMember(params ...any) (any, error) {
	if err := arity(fnEUMember, params, 1, 1); err != nil {
		return nil, err
	}
	c, err := countryArg(fnEUMember, params, 0, "country")
	if err != nil {
		return nil, err
	}
	return euMembers[c], nil
}

func customsFuncs() []engine.Function {
	return []engine.Function{
		{
			Name:  fnCustomsDestination,
			Doc:   "customs_destination(from, to) is true when goods sent between the two ISO2 countries need a customs declaration (they cross the EU customs and VAT border or another customs border).",
			Func:  customsDestination,
			Types: []any{new(func(string, string) bool)},
		},
		{
			Name:  fnCustomsTerritory,
			Doc:   "customs_territory(country) names the customs zone of an ISO2 country: \"EU\" for members and territories inside, the zone's country for shared territories (LI is \"CH\"), else the code itself.",
			Func:  customsTerritory,
			Types: []any{new(func(string) string)},
		},
		{
			Name:  fnEUMember,
			Doc:   "eu_member(country) is true for the 27 EU member states' ISO2 codes (GR also as EL); special territories such as IC or XI are not members.",
			Func:  euMember,
			Types: []any{new(func(string) bool)},
		},
	}
}
