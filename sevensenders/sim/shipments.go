package sim

import (
	"fmt"
	"strings"
)

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
var shipmentOwned = []string{"id", "iri", "status", "tracking_history", "created_at", "label_id"}

// shipmentCodes are the fields no two shipments may share.
var shipmentCodes = []string{"tracking_code", "reference_number"}

// createShipment answers POST /v2/shipments (002 "Create a Shipment").
func (s *Server) createShipment(rq *request) response {
	obj, res := rq.decode(schemaShipment)
	if res.isErr() {
		return res
	}
	sh, res := s.addShipment(rq, obj, shipmentCodes...)
	if res.isErr() {
		return res
	}
	return created("/v2/shipments/"+str(sh, "id"), sh)
}

// addShipment checks the rules a schema cannot express and stores a
// validated shipment, moving its order to shipped if it is the first.
// unique names the fields no other shipment may share.
func (s *Server) addShipment(rq *request, obj Object, unique ...string) (Object, response) {
	oid := str(obj, "order_id")
	order := s.order(oid)
	if order != nil {
		if st := str(order, "state"); st == stateCancelled || st == stateRefunded {
			return nil, broken(ruleShipmentOrderOpen, "", "order %q is %s; it takes no more shipments", str(order, "order_id"), st)
		}
	}
	if res := s.checkShipment(rq, obj); res.isErr() {
		return nil, res
	}
	if res := s.checkUnique(obj, "", unique...); res.isErr() {
		return nil, res
	}
	if order == nil {
		if res := rq.check(ruleShipmentOrderExists, "/order_id",
			fmt.Sprintf("order %q does not exist; create it with POST /v2/orders first", oid),
			fmt.Sprintf("order %q does not exist; created it with the shipment", oid)); res.isErr() {
			return nil, res
		}
		var res response
		if order, res = s.addOrder(Object{"order_id": oid, "order_date": s.stamp()}); res.isErr() {
			return nil, res
		}
	}
	for _, k := range shipmentOwned {
		delete(obj, k)
	}
	now := s.stamp()
	obj["id"] = s.nextID()
	obj["order_id"] = str(order, "order_id")
	obj["status"] = statusNew
	obj["created_at"] = now
	obj["tracking_history"] = []any{Object{"status": statusNew, "datetime": now, "description": "shipment created"}}
	s.tb.shipments.insert(obj)
	s.onShipmentLinked(order)
	s.watchDelayed(order)
	return obj, response{}
}

// checkShipment applies the rules of a shipment's fields that a schema
// cannot express: the carrier table, the account's warehouses and
// addresses on one line.
func (s *Server) checkShipment(rq *request, obj Object) response {
	if res := checkCarrier(obj); res.isErr() {
		return res
	}
	if res := s.checkWarehouse(rq, obj); res.isErr() {
		return res
	}
	for _, key := range []string{"recipient_address", "warehouse_address"} {
		if v := str(obj, key); strings.ContainsAny(v, "\r\n") {
			msg := fmt.Sprintf("%q has a line break; 002 asks for one line", v)
			if res := rq.check(ruleAddressLineBreaks, "/"+key, msg, msg+"; stored as sent"); res.isErr() {
				return res
			}
		}
	}
	return response{}
}

// checkUnique refuses (409) a value of the keys (tracking_code,
// reference_number) that another shipment than self already uses. Empty
// values never count.
func (s *Server) checkUnique(obj Object, self string, keys ...string) response {
	for _, key := range keys {
		v := str(obj, key)
		if v == "" {
			continue
		}
		for _, sh := range s.tb.shipments.where(key, v) {
			if str(sh, "id") != self {
				return broken(ruleShipmentUniqueCodes, "", "%s %q is already used by shipment %s", key, v, str(sh, "id"))
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
	if o := s.order(orderID); orderID != "" && o != nil {
		orderID = str(o, "order_id")
	}
	want := map[string]string{"order_id": orderID, "tracking_code": q.Get("tracking_code"), "reference_number": q.Get("reference_number")}
	return ok(paginate(s.lookup(s.tb.shipments, want), limit, offset))
}

// lookup returns the objects of t whose fields equal every non-empty
// value of want, in creation order: through an index when want has a
// value for an indexed field.
func (s *Server) lookup(t *table, want map[string]string) []Object {
	for _, f := range append([]string{t.key}, t.fields...) {
		if v := want[f]; v != "" {
			return filter(t.where(f, v), want)
		}
	}
	for _, v := range want {
		if v != "" {
			return filter(*t.list(s.st), want)
		}
	}
	return *t.list(s.st)
}

// getShipment answers GET /v2/shipments/{id}.
func (s *Server) getShipment(rq *request) response {
	sh := s.tb.shipments.get(rq.params["id"])
	if sh == nil {
		return notFound("shipment %q not found", rq.params["id"])
	}
	return ok(sh)
}
