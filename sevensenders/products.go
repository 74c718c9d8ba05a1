package sevensenders

import (
	"context"
	"net/http"
	"net/url"
)

// Product is a product of the Return Portal Pro catalogue (001 "Return
// Portal Pro": product endpoints). ID, Images and CreatedAt are set by
// the API.
type Product struct {
	SKU             string   `json:"sku,omitempty"`
	Name            string   `json:"name,omitempty"`
	Description     string   `json:"description,omitempty"`
	Brand           string   `json:"brand,omitempty"`
	Category        string   `json:"category,omitempty"`
	Color           string   `json:"color,omitempty"`
	Size            string   `json:"size,omitempty"`
	Price           *float64 `json:"price,omitempty"`
	Currency        string   `json:"currency,omitempty"`
	URL             string   `json:"url,omitempty"`
	UPCCode         string   `json:"upc_code,omitempty"`
	HSCode          string   `json:"hs_code,omitempty"`
	CountryOfOrigin string   `json:"country_of_origin,omitempty"`
	Weight          *float64 `json:"weight,omitempty"`
	Returnable      *bool    `json:"returnable,omitempty"`

	ID        ID             `json:"id,omitempty"`
	Images    []ProductImage `json:"images,omitempty"`
	CreatedAt string         `json:"created_at,omitempty"`
}

// ProductImage is an image of a product. ID and SKU are set by the API.
type ProductImage struct {
	URL      string `json:"url"`
	Position int    `json:"position,omitempty"`
	Alt      string `json:"alt,omitempty"`

	ID  ID     `json:"id,omitempty"`
	SKU string `json:"sku,omitempty"`
}

// CreateProduct adds a product to the catalogue.
//
// Seven Senders API docs: 001 "Return Portal Pro" (POST Product).
func (c *Client) CreateProduct(ctx context.Context, p *Product) (*Product, error) {
	return doJSON[Product](ctx, c, http.MethodPost, pathProducts, p)
}

// GetProduct gets a product by SKU.
//
// Seven Senders API docs: 001 "Return Portal Pro" (product endpoints).
func (c *Client) GetProduct(ctx context.Context, sku string) (*Product, error) {
	return doJSON[Product](ctx, c, http.MethodGet, productPath(sku), nil)
}

// UpdateProduct updates a product; its SKU cannot change.
//
// Seven Senders API docs: 001 "Return Portal Pro" (product endpoints).
func (c *Client) UpdateProduct(ctx context.Context, sku string, u *Product) (*Product, error) {
	return doJSON[Product](ctx, c, http.MethodPut, productPath(sku), u)
}

// DeleteProduct deletes a product.
//
// Seven Senders API docs: 001 "Return Portal Pro" (product endpoints).
func (c *Client) DeleteProduct(ctx context.Context, sku string) error {
	_, err := c.Do(ctx, http.MethodDelete, productPath(sku), nil, nil)
	return err
}

// AddProductImage adds an image to a product. It is not sent again
// after an ambiguous failure (see ErrNotRetried).
//
// Seven Senders API docs: 001 "Return Portal Pro" (POST Product Image).
func (c *Client) AddProductImage(ctx context.Context, sku string, img *ProductImage) (*ProductImage, error) {
	return doJSON[ProductImage](ctx, c, http.MethodPost, productPath(sku)+"/images", img)
}

// DeleteProductImage deletes an image of a product.
//
// Seven Senders API docs: 001 "Return Portal Pro" (product images).
func (c *Client) DeleteProductImage(ctx context.Context, sku, id string) error {
	_, err := c.Do(ctx, http.MethodDelete, productPath(sku)+"/images/"+url.PathEscape(id), nil, nil)
	return err
}

// productPath is the path of the product with the given SKU.
func productPath(sku string) string { return pathProducts + "/" + url.PathEscape(sku) }
