package sim

import (
	"net/url"
)

// productOwned are the product fields the simulator sets.
var productOwned = []string{"id", "images", "created_at"}

// createProduct answers POST /v2/products (Return Portal Pro, 001; the
// paths are assumed). The sku is the product's key and must be unique.
func (s *Server) createProduct(rq *request) response {
	obj, res := rq.decode(schemaProduct)
	if res.isErr() {
		return res
	}
	sku := str(obj, "sku")
	if find(s.st.Products, "sku", sku) >= 0 {
		return broken(ruleProductSKUUnique, "", "product %q already exists", sku)
	}
	for _, k := range productOwned {
		delete(obj, k)
	}
	obj["id"] = s.nextID()
	obj["images"] = []any{}
	obj["created_at"] = s.stamp()
	s.st.Products = append(s.st.Products, obj)
	return created("/v2/products/"+url.PathEscape(sku), obj)
}

// listProducts answers GET /v2/products with a bare array.
func (s *Server) listProducts(rq *request) response {
	limit, offset, res := rq.page()
	if res.isErr() {
		return res
	}
	return ok(paginate(s.st.Products, limit, offset))
}

// productIndex finds a product by sku (or 7S id), or returns a 404.
func (s *Server) productIndex(key string) (int, response) {
	i := find(s.st.Products, "sku", key)
	if i < 0 {
		i = find(s.st.Products, "id", key)
	}
	if i < 0 {
		return -1, notFound("product %q not found", key)
	}
	return i, response{}
}

// getProduct answers GET /v2/products/{sku}.
func (s *Server) getProduct(rq *request) response {
	i, res := s.productIndex(rq.params["sku"])
	if res.isErr() {
		return res
	}
	return ok(s.st.Products[i])
}

// updateProduct answers PUT /v2/products/{sku}: a full replacement of the
// client's fields, validated like a new product; the sku cannot change.
func (s *Server) updateProduct(rq *request) response {
	i, res := s.productIndex(rq.params["sku"])
	if res.isErr() {
		return res
	}
	p := s.st.Products[i]
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	if sku, has := obj["sku"]; has && sku != p["sku"] {
		return broken(ruleProductSKUFixed, "/sku", "the sku of a product cannot change")
	}
	obj["sku"] = p["sku"]
	if res := rq.conform(schemaProduct, obj); res.isErr() {
		return res
	}
	for k := range p {
		if !contains(productOwned, k) {
			delete(p, k)
		}
	}
	merge(p, obj, productOwned...)
	return ok(p)
}

// deleteProduct answers DELETE /v2/products/{sku}. A product that order
// items link to is refused (409, assumed).
func (s *Server) deleteProduct(rq *request) response {
	i, res := s.productIndex(rq.params["sku"])
	if res.isErr() {
		return res
	}
	sku := str(s.st.Products[i], "sku")
	if find(s.st.Items, "sku", sku) >= 0 {
		return broken(ruleProductInUse, "", "product %q is used by order items", sku)
	}
	s.st.Products = remove(s.st.Products, i)
	return noContent()
}

// createImage answers POST /v2/products/{sku}/images (assumed path): the
// image is stored in the product's images array.
func (s *Server) createImage(rq *request) response {
	i, res := s.productIndex(rq.params["sku"])
	if res.isErr() {
		return res
	}
	obj, res := rq.decode(schemaProductImage)
	if res.isErr() {
		return res
	}
	p := s.st.Products[i]
	obj["id"] = s.nextID()
	obj["sku"] = p["sku"]
	obj["created_at"] = s.stamp()
	imgs, _ := p["images"].([]any)
	p["images"] = append(imgs, obj)
	return created("/v2/products/"+url.PathEscape(str(p, "sku"))+"/images/"+str(obj, "id"), obj)
}

// deleteImage answers DELETE /v2/products/{sku}/images/{id}.
func (s *Server) deleteImage(rq *request) response {
	i, res := s.productIndex(rq.params["sku"])
	if res.isErr() {
		return res
	}
	p := s.st.Products[i]
	imgs, _ := p["images"].([]any)
	for j, img := range imgs {
		if o, isObj := img.(Object); isObj && str(o, "id") == rq.params["id"] {
			p["images"] = append(imgs[:j:j], imgs[j+1:]...)
			return noContent()
		}
	}
	return notFound("product %q has no image %q", str(p, "sku"), rq.params["id"])
}
