package sim

import (
	"math"
	"testing"
)

// TestPudo covers the look-ups by coordinates, by address and all.
func TestPudo(t *testing.T) {
	c := setup(t)
	tests := []struct {
		name, query string
		status      int
		count       int
		firstCity   string
	}{
		{"by coordinates", "?latitude=52.52&longitude=13.40", 200, 50, "Berlin"},
		{"within 5 km", "?latitude=52.52&longitude=13.40&max_distance=5000", 200, 5, "Berlin"},
		{"limit", "?latitude=48.2&longitude=16.37&limit=2", 200, 2, "Wien"},
		{"limit over 50", "?latitude=48.2&longitude=16.37&limit=500", 200, 50, "Wien"},
		{"by zip", "?country=AT&zip=1200&max_distance=1000", 200, 2, "Wien"},
		{"by city", "?country=ch&city=zürich&max_distance=2000", 200, 3, "Zürich"},
		{"by address only", "?address=Damrak+70&city=Amsterdam", 200, 50, "Amsterdam"},
		{"unknown place", "?country=DE&zip=99999", 404, 0, ""},
		{"nothing to search by", "", 400, 0, ""},
		{"bad latitude", "?latitude=north&longitude=13", 400, 0, ""},
		{"latitude out of range", "?latitude=91&longitude=13", 400, 0, ""},
		{"bad max_distance", "?latitude=52&longitude=13&max_distance=-1", 400, 0, ""},
		{"bad limit", "?latitude=52&longitude=13&limit=0", 400, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do("GET", "/v2/pudo/locations"+tc.query, nil)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %v", status, tc.status, v)
			}
			if status != 200 {
				return
			}
			locs := v.([]any)
			if len(locs) != tc.count || field(locs[0], "city") != tc.firstCity {
				t.Fatalf("got %d locations, first %v; want %d, first in %s", len(locs), locs[0], tc.count, tc.firstCity)
			}
			prev := -1.0
			for _, l := range locs {
				d := l.(Object)["distance"].(float64)
				if d < prev {
					t.Fatalf("not sorted by distance: %v", locs)
				}
				prev = d
			}
		})
	}
	if all := c.must(200, "GET", "/v2/pudo/locations/all", nil).([]any); len(all) != len(pudoLocations) || len(all) <= 50 {
		t.Errorf("all: %d locations", len(all))
	}
	if fr := c.must(200, "GET", "/v2/pudo/locations/all?country=fr", nil).([]any); len(fr) != 7 {
		t.Errorf("all in FR: %d", len(fr))
	}
	// Berlin to Paris is about 878 km.
	if d := haversine(52.5200, 13.4050, 48.8566, 2.3522); math.Abs(d-877_500) > 2000 {
		t.Errorf("haversine Berlin-Paris = %.0f m", d)
	}
	groups := c.must(200, "GET", "/v2/carriers?group=country", nil).([]any)
	if len(groups) != 17 || field(groups[0], "country") != "AT" {
		t.Errorf("carriers by country: %v", groups)
	}
	if wh := c.must(200, "GET", "/v2/warehouses", nil).([]any); len(wh) != 2 {
		t.Errorf("warehouses: %v", wh)
	}
}
