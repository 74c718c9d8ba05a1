package builtins

import "net/http"

// Schemas of the product bodies.
const (
	schemaProduct      = "product"
	schemaProductImage = "product_image"
)

// productOperations are the builtins of the Return Portal Pro catalogue.
func productOperations() []operation {
	return []operation{
		{
			name: "create_product", method: http.MethodPost, path: "/products", schema: schemaProduct,
			doc: `add a product to the catalogue (001 "Return Portal Pro")`,
		},
		{
			name: "sync_product", method: http.MethodPost, path: "/products", schema: schemaProduct,
			onConflict: "/products/{sku}",
			doc:        `add a product, or update it when its SKU is already in the catalogue (001 "Return Portal Pro": "synchronization of the product catalog")`,
		},
		{
			name: "get_product", method: http.MethodGet, path: "/products/{sku}",
			doc: `get a product by SKU (001 "Return Portal Pro")`,
		},
		{
			name: "update_product", method: http.MethodPut, path: "/products/{sku}", schema: schemaProduct,
			doc: `update a product; its sku cannot change (001 "Return Portal Pro")`,
		},
		{
			name: "delete_product", method: http.MethodDelete, path: "/products/{sku}", result: resultDeleted,
			doc: `delete a product (001 "Return Portal Pro")`,
		},
		{
			name: "create_product_image", method: http.MethodPost, path: "/products/{sku}/images", schema: schemaProductImage,
			doc: `add an image to a product (001 "Return Portal Pro")`,
		},
		{
			name: "delete_product_image", method: http.MethodDelete, path: "/products/{sku}/images/{id}", result: resultDeleted,
			doc: `delete an image of a product (001 "Return Portal Pro")`,
		},
	}
}
