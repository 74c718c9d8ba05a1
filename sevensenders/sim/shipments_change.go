package sim

import "net/http"

// shipmentByPath finds the shipment that PUT or DELETE
// /v2/shipments/{id} names: by the 7S id of the create response (002
// "the given ID within the response ... is needed to update or delete").
// A tracking code or reference number is rule shipment-by-7s-id: 404
// naming the id in strict mode, found with a warning in compatible mode.
func (s *Server) shipmentByPath(rq *request) (Object, response) {
	key := rq.params["id"]
	if sh := s.tb.shipments.get(key); sh != nil {
		return sh, response{}
	}
	for _, code := range shipmentCodes {
		sh := s.tb.shipments.find(code, key)
		if sh == nil {
			continue
		}
		id := str(sh, "id")
		msg := "shipment with " + code + " " + quote(key) + " has the id " + id + ": use " + rq.Method + " /v2/shipments/" + id
		if res := rq.check(ruleShipmentBy7SID, "", msg, msg); res.isErr() {
			return nil, res
		}
		return sh, response{}
	}
	return nil, notFound("shipment %q not found", key)
}

// updateShipment answers PUT /v2/shipments/{id}: a partial update. A
// shipment belongs to one order, so order_id cannot change (409).
func (s *Server) updateShipment(rq *request) response {
	sh, res := s.shipmentByPath(rq)
	if res.isErr() {
		return res
	}
	obj, res := rq.decode(schemaShipmentUpdate)
	if res.isErr() {
		return res
	}
	if oid := str(obj, "order_id"); oid != "" && oid != str(sh, "order_id") {
		if o := s.order(oid); o == nil || str(o, "order_id") != str(sh, "order_id") {
			return broken(ruleShipmentOneOrder, "", "shipment %s belongs to order %q; it cannot move to %q", str(sh, "id"), str(sh, "order_id"), oid)
		}
		obj["order_id"] = str(sh, "order_id")
	}
	if res := s.checkShipment(rq, obj); res.isErr() {
		return res
	}
	if res := s.checkUnique(obj, str(sh, "id"), shipmentCodes...); res.isErr() {
		return res
	}
	merge(sh, obj, shipmentOwned...)
	s.tb.shipments.touch(sh)
	return ok(sh)
}

// deleteShipment answers DELETE /v2/shipments/{id}. A shipment with a
// customs shipment is refused (409): delete that first (assumed).
func (s *Server) deleteShipment(rq *request) response {
	sh, res := s.shipmentByPath(rq)
	if res.isErr() {
		return res
	}
	if s.tb.customs.get(str(sh, "id")) != nil {
		return broken(ruleShipmentDelCustoms, "", "shipment %s has a customs shipment; delete it first", str(sh, "id"))
	}
	s.tb.shipments.remove(sh)
	if o := s.order(str(sh, "order_id")); o != nil {
		s.checkCompleted(o)
		s.watchDelayed(o)
	}
	return noContent()
}

// trackingHistory answers GET /v2/shipments/{id}/tracking_history and the
// legacy GET /v2/shipment/events/{id}.
func (s *Server) trackingHistory(rq *request) response {
	sh := s.tb.shipments.get(rq.params["id"])
	if sh == nil {
		return notFound("shipment %q not found", rq.params["id"])
	}
	return ok(sh["tracking_history"])
}

// hubScan gives a shipment without a tracking code the carrier's code
// when the hub scan event arrives (rule brt-hub-scan, 002 "Bartolini
// (BRT) Workaround"): the event's tracking_code, or BRT and the shipment
// id. A code the shipment already has stays; another one is 409.
func (s *Server) hubScan(sh, ev Object) response {
	have, sent := str(sh, "tracking_code"), str(ev, "tracking_code")
	if have != "" {
		if sent != "" && sent != have {
			return errorf(http.StatusConflict, codeConflict, "shipment %s already has the tracking code %q", str(sh, "id"), have)
		}
		return response{}
	}
	if sent == "" {
		sent = "BRT" + str(sh, "id")
	}
	if res := s.checkUnique(Object{"tracking_code": sent}, str(sh, "id"), "tracking_code"); res.isErr() {
		return res
	}
	sh["tracking_code"] = sent
	ev["tracking_code"] = sent
	s.logf("shipment %s: tracking code %s from the hub scan", str(sh, "id"), sent)
	return response{}
}
