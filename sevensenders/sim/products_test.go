package sim

import (
	"testing"
)

// TestProductsAndItems covers the Return Portal Pro flow: products,
// images and order items linked by sku, both sides.
func TestProductsAndItems(t *testing.T) {
	c := setup(t)
	status, hdr, v := c.do("POST", "/v2/products", Object{"sku": "TSHIRT-BLUE-M", "name": "Basic Cotton T-Shirt", "colour_code": "B1"})
	if status != 201 || hdr.Get("Location") != "/v2/products/TSHIRT-BLUE-M" || field(v, "colour_code") != "B1" {
		t.Fatalf("POST product: %d %q %v", status, hdr.Get("Location"), v)
	}
	tests := []struct {
		name, method, path string
		body               any
		status             int
		message            string
	}{
		{"duplicate sku", "POST", "/v2/products", Object{"sku": "TSHIRT-BLUE-M", "name": "x"}, 409, `product "TSHIRT-BLUE-M" already exists`},
		{"no name", "POST", "/v2/products", Object{"sku": "X"}, 422, "request body breaks schema product: /name: required"},
		{"get unknown", "GET", "/v2/products/NOPE", nil, 404, `product "NOPE" not found`},
		{"change sku", "PUT", "/v2/products/TSHIRT-BLUE-M", Object{"sku": "OTHER", "name": "x"}, 422, "/sku: the sku of a product cannot change"},
		{"put invalid", "PUT", "/v2/products/TSHIRT-BLUE-M", Object{"name": 5}, 422, "request body breaks schema product: /name: expected string, got number"},
		{"put malformed", "PUT", "/v2/products/TSHIRT-BLUE-M", "{", 400, "request body is not valid JSON: unexpected EOF"},
		{"put unknown", "PUT", "/v2/products/NOPE", Object{"name": "x"}, 404, `product "NOPE" not found`},
		{"image without url", "POST", "/v2/products/TSHIRT-BLUE-M/images", Object{"alt": "front"}, 422, "request body breaks schema product_image: /url: required"},
		{"image of unknown product", "POST", "/v2/products/NOPE/images", Object{"url": "https://x/1.jpg"}, 404, `product "NOPE" not found`},
		{"delete unknown image", "DELETE", "/v2/products/TSHIRT-BLUE-M/images/9", nil, 404, `product "TSHIRT-BLUE-M" has no image "9"`},
		{"delete image of unknown product", "DELETE", "/v2/products/NOPE/images/9", nil, 404, `product "NOPE" not found`},
		{"item of unknown order", "POST", "/v2/orders/NOPE/items", Object{"sku": "TSHIRT-BLUE-M"}, 404, `order "NOPE" not found`},
		{"items of unknown order", "GET", "/v2/orders/NOPE/items", nil, 404, `order "NOPE" not found`},
		{"delete unknown product", "DELETE", "/v2/products/NOPE", nil, 404, `product "NOPE" not found`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do(tc.method, tc.path, tc.body)
			if _, msg, _ := errorOf(v); status != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
	v = c.must(200, "PUT", "/v2/products/TSHIRT-BLUE-M", Object{"name": "Organic T-Shirt", "size": "M"})
	if field(v, "name") != "Organic T-Shirt" || field(v, "colour_code") != "" || field(v, "id") == "" {
		t.Fatalf("PUT replaces the client's fields: %v", v)
	}
	img := c.must(201, "POST", "/v2/products/TSHIRT-BLUE-M/images", Object{"url": "https://shop.example.com/1.jpg", "position": 1})
	if got := c.must(200, "GET", "/v2/products/TSHIRT-BLUE-M", nil).(Object)["images"].([]any); len(got) != 1 {
		t.Fatalf("images: %v", got)
	}
	c.must(204, "DELETE", "/v2/products/TSHIRT-BLUE-M/images/"+field(img, "id"), nil)
	if got := c.must(200, "GET", "/v2/products?limit=10", nil).([]any); len(got) != 1 {
		t.Fatalf("list products: %v", got)
	}
	c.must(400, "GET", "/v2/products?limit=1000", nil)

	// Order items: the product must exist; a shipment_id must be of this order.
	id := c.order("ORD-1")
	c.order("ORD-2")
	other := c.shipment("ORD-2", "TC-2")
	own := c.shipment("ORD-1", "TC-1")
	items := []struct {
		name    string
		body    Object
		status  int
		message string
	}{
		{"unknown sku", Object{"sku": "NOPE"}, 422, `/sku: no product with sku "NOPE"; create it with POST /v2/products first`},
		{"shipment of another order", Object{"sku": "TSHIRT-BLUE-M", "shipment_id": other}, 422,
			`/shipment_id: shipment "` + other + `" is not a shipment of order "ORD-1"`},
		{"no sku", Object{"name": "x"}, 422, "request body breaks schema order_item: /sku: required"},
	}
	for _, tc := range items {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do("POST", "/v2/orders/ORD-1/items", tc.body)
			if _, msg, _ := errorOf(v); status != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
	item := c.must(201, "POST", "/v2/orders/"+id+"/item", Object{"sku": "TSHIRT-BLUE-M", "shipment_id": own, "sales_price": 29.99})
	if field(item, "shop_order_id") != "ORD-1" || field(item, "status") != "new" || field(item, "product_id") == "" {
		t.Fatalf("item: %v", item)
	}
	if got := c.must(200, "GET", "/v2/orders/ORD-1/items", nil).([]any); len(got) != 1 {
		t.Fatalf("items: %v", got)
	}
	c.must(409, "DELETE", "/v2/products/TSHIRT-BLUE-M", nil)
	c.must(201, "POST", "/v2/products", Object{"sku": "FREE", "name": "Unused"})
	c.must(204, "DELETE", "/v2/products/FREE", nil)
	// Deleting an order takes its items with it.
	c.must(204, "DELETE", "/v2/shipments/"+own, nil)
	c.must(204, "DELETE", "/v2/orders/"+id, nil)
	c.must(204, "DELETE", "/v2/products/TSHIRT-BLUE-M", nil)
}
