package sim

// itemOwned are the order item fields the simulator sets.
var itemOwned = []string{"id", "shop_order_id", "created_at"}

// createItem answers POST /v2/orders/{order_id}/items (003 step 2.1): an
// order item, linked to its product by sku. The product must exist (the
// Return Portal Pro flow of 001 posts products first; assumed), and a
// shipment_id, if given, must be a shipment of this order.
func (s *Server) createItem(rq *request) response {
	i := s.orderIndex(rq.params["id"])
	if i < 0 {
		return notFound("order %q not found", rq.params["id"])
	}
	obj, res := rq.decode(schemaOrderItem)
	if res.isErr() {
		return res
	}
	order := s.st.Orders[i]
	sku := str(obj, "sku")
	p := find(s.st.Products, "sku", sku)
	if p < 0 {
		return broken(ruleItemProductExists, "/sku", "no product with sku %q; create it with POST /v2/products first", sku)
	}
	if sid := str(obj, "shipment_id"); sid != "" {
		j := find(s.st.Shipments, "id", sid)
		if j < 0 || str(s.st.Shipments[j], "order_id") != str(order, "order_id") {
			return broken(ruleItemShipmentOfOrder, "/shipment_id", "shipment %q is not a shipment of order %q", sid, str(order, "order_id"))
		}
	}
	for _, k := range itemOwned {
		delete(obj, k)
	}
	obj["id"] = s.nextID()
	obj["shop_order_id"] = str(order, "order_id")
	obj["product_id"] = str(s.st.Products[p], "id")
	if _, has := obj["status"]; !has {
		obj["status"] = stateNew
	}
	obj["created_at"] = s.stamp()
	s.st.Items = append(s.st.Items, obj)
	return created("/v2/orders/"+str(order, "id")+"/items/"+str(obj, "id"), obj)
}

// listItems answers GET /v2/orders/{order_id}/items (assumed).
func (s *Server) listItems(rq *request) response {
	i := s.orderIndex(rq.params["id"])
	if i < 0 {
		return notFound("order %q not found", rq.params["id"])
	}
	return ok(filter(s.st.Items, map[string]string{"shop_order_id": str(s.st.Orders[i], "order_id")}))
}
