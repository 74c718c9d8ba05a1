package sim

import (
	"net/http"
	"time"
)

// Order states (003 "Order Status Summary", 001 "Outbound" and "Returns").
const (
	stateNew               = "new"
	statePaid              = "paid"
	stateInProduction      = "in_production"
	stateWarehouseHandover = "warehouse_handover"
	stateInPreparation     = "in_preparation"
	stateShipped           = "shipped"
	stateCompleted         = "completed"
	stateDelayed           = "delayed"
	stateReturned          = "returned"
	stateReturnedToWH      = "returned_to_warehouse"
	stateRefunded          = "refunded"
	stateCancelled         = "cancelled"
)

// preShipment ranks the states a merchant posts before the first
// shipment; they may only move forward, and any may be skipped.
var preShipment = map[string]int{
	stateNew: 0, statePaid: 1, stateInProduction: 2, stateWarehouseHandover: 3, stateInPreparation: 4,
}

// systemStates are set by the simulator, never by POST /v2/order_states.
var systemStates = []string{stateShipped, stateCompleted, stateDelayed}

// transition checks a merchant's move of an order from one state to
// another and returns a 409 or 422 response if it is not allowed.
func transition(from, to string, hasShipments bool) response {
	if contains(systemStates, to) {
		return invalidField("/state", "%q is set by the system, not by POST /v2/order_states", to)
	}
	allowed := false
	switch to {
	case stateNew, statePaid, stateInProduction, stateWarehouseHandover, stateInPreparation:
		rank, pre := preShipment[from]
		allowed = pre && preShipment[to] > rank
	case stateCancelled:
		_, pre := preShipment[from]
		allowed = pre || (from == stateDelayed && !hasShipments)
	case stateReturned, stateReturnedToWH:
		allowed = hasShipments && (from == stateShipped || from == stateCompleted || from == stateDelayed)
	case stateRefunded:
		allowed = from != stateNew && from != stateRefunded
	default:
		return invalidField("/state", "unknown order state %q", to)
	}
	if !allowed {
		return errorf(http.StatusConflict, codeConflict, "order state cannot change from %q to %q", from, to)
	}
	return response{}
}

// setState moves order to state and records it in states_history with
// datetime (RFC 3339).
func setState(order Object, state, datetime, location string) {
	order["state"] = state
	ev := Object{"datetime": datetime, "order_id": str(order, "order_id"), "state": state}
	if location != "" {
		ev["location"] = location
	}
	hist, _ := order["states_history"].([]any)
	order["states_history"] = append(hist, ev)
}

// shipmentsOf returns the shipments linked to order.
func (s *Server) shipmentsOf(order Object) []Object {
	return filter(s.st.Shipments, map[string]string{"order_id": str(order, "order_id")})
}

// onShipmentLinked sets shipped when the first shipment links to order.
func (s *Server) onShipmentLinked(order Object) {
	if _, pre := preShipment[str(order, "state")]; pre {
		setState(order, stateShipped, s.stamp(), "")
	}
}

// allDelivered reports whether order has shipments and all are delivered.
func (s *Server) allDelivered(order Object) bool {
	ships := s.shipmentsOf(order)
	for _, sh := range ships {
		if str(sh, "status") != statusDelivered {
			return false
		}
	}
	return len(ships) > 0
}

// checkCompleted sets completed once every shipment is delivered and
// boarding is complete: true for several shipments, true or unset for
// one, never while boarding_complete is false (002).
func (s *Server) checkCompleted(order Object) {
	st := str(order, "state")
	if st != stateShipped && st != stateDelayed {
		return
	}
	if !s.allDelivered(order) {
		return
	}
	boarding, set := order["boarding_complete"].(bool)
	if set && !boarding {
		return
	}
	if !set && len(s.shipmentsOf(order)) > 1 {
		return
	}
	setState(order, stateCompleted, s.stamp(), "")
}

// checkDelayed marks delayed every order whose promised_delivery_date
// has passed while it is not yet delivered.
func (s *Server) checkDelayed() {
	now := s.now()
	for _, o := range s.st.Orders {
		st := str(o, "state")
		if _, pre := preShipment[st]; !pre && st != stateShipped {
			continue
		}
		due, has := timeField(o, "promised_delivery_date")
		if !has || !now.After(due) || s.allDelivered(o) {
			continue
		}
		setState(o, stateDelayed, now.Format(time.RFC3339Nano), "")
	}
}
