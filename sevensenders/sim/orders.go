package sim

import (
	"time"
)

// orderOwned are the order fields the simulator sets; a client's value
// for them is ignored.
var orderOwned = []string{"id", "iri", "state", "states_history", "tracking_page_url", "created_at", "delayed"}

// order finds an order by its 7S id or, as GET and the order_id of other
// bodies allow, by the merchant's order_id; nil if there is none.
func (s *Server) order(key string) Object {
	if o := s.tb.orders.get(key); o != nil {
		return o
	}
	return s.tb.orders.find("order_id", key)
}

// orderByPath finds the order that PUT or DELETE /v2/orders/{id} names:
// by the 7S id of the create response (002 "the given ID within the
// response ... is needed to update or delete an order"). The merchant's
// order_id is rule order-by-7s-id: 404 naming the id in strict mode,
// found with a warning in compatible mode.
func (s *Server) orderByPath(rq *request) (Object, response) {
	key := rq.params["id"]
	if o := s.tb.orders.get(key); o != nil {
		return o, response{}
	}
	o := s.tb.orders.find("order_id", key)
	if o == nil {
		return nil, notFound("order %q not found", key)
	}
	id := str(o, "id")
	msg := "order " + quote(key) + " has the id " + id + ": use " + rq.Method + " /v2/orders/" + id
	if res := rq.check(ruleOrderBy7SID, "", msg, msg); res.isErr() {
		return nil, res
	}
	return o, response{}
}

// createOrder answers POST /v2/orders (002 "Create an Order", 003 step 2).
func (s *Server) createOrder(rq *request) response {
	obj, res := rq.decode(schemaOrder)
	if res.isErr() {
		return res
	}
	order, res := s.addOrder(obj)
	if res.isErr() {
		return res
	}
	return created("/v2/orders/"+str(order, "id"), order)
}

// addOrder stores a validated order (also the inline order of
// POST /v2/labels and, in compatible mode, the order a shipment names).
func (s *Server) addOrder(obj Object) (Object, response) {
	if s.order(str(obj, "order_id")) != nil {
		return nil, broken(ruleOrderIDUnique, "", "order %q already exists", str(obj, "order_id"))
	}
	for _, k := range orderOwned {
		delete(obj, k)
	}
	id := s.nextID()
	obj["id"] = id
	obj["tracking_page_url"] = "https://tracking.sevensenders.com/order/" + id
	obj["created_at"] = s.stamp()
	setState(obj, stateNew, s.stamp(), "")
	s.tb.orders.insert(obj)
	s.watchDelayed(obj)
	s.checkDelayed()
	return obj, response{}
}

// orderDateBounds are the list filters on order_date.
var orderDateBounds = []string{"order_date[before]", "order_date[after]"}

// listOrders answers GET /v2/orders with a bare array, filtered by
// order_id, state, order_date[before] and order_date[after] (rule
// order-list-filters); no match is 200 [].
func (s *Server) listOrders(rq *request) response {
	limit, offset, res := rq.page()
	if res.isErr() {
		return res
	}
	q := rq.URL.Query()
	orders := s.st.Orders
	if id := q.Get("order_id"); id != "" {
		orders = s.tb.orders.where("order_id", id)
	}
	if state := q.Get("state"); state != "" {
		orders = filter(orders, map[string]string{"state": canonicalState(state)})
	}
	for _, bound := range orderDateBounds {
		v := q.Get(bound)
		if v == "" {
			continue
		}
		t, isTime := parseTime(v)
		if !isTime {
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				t, isTime = d, true
			}
		}
		if !isTime {
			return broken(ruleOrderListFilters, "", "%s %q is not an ISO-8601 date or time", bound, v)
		}
		kept := []Object{}
		for _, o := range orders {
			od, has := timeField(o, "order_date")
			if has && ((bound == orderDateBounds[0] && od.Before(t)) || (bound == orderDateBounds[1] && od.After(t))) {
				kept = append(kept, o)
			}
		}
		orders = kept
	}
	return ok(paginate(orders, limit, offset))
}

// getOrder answers GET /v2/orders/{id}, by the 7S id or the merchant's
// order_id (assumed).
func (s *Server) getOrder(rq *request) response {
	o := s.order(rq.params["id"])
	if o == nil {
		return notFound("order %q not found", rq.params["id"])
	}
	return ok(o)
}

// updateOrder answers PUT /v2/orders/{id}: a partial update, typically
// boarding_complete (002 "Update an order ... boarding complete").
func (s *Server) updateOrder(rq *request) response {
	order, res := s.orderByPath(rq)
	if res.isErr() {
		return res
	}
	obj, res := rq.decode(schemaOrderUpdate)
	if res.isErr() {
		return res
	}
	oldID, newID := str(order, "order_id"), str(obj, "order_id")
	if newID != "" && newID != oldID {
		if s.order(newID) != nil {
			return broken(ruleOrderIDUnique, "", "order %q already exists", newID)
		}
		s.renameOrder(oldID, newID)
	}
	merge(order, obj, orderOwned...)
	s.tb.orders.touch(order)
	s.checkCompleted(order)
	s.watchDelayed(order)
	s.checkDelayed()
	return ok(order)
}

// renameOrder carries a new order_id to the order's shipments, items and
// customs shipments.
func (s *Server) renameOrder(oldID, newID string) {
	for _, rn := range []struct {
		t     *table
		field string
	}{{s.tb.shipments, "order_id"}, {s.tb.items, "shop_order_id"}, {s.tb.customs, "order_id"}} {
		for _, o := range rn.t.where(rn.field, oldID) {
			o[rn.field] = newID
			rn.t.touch(o)
		}
	}
}

// deleteOrder answers DELETE /v2/orders/{id}. An order that still has
// shipments is refused (409): delete them first (assumed).
func (s *Server) deleteOrder(rq *request) response {
	order, res := s.orderByPath(rq)
	if res.isErr() {
		return res
	}
	if n := len(s.shipmentsOf(order)); n > 0 {
		return broken(ruleOrderDeleteShipments, "", "order %q has %d shipment(s); delete them first", str(order, "order_id"), n)
	}
	for _, it := range s.tb.items.where("shop_order_id", str(order, "order_id")) {
		s.tb.items.remove(it)
	}
	s.tb.orders.remove(order)
	return noContent()
}

// createOrderState answers POST /v2/order_states {order_id, state,
// datetime, location} (002 "Update the State of an Order", 003 step 2.2).
// 002's In_preparation is in_preparation.
func (s *Server) createOrderState(rq *request) response {
	obj, res := rq.decode(schemaOrderState)
	if res.isErr() {
		return res
	}
	order := s.order(str(obj, "order_id"))
	if order == nil {
		return broken(ruleOrderStateOrder, "/order_id", "order %q does not exist", str(obj, "order_id"))
	}
	to := canonicalState(str(obj, "state"))
	if res := transition(str(order, "state"), to, len(s.shipmentsOf(order)) > 0); res.isErr() {
		return res
	}
	at := str(obj, "datetime")
	if _, isTime := parseTime(at); !isTime {
		at = s.stamp()
	}
	setState(order, to, at, str(obj, "location"))
	s.tb.orders.touch(order)
	obj["state"] = to
	obj["order_id"] = str(order, "order_id")
	return created("/v2/orders/"+str(order, "id"), obj)
}
