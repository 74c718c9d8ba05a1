package sim

import (
	"net/http"
	"strings"
	"testing"
)

// TestTransition covers every merchant transition, allowed or not.
func TestTransition(t *testing.T) {
	all := []string{stateNew, statePaid, stateInProduction, stateWarehouseHandover, stateInPreparation,
		stateShipped, stateCompleted, stateReturned, stateReturnedToWH, stateRefunded, stateCancelled}
	allowed := map[string][]string{ // from -> targets allowed (with shipments where that matters)
		stateNew:               {statePaid, stateInProduction, stateWarehouseHandover, stateInPreparation, stateCancelled},
		statePaid:              {stateInProduction, stateWarehouseHandover, stateInPreparation, stateCancelled, stateRefunded},
		stateInProduction:      {stateWarehouseHandover, stateInPreparation, stateCancelled, stateRefunded},
		stateWarehouseHandover: {stateInPreparation, stateCancelled, stateRefunded},
		stateInPreparation:     {stateCancelled, stateRefunded},
		stateShipped:           {stateReturned, stateReturnedToWH, stateRefunded},
		stateCompleted:         {stateReturned, stateReturnedToWH, stateRefunded},
		stateReturned:          {stateRefunded},
		stateReturnedToWH:      {stateRefunded},
		stateRefunded:          {},
		stateCancelled:         {stateRefunded},
	}
	for _, from := range all {
		for _, to := range all {
			t.Run(from+"->"+to, func(t *testing.T) {
				res := transition(from, to, true)
				want := contains(allowed[from], to)
				if got := !res.isErr(); got != want {
					t.Fatalf("allowed = %v, want %v (%v)", got, want, res.body)
				}
				if want {
					return
				}
				_, msg, _ := errorOf(toObject(res.body))
				wantMsg := `order state cannot change from "` + from + `" to "` + to + `"`
				if contains(systemStates, to) {
					wantMsg = `/state: "` + to + `" is set by the system, not by POST /v2/order_states`
				}
				if msg != wantMsg {
					t.Fatalf("message %q, want %q", msg, wantMsg)
				}
			})
		}
	}
	// Without shipments an order cannot be returned; delayed is no state.
	if res := transition(stateShipped, stateReturned, false); !res.isErr() {
		t.Errorf("shipped -> returned without shipments allowed")
	}
	if res := transition(stateNew, "delayed", false); res.status != http.StatusUnprocessableEntity {
		t.Errorf("delayed as a state: %d, want 422", res.status)
	}
	if res := transition(stateNew, "lost", false); res.status != http.StatusUnprocessableEntity {
		t.Errorf("unknown state: %d, want 422", res.status)
	}
}

func toObject(v any) Object {
	switch b := v.(type) {
	case ErrorBody:
		return Object{"code": b.Code, "message": b.Message, "errors": []any{}}
	case Object:
		return b
	}
	return nil
}

// TestOrderStatesHTTP drives the states through POST /v2/order_states
// (and its spellings) and the system transitions.
func TestOrderStatesHTTP(t *testing.T) {
	c := setup(t)
	c.order("ORD-1")
	post := func(path, state string) (int, any) {
		status, _, v := c.do("POST", path, Object{"order_id": "ORD-1", "state": state, "datetime": "2024-01-15T11:00:00+0100", "location": "Berlin"})
		return status, v
	}
	steps := []struct {
		path, state string
		status      int
		after       string
	}{
		{"/v2/order_states", statePaid, 201, statePaid},
		{"/v2/order-states", stateInProduction, 201, stateInProduction},
		{"/v2/order-states.json", stateInProduction, 409, stateInProduction},
		{"/v2/order_states", statePaid, 409, stateInProduction},
		{"/v2/order_states", stateInPreparation, 201, stateInPreparation},
		{"/v2/order_states", stateShipped, 422, stateInPreparation},
		{"/v2/order_states", "teleported", 422, stateInPreparation},
	}
	for _, s := range steps {
		status, v := post(s.path, s.state)
		if status != s.status {
			t.Fatalf("%s %s: %d, want %d: %v", s.path, s.state, status, s.status, v)
		}
		if got := c.state("ORD-1"); got != s.after {
			t.Fatalf("after %s: state %q, want %q", s.state, got, s.after)
		}
	}
	sid := c.shipment("ORD-1", "TC-1")
	if got := c.state("ORD-1"); got != stateShipped {
		t.Fatalf("after the first shipment: %q, want shipped", got)
	}
	c.deliver(sid)
	if got := c.state("ORD-1"); got != stateCompleted {
		t.Fatalf("single shipment delivered: %q, want completed", got)
	}
	if status, v := post("/v2/order_states", stateRefunded); status != 201 {
		t.Fatalf("completed -> refunded: %d %v", status, v)
	}
	o := c.must(200, "GET", "/v2/orders/ORD-1", nil).(Object)
	hist := o["states_history"].([]any)
	var got []string
	for _, h := range hist {
		got = append(got, h.(Object)["state"].(string))
	}
	if want := "new paid in_production in_preparation shipped completed refunded"; strings.Join(got, " ") != want {
		t.Fatalf("states_history %v, want %s", got, want)
	}
	if dt := hist[1].(Object)["datetime"]; dt != "2024-01-15T11:00:00+01:00" {
		t.Errorf("datetime not normalised to RFC 3339: %v", dt)
	}
	if status, v := post("/v2/order_states", statePaid); status != 409 {
		t.Fatalf("refunded -> paid: %d %v", status, v)
	}
	status, _, v := c.do("POST", "/v2/order_states", Object{"order_id": "NOPE", "state": "paid", "datetime": "2024-01-15T11:00:00Z"})
	if _, msg, _ := errorOf(v); status != 422 || msg != `/order_id: order "NOPE" does not exist` {
		t.Fatalf("unknown order: %d %q", status, msg)
	}
}

