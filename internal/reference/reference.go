package reference

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/sevenflow/sevenflow/schemas"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// Runner runs the standard workflow for one shop's settings. It is safe
// for concurrent use.
type Runner struct {
	settings *Settings
	validate bool
	h        helpers
}

// Option configures a Runner.
type Option func(*Runner)

// Validate makes the runner check the order against the pipeline's input
// schema and every payload against its schema before it is sent, as the
// pipeline does; without it, payloads go out as they are and only the
// API checks them.
func Validate(on bool) Option {
	return func(r *Runner) { r.validate = on }
}

// New returns a runner of the standard workflow for settings.
func New(settings *Settings, opts ...Option) (*Runner, error) {
	h, err := newHelpers()
	if err != nil {
		return nil, err
	}
	r := &Runner{settings: settings, h: h}
	for _, o := range opts {
		o(r)
	}
	return r, nil
}

// Run ships one order (JSON decoded into plain values) through c, as a
// run of the pipeline would: the same calls, in the same order, with the
// same bodies. It stops at the first failure, before the call that would
// carry a fact the order lacks.
func (r *Runner) Run(ctx context.Context, c *sevensenders.Client, order map[string]any) error {
	a := api{c: c, validate: r.validate}
	s := r.settings
	if r.validate {
		if err := schemas.Validate("input/order", order); err != nil {
			return fmt.Errorf("reference: input: %w", err)
		}
	}
	if str(order, "order_state") == "cancelled" {
		return &failure{"", "a cancelled order is not shipped (003 lifecycle)"}
	}
	p, err := r.prepare(order)
	if err != nil {
		return err
	}
	orderID := str(order, "order_id")
	if p.orderFirst {
		if _, err := a.create(ctx, "/orders", "order", p.order, "order_update", ""); err != nil {
			return err
		}
	}
	if p.preState {
		if err := r.state(ctx, a, order, order["order_date"]); err != nil {
			return err
		}
	}
	var pudo map[string]any
	if order["pudo_location_id"] != nil {
		if pudo, err = r.pudo(ctx, a, order); err != nil {
			return err
		}
	}
	for _, pc := range p.parcels {
		if err := r.dispatch(ctx, a, order, p, pc, pudo); err != nil {
			return err
		}
	}
	if s.ReturnPortal == "pro" {
		if err := r.returnPortal(ctx, a, order, p); err != nil {
			return err
		}
	}
	if len(p.parcels) > 1 {
		if err := r.boarding(ctx, a, orderID, len(p.parcels)); err != nil {
			return err
		}
	}
	if p.customs {
		if err := r.customs(ctx, a, order, p); err != nil {
			return err
		}
	}
	if p.postState {
		return r.state(ctx, a, order, p.pickup)
	}
	return nil
}

// state posts the order's state (003 lifecycle) at datetime.
func (r *Runner) state(ctx context.Context, a api, order map[string]any, datetime any) error {
	b := body{"order_id": order["order_id"], "state": order["order_state"], "datetime": datetime}
	b.put("location", r.settings.Warehouse.Address)
	_, err := a.create(ctx, "/order_states", "order_state", b, "", "")
	return err
}

// pudo finds the PUDO location the customer chose (pudo-location.yaml).
func (r *Runner) pudo(ctx context.Context, a api, order map[string]any) (map[string]any, error) {
	var locs []map[string]any
	country := strings.ToUpper(str(obj(order, "recipient"), "country"))
	if err := a.get(ctx, "/pudo/locations/all", url.Values{"country": {country}}, &locs); err != nil {
		return nil, err
	}
	want := str(order, "pudo_location_id")
	for _, l := range locs {
		if text(l["id"]) == want {
			return map[string]any{"id": text(l["id"]), "name": l["name"], "address": l["address"], "zip": l["zip"],
				"city": l["city"], "country": strings.ToUpper(str(l, "country"))}, nil
		}
	}
	return nil, &failure{"/pudo_location_id", `the order's pick-up location is not a 7S PUDO location of the recipient's country (001 "7S PUDO Locator")`}
}

