package reference

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// line is an order line in a parcel: its index in order_items and how
// many of it the parcel holds.
type line struct {
	i   int
	qty float64
}

// parcel is one parcel of the order, as prepare.yaml derives it.
type parcel struct {
	n               int
	lines           []line // nil: a parcel of a multi-parcel order that does not say
	netG            *float64
	weightKg        *float64
	unweighed       int
	carrier         map[string]any
	trackingCode    string
	referenceNumber string
	givenReference  bool
	brt             bool

	// set by dispatch
	shipmentID string
	to         map[string]any
}

// prep is what prepare.yaml derives from an order before any call.
type prep struct {
	to, from   string
	customs    bool
	pickup     string
	preState   bool
	postState  bool
	orderFirst bool
	parcels    []*parcel
	order      body // the POST /orders body
}

// failure is a run that stops before a call, naming the order's field.
type failure struct {
	pointer, message string
}

// Error prints the pointer and the message.
func (f *failure) Error() string {
	if f.pointer == "" {
		return "reference: " + f.message
	}
	return "reference: " + f.pointer + ": " + f.message
}

var (
	preStates  = []string{"new", "paid", "in_production", "warehouse_handover", "in_preparation"}
	postStates = []string{"returned", "returned_to_warehouse", "refunded"}
)

// prepare is prepare.yaml.
func (r *Runner) prepare(o map[string]any) (*prep, error) {
	s := r.settings
	recipient := obj(o, "recipient")
	p := &prep{to: strings.ToUpper(str(recipient, "country")), from: strings.ToUpper(s.Warehouse.Country)}
	v, err := r.h.call("customs_destination", p.from, p.to)
	if err != nil {
		return nil, err
	}
	p.customs = v.(bool)
	if v, err = r.h.call("next_pickup", o["order_date"], s.Pickup.Cutoff, s.Pickup.Timezone); err != nil {
		return nil, err
	}
	p.pickup = v.(string)
	state := str(o, "order_state")
	p.preState, p.postState = slices.Contains(preStates, state), slices.Contains(postStates, state)
	p.orderFirst = s.OrderCreation == "async" || s.Label != "sevensenders" || p.preState

	// 002 cross-border carrier
	carrier := map[string]any{"country": p.to}
	if s.CarrierScenario == "own_contract" {
		carrier["country"] = p.from
		if s.Carriers.FirstMile != "" {
			carrier["name"] = s.Carriers.FirstMile
		}
	} else if name := s.Carriers.LastMile[p.to]; name != "" {
		carrier["name"] = name
	}

	items := list(o, "order_items")
	given := list(o, "parcels")
	all := make([]line, len(items))
	for i, it := range items {
		all[i] = line{i: i, qty: *num(it.(map[string]any), "quantity")}
	}
	several := len(given) > 1
	if given == nil {
		given = []any{map[string]any{}}
	}
	assigned := false
	for idx, g := range given {
		gp := g.(map[string]any)
		pc := &parcel{n: idx + 1, unweighed: -1}
		if held := list(gp, "items"); held != nil {
			assigned = true
			pc.lines = make([]line, 0, len(held))
			for j, h := range held {
				hm := h.(map[string]any)
				sku := str(hm, "sku")
				at := slices.IndexFunc(items, func(it any) bool { return str(it.(map[string]any), "sku") == sku })
				if at < 0 {
					return nil, &failure{fmt.Sprintf("/parcels/%d/items/%d/sku", idx, j), "a parcel holds a sku that is not an item of the order"}
				}
				pc.lines = append(pc.lines, line{i: at, qty: *num(hm, "quantity")})
			}
		} else if !several {
			pc.lines = all
		}
		if pc.lines != nil {
			sum, weighed := 0.0, true
			for _, l := range pc.lines {
				w := num(items[l.i].(map[string]any), "weight")
				if w == nil {
					weighed = false
					if pc.unweighed < 0 {
						pc.unweighed = l.i
					}
					continue
				}
				sum += *w * l.qty
			}
			if weighed {
				pc.netG = &sum
			}
		}
		if pc.weightKg = num(gp, "weight_kg"); pc.weightKg == nil && pc.netG != nil && s.Parcel.PackagingWeightG != nil {
			kg, err := r.h.call("convert_weight", *pc.netG+*s.Parcel.PackagingWeightG, "G", "K")
			if err != nil {
				return nil, err
			}
			f := kg.(float64)
			pc.weightKg = &f
		}
		pc.carrier = carrier
		if c := obj(gp, "carrier"); c != nil {
			pc.carrier = c
		}
		pc.trackingCode = str(gp, "tracking_code")
		pc.referenceNumber = str(gp, "reference_number")
		pc.givenReference = pc.referenceNumber != ""
		if !pc.givenReference {
			pc.referenceNumber = str(o, "order_id") + "-" + strconv.Itoa(idx+1)
		}
		pc.brt = pc.carrier["name"] == "brt"
		p.parcels = append(p.parcels, pc)
	}
	if assigned {
		for i, it := range items {
			held := 0.0
			for _, pc := range p.parcels {
				for _, l := range pc.lines {
					if l.i == i {
						held += l.qty
					}
				}
			}
			if held != *num(it.(map[string]any), "quantity") {
				return nil, &failure{"/parcels", "the parcels' items do not hold each unit of the order exactly once"}
			}
		}
	}
	p.order, err = r.orderBody(o, p)
	return p, err
}

// orderBody is the POST /v2/orders body of prepare.yaml's out.order.
func (r *Runner) orderBody(o map[string]any, p *prep) (body, error) {
	s := r.settings
	b := body{"order_id": o["order_id"], "order_date": o["order_date"]}
	b.put("order_url", or(str(o, "order_url"), s.ShopURL))
	b.put("language", or(str(o, "language"), s.Language))
	if d := str(o, "promised_delivery_date"); d != "" {
		b["promised_delivery_date"] = d
	} else if s.PromisedDays != nil {
		v, err := r.h.call("add_business_days", p.pickup, int(*s.PromisedDays))
		if err != nil {
			return nil, err
		}
		b["promised_delivery_date"] = v
	}
	b.put("order_tags", o["order_tags"])
	b.put("currency", or(str(o, "currency"), s.Currency))
	b.put("pudo_location_id", o["pudo_location_id"])
	b.put("recipient", o["recipient"])
	items := list(o, "order_items")
	out := make([]any, len(items))
	for i, it := range items {
		m := make(map[string]any, len(it.(map[string]any)))
		for k, v := range it.(map[string]any) {
			if k != "upc_code" && v != nil {
				m[k] = v
			}
		}
		out[i] = m
	}
	b["order_items"] = out
	return b, nil
}
