package builtins

import (
	"slices"
	"testing"
)

func TestSevenSendersProducts(t *testing.T) {
	a := setupAPI(t)
	p := a.object("sevensenders.create_product", map[string]any{"sku": "TSHIRT-BLUE-M", "name": "T-Shirt", "price": 19.95, "currency": "EUR"})
	if p["sku"] != "TSHIRT-BLUE-M" {
		t.Fatalf("create_product: %v", p)
	}
	if got := a.object("sevensenders.get_product", map[string]any{"sku": "TSHIRT-BLUE-M"}); got["name"] != "T-Shirt" {
		t.Fatalf("get_product: %v", got)
	}
	up := a.object("sevensenders.update_product", map[string]any{"sku": "TSHIRT-BLUE-M", "name": "Basic T-Shirt"})
	if up["name"] != "Basic T-Shirt" {
		t.Fatalf("update_product: %v", up)
	}
	img := a.object("sevensenders.create_product_image", map[string]any{"sku": "TSHIRT-BLUE-M", "url": "https://shop.example.com/1.jpg", "alt": "front"})
	if img["url"] != "https://shop.example.com/1.jpg" || img["id"] == nil {
		t.Fatalf("create_product_image: %v", img)
	}
	del := a.object("sevensenders.delete_product_image", map[string]any{"sku": "TSHIRT-BLUE-M", "id": img["id"]})
	if del["deleted"] != true || del["id"] != img["id"] || del["sku"] != "TSHIRT-BLUE-M" {
		t.Fatalf("delete_product_image: %v", del)
	}
	if del := a.object("sevensenders.delete_product", map[string]any{"sku": "TSHIRT-BLUE-M"}); del["deleted"] != true || del["id"] != "TSHIRT-BLUE-M" {
		t.Fatalf("delete_product: %v", del)
	}
}

// TestSevenSendersSyncProduct: create_product creates a product the
// catalogue lacks and updates one it has, so a day of orders that share a SKU syncs
// the catalogue instead of failing on the second order (001 "Return Portal
// Pro": "synchronization of the product catalog").
func TestSevenSendersSyncProduct(t *testing.T) {
	a := setupAPI(t)
	first := a.object("sevensenders.create_product", map[string]any{"sku": "MUG-1", "name": "Mug", "price": 9.5, "currency": "EUR"})
	again := a.object("sevensenders.create_product", map[string]any{"sku": "MUG-1", "name": "Big Mug", "price": 12, "currency": "EUR"})
	if first["name"] != "Mug" || again["name"] != "Big Mug" || again["sku"] != "MUG-1" {
		t.Fatalf("create_product: first %v, again %v", first, again)
	}
	want := []string{"POST /v2/token", "GET /v2/products/MUG-1", "POST /v2/products", "GET /v2/products/MUG-1", "PUT /v2/products/MUG-1"}
	if got := a.received(); !slices.Equal(got, want) {
		t.Errorf("received %q, want %q", got, want)
	}
	// A body that fails its schema sends nothing.
	if _, err := a.call("sevensenders.create_product", map[string]any{"sku": "MUG-2"}); err == nil {
		t.Error("create_product without name: no error")
	}
	if got := a.received(); len(got) != len(want) {
		t.Errorf("received %q after a bad body", got[len(want):])
	}
}
