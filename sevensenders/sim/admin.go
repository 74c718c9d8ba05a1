package sim

import (
	"net/http"
	"time"
)

// adminClock answers POST /sim/clock {advance: "2h"} or {set: RFC 3339}
// with {now}. The clock moves forward only (rule clock-forward). Moving
// it may expire tokens and mark orders delayed.
func (s *Server) adminClock(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	now := s.now()
	var to time.Time
	switch {
	case obj["advance"] != nil:
		v, _ := obj["advance"].(string)
		d, err := time.ParseDuration(v)
		if err != nil {
			return invalidField("/advance", "%q is not a Go duration such as \"2h\"", v)
		}
		to = now.Add(d)
	case obj["set"] != nil:
		v, _ := obj["set"].(string)
		t, isTime := parseTime(v)
		if !isTime {
			return invalidField("/set", "%q is not an RFC 3339 time", v)
		}
		to = t
	default:
		return invalidField("", "send {\"advance\": \"2h\"} or {\"set\": \"2024-01-15T10:30:00Z\"}")
	}
	if to.Before(now) {
		return broken(ruleClockForward, "", "the clock moves forward only: it is %s, %s is earlier", rfc3339(now), rfc3339(to))
	}
	s.st.Offset += to.Sub(now)
	s.changes.scalar()
	s.logf("clock moved to %s", s.stamp())
	s.checkDelayed()
	return ok(Object{"now": s.stamp()})
}

// adminEvent answers POST /sim/shipments/{id}/events {status, location,
// description, tracking_code}: a tracking event from the carrier. A
// hub_scan gives a shipment without a tracking code its code (rule
// brt-hub-scan); a delivered event may complete the order.
func (s *Server) adminEvent(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	return s.pushEvent(rq.params["id"], obj)
}

// adminDeliver answers POST /sim/shipments/{id}/deliver: the same as an
// event with status delivered.
func (s *Server) adminDeliver(rq *request) response {
	return s.pushEvent(rq.params["id"], Object{"status": statusDelivered, "description": "delivered to the recipient"})
}

func (s *Server) pushEvent(id string, ev Object) response {
	sh := s.tb.shipments.get(id)
	if sh == nil {
		return notFound("shipment %q not found", id)
	}
	if !contains(shipmentStatuses, str(ev, "status")) {
		return invalidField("/status", "status %q is not one of %v", str(ev, "status"), shipmentStatuses)
	}
	if str(ev, "status") == statusHubScan {
		if res := s.hubScan(sh, ev); res.isErr() {
			return res
		}
	}
	ev["datetime"] = s.stamp()
	hist, _ := sh["tracking_history"].([]any)
	sh["tracking_history"] = append(hist, ev)
	sh["status"] = ev["status"]
	s.tb.shipments.touch(sh)
	if o := s.order(str(sh, "order_id")); o != nil {
		s.checkCompleted(o)
		s.watchDelayed(o)
	}
	return response{status: http.StatusCreated, body: sh}
}

// adminReceived answers GET /sim/received: the latest /v2 requests
// received (at most 1,000), in order, with their status.
func (s *Server) adminReceived(*request) response {
	return ok(s.received.list())
}

// adminWarnings answers GET /sim/warnings: the latest warnings given (at
// most 1,000), oldest first.
func (s *Server) adminWarnings(*request) response {
	return ok(s.warnings.list())
}

// adminClearWarnings answers DELETE /sim/warnings.
func (s *Server) adminClearWarnings(*request) response {
	s.warnings.clear()
	return noContent()
}

// adminState answers GET /sim/state with everything the simulator holds.
func (s *Server) adminState(*request) response {
	s.checkDelayed()
	return ok(s.st)
}

// adminReset answers POST /sim/reset: everything is forgotten (orders,
// tokens, requests, warnings, faults), the clock goes back to its start,
// IDs to the seed and the warehouses to the configured ones.
func (s *Server) adminReset(*request) response {
	s.st = s.newState()
	s.tb.reset(s.st)
	s.resetDelayed()
	s.changes.resetAll()
	s.received.clear()
	s.warnings.clear()
	s.faults = s.configuredFaults()
	s.logf("reset")
	return noContent()
}
