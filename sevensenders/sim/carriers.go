package sim

import (
	"sort"
	"strings"
)

// carrierTable is the table of available carriers by country (002
// "Available Carriers").
var carrierTable = map[string][]string{
	"AT": {"postat", "dpd", "ups", "dhl"},
	"BE": {"bpost", "dpd", "kiala", "mondialrelay", "ups", "dhl"},
	"CH": {"swisspost", "dpd", "ups", "dhl"},
	"CZ": {"ceskaposta", "dpd", "ups"},
	"DE": {"dhl", "deutschepost", "gls", "ups", "hermes", "dpd", "tnt"},
	"DK": {"postnord", "ups", "dhl", "dpd"},
	"ES": {"correos", "seur", "seur_international", "asm", "mrw", "ups", "dhl"},
	"FI": {"posti", "postnord", "ups", "dhl", "dpd"},
	"FR": {"colissimo", "chronopost", "tnt", "dpd", "mondialrelay", "colisprive", "gls", "dhl", "ups"},
	"GB": {"royalmail", "yodel", "parcelforce", "hermes", "dpd", "dhl"},
	"IT": {"brt", "tnt", "gls", "ups", "dhl", "nexive", "posteitaliane", "SDA posteitaliane"},
	"LU": {"dhl", "ups", "kiala", "dpd"},
	"NL": {"postnl", "kiala", "dpd", "mondialrelay", "tnt", "ups", "dhl"},
	"NO": {"postnord", "ups", "dhl", "dpd"},
	"PL": {"dpd", "gls", "ups", "dhl", "poczta polska"},
	"SE": {"postnord", "ups", "dhl"},
	"SK": {"ceskaposta", "dpd", "ups", "dhl"},
}

// carrierNames are the display names GET /v2/carriers gives each code of
// the table (assumed: 002 lists codes only).
var carrierNames = map[string]string{
	"SDA posteitaliane": "SDA Poste Italiane", "asm": "ASM", "bpost": "bpost", "brt": "BRT Bartolini",
	"ceskaposta": "Česká pošta", "chronopost": "Chronopost", "colisprive": "Colis Privé", "colissimo": "Colissimo",
	"correos": "Correos", "deutschepost": "Deutsche Post", "dhl": "DHL", "dpd": "DPD", "gls": "GLS",
	"hermes": "Hermes", "kiala": "Kiala", "mondialrelay": "Mondial Relay", "mrw": "MRW", "nexive": "Nexive",
	"parcelforce": "Parcelforce", "poczta polska": "Poczta Polska", "postat": "Österreichische Post",
	"posteitaliane": "Poste Italiane", "posti": "Posti", "postnl": "PostNL", "postnord": "PostNord",
	"royalmail": "Royal Mail", "seur": "SEUR", "seur_international": "SEUR International",
	"swisspost": "Swiss Post", "tnt": "TNT", "ups": "UPS", "yodel": "Yodel",
}

// carrierList is GET /v2/carriers: one object per carrier of the table,
// {code, name, countries}, by code; countries upper case and sorted.
func carrierList() []Object {
	countries := map[string][]string{}
	for country, codes := range carrierTable {
		for _, code := range codes {
			countries[code] = append(countries[code], country)
		}
	}
	codes := make([]string, 0, len(countries))
	for code := range countries {
		codes = append(codes, code)
	}
	sort.Slice(codes, func(i, j int) bool { return strings.ToLower(codes[i]) < strings.ToLower(codes[j]) })
	out := make([]Object, 0, len(codes))
	for _, code := range codes {
		cs := countries[code]
		sort.Strings(cs)
		out = append(out, Object{"code": code, "name": carrierNames[code], "countries": cs})
	}
	return out
}

// carrierGroups is the table by country, [{country, carriers}], as
// GET /v2/carriers?group=country returns it.
func carrierGroups() []Object {
	countries := make([]string, 0, len(carrierTable))
	for c := range carrierTable {
		countries = append(countries, c)
	}
	sort.Strings(countries)
	rows := []Object{}
	for _, c := range countries {
		rows = append(rows, Object{"country": c, "carriers": carrierTable[c]})
	}
	return rows
}

// listCarriers answers GET /v2/carriers (002 "Additional Operations"):
// the list by carrier, or by country with ?group=country.
func (s *Server) listCarriers(rq *request) response {
	if rq.URL.Query().Get("group") == "country" {
		return ok(carrierGroups())
	}
	return ok(carrierList())
}

// carrierName returns the table's spelling of a carrier name given in
// any case.
func carrierName(name string) (string, bool) {
	for code := range carrierNames {
		if strings.EqualFold(code, name) {
			return code, true
		}
	}
	return "", false
}

// checkCarrier checks obj["carrier"] {name, country} (validated and
// normalised by conform) against the carrier table (rule
// shipment-carrier-table). A shipment without a carrier passes: the BRT
// workaround sends none, and the schema decides when one is needed.
func checkCarrier(obj Object) response {
	c, isObj := obj["carrier"].(Object)
	if !isObj {
		return response{}
	}
	name, country := str(c, "name"), strings.ToUpper(str(c, "country"))
	names, known := carrierTable[country]
	if !known {
		return broken(ruleShipmentCarrierTable, "/carrier/country", "no carriers in country %q (see GET /v2/carriers)", country)
	}
	for _, n := range names {
		if n == name {
			return response{}
		}
	}
	return broken(ruleShipmentCarrierTable, "/carrier/name", "carrier %q does not serve country %q (see GET /v2/carriers)", name, country)
}