// dispatch ships one parcel (dispatch.yaml): a 7S label and its file, or
// a shipment of the merchant's own label.
func (r *Runner) dispatch(ctx context.Context, a api, order map[string]any, p *prep, pc *parcel, pudo map[string]any) error {
	s := r.settings
	rc := obj(order, "recipient")
	to := map[string]any{}
	if pudo != nil {
		to["address"], to["zip"], to["city"], to["country"] = pudo["address"], pudo["zip"], pudo["city"], pudo["country"]
	} else {
		to["address"] = strings.TrimSpace(str(rc, "street") + " " + str(rc, "house_no"))
		to["zip"], to["city"], to["country"] = rc["zip_code"], rc["city"], p.to
	}
	own := s.Label == "own"
	switch {
	case own && pc.brt && !pc.givenReference:
		return &failure{fmt.Sprintf("/parcels/%d/reference_number", pc.n-1), `a BRT parcel needs the reference number transmitted to BRT (002 "Bartolini (BRT) Workaround")`}
	case own && !pc.brt && pc.trackingCode == "":
		return &failure{fmt.Sprintf("/parcels/%d/tracking_code", pc.n-1), "an own-label parcel needs the carrier's tracking code of its label (002 tracking_code)"}
	case pc.weightKg == nil:
		ptr := fmt.Sprintf("/parcels/%d/weight_kg", pc.n-1)
		if pc.unweighed >= 0 {
			ptr = fmt.Sprintf("/order_items/%d/weight", pc.unweighed)
		}
		return &failure{ptr, "the parcel's weight is unknown (002 weight)"}
	}
	b := body{"order_id": order["order_id"]}
	b.put("carrier_service", s.CarrierService)
	b.put("recipient_first_name", rc["first_name"])
	b.put("recipient_last_name", rc["last_name"])
	b.put("recipient_email", or(str(rc, "email"), s.DefaultEmail))
	b.put("recipient_company_name", rc["company_name"])
	b.put("recipient_phone", rc["phone"])
	b.put("recipient_address", to["address"])
	b.put("recipient_zip", to["zip"])
	b.put("recipient_city", to["city"])
	b.put("recipient_country", to["country"])
	b["pickup_point_selected"] = pudo != nil
	b["weight"] = *pc.weightKg
	b["planned_pickup_datetime"] = p.pickup
	b.put("warehouse", s.Warehouse.Name)
	b.put("warehouse_address", s.Warehouse.Address)
	b["reference_number"] = pc.referenceNumber
	switch {
	case s.Label == "sevensenders":
		if !p.orderFirst {
			b["order"] = map[string]any(p.order)
		}
		b.put("format", s.LabelFormat)
		b.put("carrier", pc.carrier)
		label, err := a.create(ctx, "/labels", "label", b, "order_update", "order")
		if err != nil {
			return err
		}
		if err := a.download(ctx, text(label["id"])); err != nil {
			return err
		}
		pc.shipmentID, pc.trackingCode = text(label["shipment_id"]), str(label, "tracking_code")
	case pc.brt:
		sh, err := a.create(ctx, "/shipments", "shipment", b, "shipment_update", "")
		if err != nil {
			return err
		}
		pc.shipmentID, pc.trackingCode = text(sh["id"]), str(sh, "tracking_code")
	default:
		b["tracking_code"] = pc.trackingCode
		b.put("carrier", pc.carrier)
		sh, err := a.create(ctx, "/shipments", "shipment", b, "shipment_update", "")
		if err != nil {
			return err
		}
		pc.shipmentID, pc.trackingCode = text(sh["id"]), str(sh, "tracking_code")
	}
	pc.to = to
	return nil
}

