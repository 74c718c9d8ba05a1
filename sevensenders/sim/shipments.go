package sim

import ()

// Shipment statuses (002 "Shipment Statuses"), in snake_case.
const (
	statusNew                    = "new"
	statusInfo                   = "info"
	statusPickup                 = "pickup"
	statusHubScan                = "hub_scan"
	statusOutForDelivery         = "out_for_delivery"
	statusDeliveredToPickupPoint = "delivered_to_pickup_point"
	statusDelivered              = "delivered"
	statusLost                   = "lost"
)

// shipmentStatuses lists every shipment status.
var shipmentStatuses = []string{
	statusNew, statusInfo, statusPickup, statusHubScan, statusOutForDelivery,
	statusDeliveredToPickupPoint, statusDelivered, statusLost,
}

// shipmentOwned are the shipment fields the simulator sets.
var shipmentOwned = []string{"id", "status", "tracking_history", "created_at", "label_id"}

// createShipment answers POST /v2/shipments (002 "Create a Shipment").
func (s *Server) createShipment(rq *request) response {
	obj, res := rq.decode(schemaShipment)
	if res.isErr() {
		return res
	}
	sh, res := s.addShipment(obj, "tracking_code", "reference_number")
	if res.isErr() {
		return res
	}
	return created("/v2/shipments/"+str(sh, "id"), sh)
}

// addShipment checks the rules a schema cannot express and stores a
// validated shipment, moving its order to shipped if it is the first.
// unique names the fields no other shipment may share.
func (s *Server) addShipment(obj Object, unique ...string) (Object, response) {
	oi := s.orderIndex(str(obj, "order_id"))
	if oi >= 0 {
		order := s.st.Orders[oi]
		if st := str(order, "state"); st == stateCancelled || st == stateRefunded {
			return nil, conflict("order %q is %s; it takes no more shipments", str(order, "order_id"), st)
		}
	}
	if res := checkCarrier(obj); res.isErr() {
		return nil, res
	}
	if res := s.checkUnique(obj, "", unique...); res.isErr() {
		return nil, res
	}
	if oi < 0 {
		// 001 "Own Shipping Label" posts the shipment with no POST Order
		// before it, and 002 lets order_id be "an unique Id" of the
		// merchant's: the shipment brings its order into being (assumed).
		if _, res := s.addOrder(Object{"order_id": str(obj, "order_id"), "order_date": s.stamp()}); res.isErr() {
			return nil, res
		}
		oi = len(s.st.Orders) - 1
	}
	order := s.st.Orders[oi]
	for _, k := range shipmentOwned {
		delete(obj, k)
	}
	now := s.stamp()
	obj["id"] = s.nextID()
	obj["order_id"] = str(order, "order_id")
	obj["status"] = statusNew
	obj["created_at"] = now
	obj["tracking_history"] = []any{Object{"status": statusNew, "datetime": now, "description": "shipment created"}}
	s.st.Shipments = append(s.st.Shipments, obj)
	s.onShipmentLinked(order)
	return obj, response{}
}

// checkUnique refuses (409) a value of the keys (tracking_code,
// reference_number) that another shipment than self already uses.
func (s *Server) checkUnique(obj Object, self string, keys ...string) response {
	for _, key := range keys {
		v := str(obj, key)
		if v == "" {
			continue
		}
		for _, sh := range s.st.Shipments {
			if str(sh, key) == v && str(sh, "id") != self {
				return conflict("%s %q is already used by shipment %s", key, v, str(sh, "id"))
			}
		}
	}
	return response{}
}

// listShipments answers GET /v2/shipments with a bare array, filtered by
// order_id, tracking_code and reference_number.
func (s *Server) listShipments(rq *request) response {
	limit, offset, res := rq.page()
	if res.isErr() {
		return res
	}
	q := rq.URL.Query()
	orderID := q.Get("order_id")
	if i := s.orderIndex(orderID); orderID != "" && i >= 0 {
		orderID = str(s.st.Orders[i], "order_id")
	}
	ships := filter(s.st.Shipments, map[string]string{
		"order_id": orderID, "tracking_code": q.Get("tracking_code"), "reference_number": q.Get("reference_number"),
	})
	return ok(paginate(ships, limit, offset))
}

// shipmentIndex finds a shipment by 7S id, or returns a 404.
func (s *Server) shipmentIndex(id string) (int, response) {
	i := find(s.st.Shipments, "id", id)
	if i < 0 {
		return -1, notFound("shipment %q not found", id)
	}
	return i, response{}
}

// getShipment answers GET /v2/shipments/{id}.
func (s *Server) getShipment(rq *request) response {
	i, res := s.shipmentIndex(rq.params["id"])
	if res.isErr() {
		return res
	}
	return ok(s.st.Shipments[i])
}

// updateShipment answers PUT /v2/shipments/{id}: a partial update. A
// shipment belongs to one order, so order_id cannot change (409).
func (s *Server) updateShipment(rq *request) response {
	i, res := s.shipmentIndex(rq.params["id"])
	if res.isErr() {
		return res
	}
	obj, res := rq.decode(schemaShipmentUpdate)
	if res.isErr() {
		return res
	}
	sh := s.st.Shipments[i]
	if oid := str(obj, "order_id"); oid != "" && oid != str(sh, "order_id") {
		if oi := s.orderIndex(oid); oi < 0 || str(s.st.Orders[oi], "order_id") != str(sh, "order_id") {
			return conflict("shipment %s belongs to order %q; it cannot move to %q", str(sh, "id"), str(sh, "order_id"), oid)
		}
		obj["order_id"] = str(sh, "order_id")
	}
	if res := checkCarrier(obj); res.isErr() {
		return res
	}
	if res := s.checkUnique(obj, str(sh, "id"), "tracking_code", "reference_number"); res.isErr() {
		return res
	}
	merge(sh, obj, shipmentOwned...)
	return ok(sh)
}

// deleteShipment answers DELETE /v2/shipments/{id}. A shipment with a
// customs shipment is refused (409): delete that first (assumed).
func (s *Server) deleteShipment(rq *request) response {
	i, res := s.shipmentIndex(rq.params["id"])
	if res.isErr() {
		return res
	}
	sh := s.st.Shipments[i]
	if find(s.st.Customs, "shipment_id", str(sh, "id")) >= 0 {
		return conflict("shipment %s has a customs shipment; delete it first", str(sh, "id"))
	}
	s.st.Shipments = remove(s.st.Shipments, i)
	if oi := s.orderIndex(str(sh, "order_id")); oi >= 0 {
		s.checkCompleted(s.st.Orders[oi])
	}
	return noContent()
}

// trackingHistory answers GET /v2/shipments/{id}/tracking_history and the
// legacy GET /v2/shipment/events/{id}.
func (s *Server) trackingHistory(rq *request) response {
	i, res := s.shipmentIndex(rq.params["id"])
	if res.isErr() {
		return res
	}
	return ok(s.st.Shipments[i]["tracking_history"])
}
