package sim

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// customsOwned are the customs shipment fields the simulator sets.
var customsOwned = []string{"created_at", "updated_at", "manifest_id"}

// createCustoms answers POST /v2/customs/shipments (004). The schema
// holds the mandatory fields and the conditional rules; here: the
// shipment exists and belongs to order_id (422), its tracking code and
// recipient country are the shipment's, SKU ids are unique (422), and
// there is one customs shipment per shipment_id (409).
func (s *Server) createCustoms(rq *request) response {
	obj, res := rq.decode(schemaCustomsShipment)
	if res.isErr() {
		return res
	}
	if res := s.checkCustoms(rq, obj); res.isErr() {
		return res
	}
	sid := str(obj, "shipment_id")
	if s.tb.customs.get(sid) != nil {
		return broken(ruleCustomsOnePerShip, "", "shipment %s already has a customs shipment; update it with PUT", sid)
	}
	for _, k := range customsOwned {
		delete(obj, k)
	}
	obj["created_at"] = s.stamp()
	s.tb.customs.insert(obj)
	return created("/v2/customs/shipments/"+url.PathEscape(sid), obj)
}

// checkCustoms checks the rules of a customs shipment that a schema
// cannot express.
func (s *Server) checkCustoms(rq *request, obj Object) response {
	sid := str(obj, "shipment_id")
	sh := s.tb.shipments.get(sid)
	if sh == nil {
		return broken(ruleCustomsShipment, "/shipment_id", "shipment %q does not exist", sid)
	}
	oid := str(obj, "order_id")
	owner := str(sh, "order_id")
	if o := s.order(oid); o == nil || str(o, "order_id") != owner {
		return broken(ruleCustomsOrderMatches, "/order_id", "shipment %s belongs to order %q, not %q", sid, owner, oid)
	}
	if res := checkCustomsShipment(rq, obj, sh); res.isErr() {
		return res
	}
	skus, _ := obj["skus"].([]any)
	seen := map[string]bool{}
	for j, sku := range skus {
		o, _ := sku.(Object)
		id := fmt.Sprint(o["id"])
		if seen[id] {
			return broken(ruleCustomsSKUIDs, fmt.Sprintf("/skus/%d/id", j), "sku id %s is used twice; ids must be unique", id)
		}
		seen[id] = true
	}
	return response{}
}

// checkCustomsShipment applies 004's ties between a customs shipment and
// its shipment: the outbound tracking code (rule customs-tracking-code)
// and the recipient country (rule customs-recipient-country).
func checkCustomsShipment(rq *request, obj, sh Object) response {
	sid, tc, want := str(sh, "id"), str(obj, "tracking_code"), str(sh, "tracking_code")
	switch {
	case want == "":
		msg := fmt.Sprintf("shipment %s has no tracking code yet (BRT: it comes with the hub scan); %q is not its outbound tracking code", sid, tc)
		if res := rq.check(ruleCustomsTrackingCode, "/tracking_code", msg, msg+"; stored as sent"); res.isErr() {
			return res
		}
	case tc != want:
		msg := fmt.Sprintf("%q is not the outbound tracking code of shipment %s (%q)", tc, sid, want)
		if res := rq.check(ruleCustomsTrackingCode, "/tracking_code", msg, msg+"; stored as sent"); res.isErr() {
			return res
		}
	}
	rc, _ := obj["recipient"].(Object)
	country, shipCountry := str(rc, "country"), str(sh, "recipient_country")
	if shipCountry != "" && !strings.EqualFold(country, shipCountry) {
		msg := fmt.Sprintf("%q is not the recipient country of shipment %s (%q)", country, sid, strings.ToUpper(shipCountry))
		return rq.check(ruleCustomsCountry, "/recipient/country", msg, msg+"; stored as sent")
	}
	return response{}
}

// listCustoms answers GET /v2/customs/shipments with an array, filtered
// by shipment_id and tracking_code (004 "GET Customs Shipment").
func (s *Server) listCustoms(rq *request) response {
	limit, offset, res := rq.page()
	if res.isErr() {
		return res
	}
	q := rq.URL.Query()
	tc := q.Get("tracking_code")
	if tc == "" {
		tc = q.Get("shipment_tracking_code")
	}
	list := s.lookup(s.tb.customs, map[string]string{"shipment_id": q.Get("shipment_id"), "tracking_code": tc})
	return ok(paginate(list, limit, offset))
}

// customsOf finds the customs shipment of a shipment id, or 404.
func (s *Server) customsOf(sid string) (Object, response) {
	c := s.tb.customs.get(sid)
	if c == nil {
		return nil, notFound("no customs shipment for shipment %q", sid)
	}
	return c, response{}
}

// getCustoms answers GET /v2/customs/shipments/{shipment_id}.
func (s *Server) getCustoms(rq *request) response {
	c, res := s.customsOf(rq.params["id"])
	if res.isErr() {
		return res
	}
	return ok(c)
}

// updateCustoms answers PUT /v2/customs/shipments/{shipment_id}: any
// field may change; SKUs are matched by id (a new id adds a SKU). The
// result must still pass every rule (422), and a shipment declared in a
// customs manifest is locked (409).
func (s *Server) updateCustoms(rq *request) response {
	cur, res := s.customsOf(rq.params["id"])
	if res.isErr() {
		return res
	}
	if m := str(cur, "manifest_id"); m != "" {
		return broken(ruleCustomsLocked, "", "shipment %s is declared in customs manifest %q and cannot change", str(cur, "shipment_id"), m)
	}
	obj, res := rq.decode(schemaCustomsShipmentUpdate)
	if res.isErr() {
		return res
	}
	if sid, has := obj["shipment_id"]; has && sid != cur["shipment_id"] {
		return broken(ruleCustomsIDFixed, "/shipment_id", "the shipment_id of a customs shipment cannot change")
	}
	next := cloneObject(cur)
	skus, _ := next["skus"].([]any)
	for k, v := range obj {
		if k == "skus" {
			continue
		}
		if !contains(customsOwned, k) {
			next[k] = v
		}
	}
	upd, _ := obj["skus"].([]any)
	for _, u := range upd {
		uo, _ := u.(Object)
		merged := false
		for _, e := range skus {
			if eo, _ := e.(Object); eo != nil && fmt.Sprint(eo["id"]) == fmt.Sprint(uo["id"]) {
				merge(eo, uo)
				merged = true
			}
		}
		if !merged {
			skus = append(skus, uo)
		}
	}
	next["skus"] = skus
	delete(next, "created_at")
	if res := validate(schemaCustomsShipment, next, ""); res.isErr() {
		return res
	}
	if res := s.checkCustoms(rq, next); res.isErr() {
		return res
	}
	next["created_at"] = cur["created_at"]
	next["updated_at"] = s.stamp()
	s.tb.customs.replace(cur, next)
	return ok(next)
}

// deleteCustoms answers DELETE /v2/customs/shipments/{shipment_id}; a
// shipment declared in a customs manifest is locked (409).
func (s *Server) deleteCustoms(rq *request) response {
	c, res := s.customsOf(rq.params["id"])
	if res.isErr() {
		return res
	}
	if m := str(c, "manifest_id"); m != "" {
		return broken(ruleCustomsLocked, "", "shipment %s is declared in customs manifest %q and cannot be deleted", rq.params["id"], m)
	}
	s.tb.customs.remove(c)
	return noContent()
}

// cloneObject deep-copies o through JSON.
func cloneObject(o Object) Object {
	b, _ := json.Marshal(o)
	var c Object
	_ = json.Unmarshal(b, &c)
	return c
}
