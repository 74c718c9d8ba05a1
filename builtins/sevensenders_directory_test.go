package builtins

import "testing"

func TestSevenSendersDirectory(t *testing.T) {
	a := setupAPI(t)
	if l := a.list("sevensenders.list_carriers", map[string]any{}); len(l) == 0 {
		t.Fatal("list_carriers: empty")
	}
	a.list("sevensenders.list_warehouses", nil)
	near := a.list("sevensenders.pudo_by_coordinates", map[string]any{"latitude": 52.52, "longitude": 13.405, "limit": 3})
	if len(near) == 0 || len(near) > 3 {
		t.Fatalf("pudo_by_coordinates: %d locations", len(near))
	}
	if l := a.list("sevensenders.pudo_by_address", map[string]any{"country": "DE", "city": "Berlin", "max_distance": 5000}); len(l) == 0 {
		t.Fatal("pudo_by_address: empty")
	}
	if l := a.list("sevensenders.pudo_all", map[string]any{"country": "DE"}); len(l) == 0 {
		t.Fatal("pudo_all: empty")
	}
}
