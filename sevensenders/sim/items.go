package sim

// itemOwned are the order item fields the simulator sets.
var itemOwned = []string{"id", "shop_order_id", "created_at"}

// createItem answers POST /v2/orders/{order_id}/items (003 step 2.1): an
// order item, linked to its product by sku. The product must exist (the
// Return Portal Pro flow of 001 posts products first; assumed), and a
// shipment_id, if given, must be a shipment of this order.
func (s *Server) createItem(rq *request) response {
	order := s.order(rq.params["id"])
	if order == nil {
		return notFound("order %q not found", rq.params["id"])
	}
	obj, res := rq.decode(schemaOrderItem)
	if res.isErr() {
		return res
	}
	sku := str(obj, "sku")
	p := s.tb.products.find("sku", sku)
	if p == nil {
		return broken(ruleItemProductExists, "/sku", "no product with sku %q; create it with POST /v2/products first", sku)
	}
	if sid := str(obj, "shipment_id"); sid != "" {
		sh := s.tb.shipments.get(sid)
		if sh == nil || str(sh, "order_id") != str(order, "order_id") {
			return broken(ruleItemShipmentOfOrder, "/shipment_id", "shipment %q is not a shipment of order %q", sid, str(order, "order_id"))
		}
	}
	for _, k := range itemOwned {
		delete(obj, k)
	}
	obj["id"] = s.nextID()
	obj["shop_order_id"] = str(order, "order_id")
	obj["product_id"] = str(p, "id")
	if _, has := obj["status"]; !has {
		obj["status"] = stateNew
	}
	obj["created_at"] = s.stamp()
	s.tb.items.insert(obj)
	return created("/v2/orders/"+str(order, "id")+"/items/"+str(obj, "id"), obj)
}

// listItems answers GET /v2/orders/{order_id}/items (assumed).
func (s *Server) listItems(rq *request) response {
	order := s.order(rq.params["id"])
	if order == nil {
		return notFound("order %q not found", rq.params["id"])
	}
	return ok(s.tb.items.where("shop_order_id", str(order, "order_id")))
}
