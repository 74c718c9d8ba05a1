package peers

import (
	"fmt"
	"math/rand/v2"
)

var (
	countries = []string{"CH", "GB", "DE", "FR", "NO", "AT", "IT", "LI"}
	products  = []struct {
		sku, description string
		weight, value    float64
		image            bool
	}{
		{"TSHIRT-BLU-M", "Organic Cotton T-Shirt - Blue", 180, 29.99, true},
		{"TOTE-NAT-STD", "Canvas Tote Bag - Natural", 250, 19.99, true},
		{"CAP-RED-OS", "Baseball Cap - Red", 90, 14.5, false},
	}
	states = []string{"new", "paid", "in_preparation", "refunded", "returned", "cancelled"}
)

// Cases returns n orders made from a fixed seed: destinations, items,
// images, incoterms, order states, parcels (with or without the items
// each holds, tracking codes, BRT reference numbers) and shops vary.
func Cases(n int) []Case {
	rnd := rand.New(rand.NewPCG(7, 7))
	out := make([]Case, n)
	for i := range out {
		shop := rnd.IntN(len(Shops))
		to := countries[rnd.IntN(len(countries))]
		o := map[string]any{
			"order_id":   fmt.Sprintf("PEER-%05d", i),
			"order_date": fmt.Sprintf("2024-01-%02dT%02d:30:00Z", 15+rnd.IntN(5), 6+rnd.IntN(12)),
			"currency":   "EUR",
			"recipient": map[string]any{
				"first_name": "Anna", "last_name": "Muster", "street": "Freie Strasse", "house_no": "12",
				"city": "City", "zip_code": "4001", "country": to, "email": "anna@example.com",
			},
		}
		var items []any
		for j, p := range rnd.Perm(len(products))[:1+rnd.IntN(len(products))] {
			pr := products[p]
			it := map[string]any{"sku": pr.sku, "description": pr.description, "quantity": float64(1 + rnd.IntN(3)),
				"weight": pr.weight, "item_value": pr.value, "hs_code": "6109100010", "origin_country": "PT",
				"external_id": fmt.Sprintf("PROD-%d", j)}
			if pr.image && rnd.IntN(4) > 0 {
				it["image_url"] = "https://shop.example.com/images/" + pr.sku + ".jpg"
			}
			items = append(items, it)
		}
		o["order_items"] = items
		if k := rnd.IntN(3); k < 2 {
			o["incoterm"] = []string{"DAP", "DDP"}[k]
		}
		if rnd.IntN(3) == 0 {
			o["order_state"] = states[rnd.IntN(len(states))]
		}
		if parcels := parcelsFor(rnd, shop, to, o["order_id"].(string), items); parcels != nil {
			o["parcels"] = parcels
		}
		out[i] = Case{Shop: shop, Order: o}
	}
	return out
}

// parcelsFor returns the order's parcels, or nil for one parcel of
// everything. An own-label shop gives each parcel its carrier's tracking
// code, or ships with BRT, mostly with the reference number given to it.
func parcelsFor(rnd *rand.Rand, shop int, to, id string, items []any) []any {
	own := Shops[shop]["label"] == "own"
	n := 1
	switch r := rnd.IntN(10); {
	case !own && r < 7:
		return nil
	case r >= 6:
		n = 2
	}
	parcels := make([]any, n)
	split := n > 1 && rnd.IntN(5) > 0
	brt := own && rnd.IntN(8) == 0
	tracked := own && !brt && rnd.IntN(10) > 0
	referenced := rnd.IntN(5) > 0
	for k := range parcels {
		p := map[string]any{"weight_kg": 1.5}
		if split {
			p["items"] = []any{}
		}
		if tracked {
			p["tracking_code"] = fmt.Sprintf("TRK-%s-%d", id, k)
		}
		if brt {
			p["carrier"] = map[string]any{"name": "brt", "country": to}
			if referenced {
				p["reference_number"] = fmt.Sprintf("BRT-%s-%d", id, k)
			}
		}
		parcels[k] = p
	}
	if split {
		// every unit of every line in exactly one parcel
		for j, it := range items {
			m := it.(map[string]any)
			p := parcels[j%n].(map[string]any)
			p["items"] = append(p["items"].([]any), map[string]any{"sku": m["sku"], "quantity": m["quantity"]})
		}
		for _, p := range parcels {
			if len(p.(map[string]any)["items"].([]any)) == 0 {
				delete(p.(map[string]any), "items")
				return parcels[:1]
			}
		}
	}
	return parcels
}