// TestCompletion covers the boarding_complete rules of 002 both ways.
func TestCompletion(t *testing.T) {
	tests := []struct {
		name      string
		boarding  any // nil: not set
		shipments int
		delivered int
		want      string
	}{
		{"one shipment, boarding unset, delivered", nil, 1, 1, stateCompleted},
		{"one shipment, boarding true, delivered", true, 1, 1, stateCompleted},
		{"one shipment, boarding false, delivered", false, 1, 1, stateShipped},
		{"two shipments, boarding true, one delivered", true, 2, 1, stateShipped},
		{"two shipments, boarding true, both delivered", true, 2, 2, stateCompleted},
		{"two shipments, boarding unset, both delivered", nil, 2, 2, stateCompleted},
		{"two shipments, boarding null, both delivered", "null", 2, 2, stateCompleted},
		{"two shipments, boarding unset, one delivered", nil, 2, 1, stateShipped},
		{"two shipments, boarding false, both delivered", false, 2, 2, stateShipped},
		{"one shipment, not delivered", true, 1, 0, stateShipped},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := setup(t)
			body := orderBody("ORD-1")
			switch tc.boarding {
			case nil:
			case "null":
				body["boarding_complete"] = nil
			default:
				body["boarding_complete"] = tc.boarding
			}
			c.must(201, "POST", "/v2/orders", body)
			var ids []string
			for i := range tc.shipments {
				ids = append(ids, c.shipment("ORD-1", "TC-"+string(rune('A'+i))))
			}
			for _, id := range ids[:tc.delivered] {
				c.deliver(id)
			}
			if got := c.state("ORD-1"); got != tc.want {
				t.Fatalf("state %q, want %q", got, tc.want)
			}
		})
	}
}

// TestBoardingCompleteLater: setting boarding_complete after the
// deliveries completes the order.
func TestBoardingCompleteLater(t *testing.T) {
	c := setup(t)
	body := orderBody("ORD-1")
	body["boarding_complete"] = false
	id := field(c.must(201, "POST", "/v2/orders", body), "id")
	s1, s2 := c.shipment("ORD-1", "TC-1"), c.shipment("ORD-1", "TC-2")
	c.deliver(s1)
	c.deliver(s2)
	if got := c.state(id); got != stateShipped {
		t.Fatalf("before boarding_complete: %q", got)
	}
	c.must(200, "PUT", "/v2/orders/"+id, Object{"boarding_complete": true})
	if got := c.state(id); got != stateCompleted {
		t.Fatalf("after boarding_complete: %q, want completed", got)
	}
}

// TestDelayed: an order is marked delayed once promised_delivery_date
// passes undelivered, and not before; a delivered order is not. The mark
// is not a state: a delayed order still takes states, shipments and
// completion (003 step 6).
func TestDelayed(t *testing.T) {
	c := setup(t)
	for _, id := range []string{"ORD-1", "ORD-2", "ORD-3"} {
		body := orderBody(id)
		body["promised_delivery_date"] = "2024-01-20T23:59:59Z"
		c.must(201, "POST", "/v2/orders", body)
	}
	c.shipment("ORD-2", "TC-2")
	c.deliver(c.shipment("ORD-3", "TC-3"))
	c.advance("100h")
	if o := c.must(200, "GET", "/v2/orders/ORD-1", nil).(Object); o["delayed"] != nil || field(o, "state") != stateNew {
		t.Fatalf("before the promised date: %v", o)
	}
	c.advance("100h")
	for id, want := range map[string]struct {
		state   string
		delayed any
	}{"ORD-1": {stateNew, true}, "ORD-2": {stateShipped, true}, "ORD-3": {stateCompleted, nil}} {
		o := c.must(200, "GET", "/v2/orders/"+id, nil).(Object)
		if field(o, "state") != want.state || o["delayed"] != want.delayed {
			t.Errorf("%s: state %q delayed %v, want %q %v", id, field(o, "state"), o["delayed"], want.state, want.delayed)
		}
	}
	hist := c.must(200, "GET", "/v2/orders/ORD-1", nil).(Object)["states_history"].([]any)
	if last := hist[len(hist)-1].(Object); len(hist) != 2 || last["event"] != "delayed" || last["state"] != stateNew ||
		last["datetime"] != "2024-01-23T18:00:00Z" {
		t.Errorf("states_history of a delayed order: %v", hist)
	}
	// A delayed order still takes states, shipments and completion.
	c.must(201, "POST", "/v2/order_states", Object{"order_id": "ORD-1", "state": "paid", "datetime": "2024-01-25T00:00:00Z"})
	c.deliver(c.shipment("ORD-1", "TC-1"))
	c.deliver(field(c.must(200, "GET", "/v2/shipments?order_id=ORD-2", nil).([]any)[0], "id"))
	for _, id := range []string{"ORD-1", "ORD-2"} {
		if o := c.must(200, "GET", "/v2/orders/"+id, nil).(Object); field(o, "state") != stateCompleted || o["delayed"] != true {
			t.Errorf("%s delayed, then delivered: %v", id, o)
		}
	}
	c.advance("100h")
	if hist := c.must(200, "GET", "/v2/orders/ORD-1", nil).(Object)["states_history"].([]any); len(hist) != 5 {
		t.Errorf("an order is marked delayed once: %v", hist)
	}
}