// returnPortal sends the article data of Return Portal Pro
// (return-portal-pro.yaml): per order line a product, its image and an
// order item.
func (r *Runner) returnPortal(ctx context.Context, a api, order map[string]any, p *prep) error {
	s := r.settings
	currency := or(str(order, "currency"), s.Currency)
	for i, it := range list(order, "order_items") {
		l := it.(map[string]any)
		sku := str(l, "sku")
		cat := s.product(sku)
		var shipmentID string
		for _, pc := range p.parcels {
			if pc.holds(i) {
				shipmentID = pc.shipmentID
				break
			}
		}
		weight, err := r.h.call("convert_weight", weightG(l, cat), "G", "K")
		if err != nil {
			return err
		}
		name := or(cat.Name, str(l, "description"))
		prod := body{"sku": sku}
		prod.put("name", name)
		prod.put("description", l["description"])
		prod.put("brand", cat.Brand)
		prod.put("category", cat.Category)
		prod.put("color", cat.Color)
		prod.put("size", cat.Size)
		prod.put("url", cat.URL)
		prod.put("price", l["item_value"])
		prod.put("currency", currency)
		prod.put("upc_code", or(str(l, "upc_code"), cat.UPCCode))
		prod.put("hs_code", or(str(l, "hs_code"), cat.HSCode))
		prod.put("country_of_origin", or(str(l, "origin_country"), cat.CountryOfOrigin))
		prod.put("weight", weight)
		prod.put("returnable", cat.Returnable)
		if _, err := a.create(ctx, "/products", "product", prod, "product", ""); err != nil {
			return err
		}
		if img := or(str(l, "image_url"), cat.ImageURL); img != "" {
			b := body{"url": img, "position": 1}
			b.put("alt", or(str(l, "description"), cat.Name))
			if _, err := a.create(ctx, "/products/"+url.PathEscape(sku)+"/images", "product_image", b, "", ""); err != nil {
				return err
			}
		}
		item := body{"sku": sku}
		item.put("name", name)
		item.put("description", l["description"])
		item.put("appearance", cat.Color)
		item.put("size", cat.Size)
		item.put("sales_price", l["item_value"])
		item.put("currency", currency)
		item.put("returnable", cat.Returnable)
		item.put("shipment_id", shipmentID)
		item.put("shop_product_url", cat.URL)
		item.put("warehouse", s.Warehouse.Name)
		item.put("weight", weight)
		path := "/orders/" + url.PathEscape(str(order, "order_id")) + "/items"
		if _, err := a.create(ctx, path, "order_item", item, "", ""); err != nil {
			return err
		}
	}
	return nil
}

// holds reports whether the parcel holds order line i.
func (pc *parcel) holds(i int) bool {
	for _, l := range pc.lines {
		if l.i == i {
			return true
		}
	}
	return false
}

// weightG is one article's weight in grams: the order's, else the
// catalogue's, else nil.
func weightG(l map[string]any, cat *Product) any {
	if w := num(l, "weight"); w != nil {
		return *w
	}
	if cat.WeightG != nil {
		return *cat.WeightG
	}
	return nil
}

// boarding sets boarding_complete once every parcel has its shipment
// (boarding.yaml).
func (r *Runner) boarding(ctx context.Context, a api, orderID string, parcels int) error {
	var orders []map[string]any
	if err := a.get(ctx, "/orders", url.Values{"order_id": {orderID}}, &orders); err != nil {
		return err
	}
	var found map[string]any
	for _, o := range orders {
		if o["order_id"] == orderID {
			found = o
			break
		}
	}
	if found == nil {
		return &failure{"", "the order is not in the 7S account, so its boarding cannot complete"}
	}
	var shipments []any
	if err := a.get(ctx, "/shipments", url.Values{"order_id": {orderID}}, &shipments); err != nil {
		return err
	}
	if len(shipments) < parcels {
		return &failure{"", "not every parcel of the order has a shipment yet; boarding_complete stays false"}
	}
	return a.put(ctx, "/orders/"+url.PathEscape(text(found["id"])), "order_update", body{"boarding_complete": true})
}
