package sevensenders

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Schemas of the product bodies.
const (
	schemaProduct      = "product"
	schemaProductImage = "product_image"
)

// pathProducts lists and creates products.
const pathProducts = "/products"

// productOperations are the operations on the Return Portal Pro
// catalogue.
func productOperations() []Operation {
	return []Operation{
		{
			Name: "create_product", Method: http.MethodPost, Path: pathProducts, Schema: schemaProduct,
			Key: "sku", locate: locateProduct,
			Update: "/products/{sku}", UpdateSchema: schemaProduct,
			Doc: `add a product to the catalogue, or bring it up to date: 001 "Return Portal Pro" "synchronization of the product catalog"`,
		},
		{
			Name: "get_product", Method: http.MethodGet, Path: "/products/{sku}",
			Doc: `get a product by SKU (001 "Return Portal Pro")`,
		},
		{
			Name: "update_product", Method: http.MethodPut, Path: "/products/{sku}", Schema: schemaProduct,
			Doc: `update a product; its sku cannot change (001 "Return Portal Pro")`,
		},
		{
			Name: "delete_product", Method: http.MethodDelete, Path: "/products/{sku}", Answer: AnswerNone,
			Doc: `delete a product (001 "Return Portal Pro")`,
		},
		{
			Name: "create_product_image", Method: http.MethodPost, Path: "/products/{sku}/images", Schema: schemaProductImage,
			Key: "sku and url, in the product's images", locate: locateProductImage,
			Doc: `add an image to a product (001 "Return Portal Pro")`,
		},
		{
			Name: "delete_product_image", Method: http.MethodDelete, Path: "/products/{sku}/images/{id}", Answer: AnswerNone,
			Doc: `delete an image of a product (001 "Return Portal Pro")`,
		},
	}
}

// productPath is the path of the product with the given SKU.
func productPath(sku string) string { return pathProducts + "/" + url.PathEscape(sku) }

// locateProduct finds a product by its SKU.
//
// Seven Senders API docs: 001 "Return Portal Pro" (product endpoints; GET /products/{sku} is assumed).
func locateProduct(c *Client, k createKeys) (lookupFunc, error) {
	sku, err := k.need("sku")
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Found, error) {
		p, err := c.get(ctx, productPath(sku))
		if err != nil || p == nil {
			return nil, err
		}
		return &Found{Resource: p.raw, Name: fmt.Sprintf("product %q", sku), stored: p.obj, self: p.obj}, nil
	}, nil
}

// locateProductImage finds an image of the product in the path by its
// url, among the product's images.
//
// Seven Senders API docs: 001 "Return Portal Pro" (product images; the paths are assumed).
func locateProductImage(c *Client, k createKeys) (lookupFunc, error) {
	sku := k.params["sku"]
	u, err := k.need("url")
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*Found, error) {
		p, err := c.get(ctx, productPath(sku))
		if err != nil || p == nil {
			return nil, err
		}
		imgs, _ := p.obj["images"].([]any)
		for _, img := range imgs {
			if o, _ := img.(map[string]any); o != nil && scalarString(o["url"]) == u {
				return foundObject(fmt.Sprintf("image %q of product %q", u, sku), o, nil)
			}
		}
		return nil, nil
	}, nil
}
