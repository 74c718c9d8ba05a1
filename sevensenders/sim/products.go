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
	if s.tb.products.find("sku", sku) != nil {
		return broken(ruleProductSKUUnique, "", "product %q already exists", sku)
	}
	for _, k := range productOwned {
		delete(obj, k)
	}
	obj["id"] = s.nextID()
	obj["images"] = []any{}
	obj["created_at"] = s.stamp()
	s.tb.products.insert(obj)
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

// product finds a product by sku (or 7S id), or returns a 404.
func (s *Server) product(key string) (Object, response) {
	p := s.tb.products.find("sku", key)
	if p == nil {
		p = s.tb.products.get(key)
	}
	if p == nil {
		return nil, notFound("product %q not found", key)
	}
	return p, response{}
}

// getProduct answers GET /v2/products/{sku}.
func (s *Server) getProduct(rq *request) response {
	p, res := s.product(rq.params["sku"])
	if res.isErr() {
		return res
	}
	return ok(p)
}

// updateProduct answers PUT /v2/products/{sku}: a full replacement of the
// client's fields, validated like a new product; the sku cannot change.
func (s *Server) updateProduct(rq *request) response {
	p, res := s.product(rq.params["sku"])
	if res.isErr() {
		return res
	}
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
	s.tb.products.touch(p)
	return ok(p)
}

// deleteProduct answers DELETE /v2/products/{sku}. A product that order
// items link to is refused (409, assumed).
func (s *Server) deleteProduct(rq *request) response {
	p, res := s.product(rq.params["sku"])
	if res.isErr() {
		return res
	}
	sku := str(p, "sku")
	if s.tb.items.find("sku", sku) != nil {
		return broken(ruleProductInUse, "", "product %q is used by order items", sku)
	}
	s.tb.products.remove(p)
	return noContent()
}

// createImage answers POST /v2/products/{sku}/images (assumed path): the
// image is stored in the product's images array.
func (s *Server) createImage(rq *request) response {
	p, res := s.product(rq.params["sku"])
	if res.isErr() {
		return res
	}
	obj, res := rq.decode(schemaProductImage)
	if res.isErr() {
		return res
	}
	obj["id"] = s.nextID()
	obj["sku"] = p["sku"]
	obj["created_at"] = s.stamp()
	imgs, _ := p["images"].([]any)
	p["images"] = append(imgs, obj)
	s.tb.products.touch(p)
	return created("/v2/products/"+url.PathEscape(str(p, "sku"))+"/images/"+str(obj, "id"), obj)
}

// deleteImage answers DELETE /v2/products/{sku}/images/{id}.
func (s *Server) deleteImage(rq *request) response {
	p, res := s.product(rq.params["sku"])
	if res.isErr() {
		return res
	}
	imgs, _ := p["images"].([]any)
	for j, img := range imgs {
		if o, isObj := img.(Object); isObj && str(o, "id") == rq.params["id"] {
			p["images"] = append(imgs[:j:j], imgs[j+1:]...)
			s.tb.products.touch(p)
			return noContent()
		}
	}
	return notFound("product %q has no image %q", str(p, "sku"), rq.params["id"])
}
