package sim

import (
	"net/http"
	"time"
)

// adminClock answers POST /sim/clock {advance: "2h"} or {set: RFC 3339}
// with {now}. Moving the clock may expire tokens and delay orders.
func (s *Server) adminClock(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	switch {
	case obj["advance"] != nil:
		v, _ := obj["advance"].(string)
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return invalidField("/advance", "%q is not a positive Go duration such as \"2h\"", v)
		}
		s.st.Offset += d
	case obj["set"] != nil:
		v, _ := obj["set"].(string)
		t, isTime := parseTime(v)
		if !isTime {
			return invalidField("/set", "%q is not an RFC 3339 time", v)
		}
		if s.st.Clock.IsZero() {
			s.st.Offset = time.Until(t)
		} else {
			s.st.Offset = t.Sub(s.st.Clock)
		}
	default:
		return invalid("send {\"advance\": \"2h\"} or {\"set\": \"2024-01-15T10:30:00Z\"}")
	}
	s.checkDelayed()
	return ok(Object{"now": s.stamp()})
}

// adminEvent answers POST /sim/shipments/{id}/events {status, location,
// description}: a tracking event from the carrier. A delivered event may
// complete the order.
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
	i, res := s.shipmentIndex(id)
	if res.isErr() {
		return res
	}
	if !contains(shipmentStatuses, str(ev, "status")) {
		return invalidField("/status", "status %q is not one of %v", str(ev, "status"), shipmentStatuses)
	}
	sh := s.st.Shipments[i]
	ev["datetime"] = s.stamp()
	hist, _ := sh["tracking_history"].([]any)
	sh["tracking_history"] = append(hist, ev)
	sh["status"] = ev["status"]
	if oi := s.orderIndex(str(sh, "order_id")); oi >= 0 {
		s.checkCompleted(s.st.Orders[oi])
	}
	return response{status: http.StatusCreated, body: sh}
}

// adminReceived answers GET /sim/received: every /v2 request received,
// in order, with its status.
func (s *Server) adminReceived(*request) response {
	return ok(append([]Request{}, s.received...))
}

// adminState answers GET /sim/state with everything the simulator holds.
func (s *Server) adminState(*request) response {
	s.checkDelayed()
	return ok(s.st)
}

// adminReset answers POST /sim/reset: everything is forgotten, the clock
// goes back to its start and IDs to the seed.
func (s *Server) adminReset(*request) response {
	s.st = s.newState()
	s.received = nil
	return noContent()
}
