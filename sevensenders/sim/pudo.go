package sim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// maxPudoResults caps a PUDO look-up.
const maxPudoResults = 50

// pudoJSON is the bundled set of PUDO locations (assumed data).
//
//go:embed data/pudo.json
var pudoJSON []byte

// pudoLocation is one pick-up/drop-off point.
type pudoLocation struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Carrier   string   `json:"carrier"`
	Type      string   `json:"type"`
	Address   string   `json:"address"`
	Zip       string   `json:"zip"`
	City      string   `json:"city"`
	Country   string   `json:"country"`
	Latitude  float64  `json:"latitude"`
	Longitude float64  `json:"longitude"`
	Distance  *float64 `json:"distance,omitempty"` // metres, on look-ups
}

var pudoLocations = mustLoadPudo()

func mustLoadPudo() []pudoLocation {
	var locs []pudoLocation
	if err := json.Unmarshal(pudoJSON, &locs); err != nil {
		panic(fmt.Sprintf("sim: bundled data/pudo.json: %v", err))
	}
	return locs
}

// pudoAll answers GET /v2/pudo/locations/all?country=: every bundled
// location of a country (all without it), by id, not capped.
func (s *Server) pudoAll(rq *request) response {
	country := strings.ToUpper(rq.URL.Query().Get("country"))
	out := []pudoLocation{}
	for _, l := range pudoLocations {
		if country == "" || l.Country == country {
			out = append(out, l)
		}
	}
	return ok(out)
}

// pudoSearch answers GET /v2/pudo/locations by coordinates (latitude,
// longitude) or by address (country, zip, city, address; geocoded from
// the bundled locations' zip, else city). Results are sorted by air
// distance, within max_distance metres if given, at most limit and never
// more than 50.
func (s *Server) pudoSearch(rq *request) response {
	q := rq.URL.Query()
	limit, maxDist := maxPudoResults, math.Inf(1)
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return broken(rulePudoQuery, "", "limit %q must be a whole number from 1", v)
		}
		limit = min(n, maxPudoResults)
	}
	if v := q.Get("max_distance"); v != "" {
		d, err := strconv.ParseFloat(v, 64)
		if err != nil || d <= 0 {
			return broken(rulePudoQuery, "", "max_distance %q must be a positive number of metres", v)
		}
		maxDist = d
	}
	var lat, lon float64
	switch {
	case q.Get("latitude") != "" || q.Get("longitude") != "":
		var err1, err2 error
		lat, err1 = strconv.ParseFloat(q.Get("latitude"), 64)
		lon, err2 = strconv.ParseFloat(q.Get("longitude"), 64)
		if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
			return broken(rulePudoQuery, "", "latitude %q and longitude %q must be decimal degrees", q.Get("latitude"), q.Get("longitude"))
		}
	case q.Get("zip") != "" || q.Get("city") != "" || q.Get("address") != "":
		var found bool
		lat, lon, found = geocode(strings.ToUpper(q.Get("country")), q.Get("zip"), q.Get("city"))
		if !found {
			return broken(rulePudoPlace, "", "no location known for country %q, zip %q, city %q", q.Get("country"), q.Get("zip"), q.Get("city"))
		}
	default:
		return broken(rulePudoQuery, "", "give latitude and longitude, or country with zip or city")
	}
	out := []pudoLocation{}
	for _, l := range pudoLocations {
		d := math.Round(haversine(lat, lon, l.Latitude, l.Longitude))
		if d <= maxDist {
			l.Distance = &d
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if *out[i].Distance != *out[j].Distance {
			return *out[i].Distance < *out[j].Distance
		}
		return out[i].ID < out[j].ID
	})
	return ok(out[:min(len(out), limit)])
}

// geocode finds the centre of the bundled locations with this zip (else
// this city) in country (any country if empty).
func geocode(country, zip, city string) (lat, lon float64, found bool) {
	for _, byZip := range []bool{true, false} {
		n := 0
		lat, lon = 0, 0
		for _, l := range pudoLocations {
			if country != "" && l.Country != country {
				continue
			}
			if (byZip && zip != "" && l.Zip == zip) || (!byZip && city != "" && strings.EqualFold(l.City, city)) {
				lat, lon, n = lat+l.Latitude, lon+l.Longitude, n+1
			}
		}
		if n > 0 {
			return lat / float64(n), lon / float64(n), true
		}
	}
	return 0, 0, false
}

// haversine is the great-circle distance in metres.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const earth = 6371008.8
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earth * math.Asin(math.Sqrt(a))
}
