package builtins

import "testing"

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
