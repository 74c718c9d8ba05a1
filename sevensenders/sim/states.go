package sim

import "strings"

// Order states (003 "Order Status Summary", 001 "Outbound" and "Returns").
// Delayed is not one of them: 003 marks a late order (delayed: true).
const (
	stateNew               = "new"
	statePaid              = "paid"
	stateInProduction      = "in_production"
	stateWarehouseHandover = "warehouse_handover"
	stateInPreparation     = "in_preparation"
	stateShipped           = "shipped"
	stateCompleted         = "completed"
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
var systemStates = []string{stateShipped, stateCompleted}

// canonicalState reads 002's spelling In_preparation as in_preparation.
func canonicalState(state string) string {
	if strings.EqualFold(state, stateInPreparation) {
		return stateInPreparation
	}
	return state
}

// transition checks a merchant's move of an order from one state to
// another and returns a 409 or 422 response if it is not allowed.
func transition(from, to string, hasShipments bool) response {
	if contains(systemStates, to) {
		return broken(ruleSchema, "/state", "%q is set by the system, not by POST /v2/order_states", to)
	}
	allowed := false
	switch to {
	case stateNew, statePaid, stateInProduction, stateWarehouseHandover, stateInPreparation:
		rank, pre := preShipment[from]
		allowed = pre && preShipment[to] > rank
	case stateCancelled:
		_, pre := preShipment[from]
		allowed = pre
	case stateReturned, stateReturnedToWH:
		allowed = hasShipments && (from == stateShipped || from == stateCompleted)
	case stateRefunded:
		allowed = from != stateNew && from != stateRefunded
	default:
		return broken(ruleSchema, "/state", "unknown order state %q", to)
	}
	if !allowed {
		return broken(ruleOrderStateTransition, "", "order state cannot change from %q to %q", from, to)
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
	return s.tb.shipments.where("order_id", str(order, "order_id"))
}

// onShipmentLinked sets shipped when the first shipment links to order
// (rule order-shipped).
func (s *Server) onShipmentLinked(order Object) {
	if _, pre := preShipment[str(order, "state")]; pre {
		setState(order, stateShipped, s.stamp(), "")
		s.tb.orders.touch(order)
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

// checkCompleted sets completed once every shipment of a shipped order is
// delivered and boarding_complete is true or null (unset), whatever the
// number of shipments; false never completes (rule order-completion,
// 002 "boarding complete").
func (s *Server) checkCompleted(order Object) {
	if str(order, "state") != stateShipped || !s.allDelivered(order) {
		return
	}
	if boarding, set := order["boarding_complete"].(bool); set && !boarding {
		return
	}
	setState(order, stateCompleted, s.stamp(), "")
	s.tb.orders.touch(order)
}
