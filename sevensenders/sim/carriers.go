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

// carrierRows is the carrier table as GET /v2/carriers returns it:
// [{country, carriers: [name, ...]}] by country, names in the order of 002.
func carrierRows() []Object {
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

// listCarriers answers GET /v2/carriers (002 "Additional Operations").
func (s *Server) listCarriers(*request) response { return ok(carrierRows()) }

// checkCarrier checks obj["carrier"] {name, country} (normalised by
// normalizeCarrier) against the carrier table. A shipment without a carrier passes: the
// BRT workaround sends none, and the schema decides when one is needed.
func checkCarrier(obj Object) response {
	raw, has := obj["carrier"]
	if !has {
		return response{}
	}
	c, isObj := raw.(Object)
	if !isObj {
		return invalidField("/carrier", "must be an object {name, country}")
	}
	name, country := strings.TrimSpace(str(c, "name")), strings.ToUpper(strings.TrimSpace(str(c, "country")))
	switch {
	case name == "":
		return invalidField("/carrier/name", "carrier name is required with a carrier")
	case country == "":
		return invalidField("/carrier/country", "carrier country is required with a carrier")
	}
	names, known := carrierTable[country]
	if !known {
		return invalidField("/carrier/country", "no carriers in country %q (see GET /v2/carriers)", country)
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			c["name"], c["country"] = n, country
			return response{}
		}
	}
	return invalidField("/carrier/name", "carrier %q does not serve country %q (see GET /v2/carriers)", name, country)
}
