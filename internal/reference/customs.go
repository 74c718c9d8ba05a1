package reference

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
)

// customs declares every parcel (customs.yaml): a customs shipment per
// parcel with the articles it holds, then the manifest unless the shop is
// a Flex customer. A parcel without its carrier's tracking code (BRT
// before its first hub scan) waits for a later run, and so does the
// manifest.
func (r *Runner) customs(ctx context.Context, a api, order map[string]any, p *prep) error {
	s, c := r.settings, &r.settings.Customs
	incoterm := or(str(order, "incoterm"), c.Incoterm)
	unit := c.WeightUnit
	depLang, err := r.h.call("language_of", p.from)
	if err != nil {
		return err
	}
	arrLang, err := r.h.call("language_of", p.to)
	if err != nil {
		return err
	}
	currency := or(str(order, "currency"), s.Currency)
	var arrivalID any
	switch id := c.ArrivalCountryCustomsID.(type) {
	case string:
		arrivalID = id
	case map[string]any:
		arrivalID = id[p.to]
	}
	rule := "net"
	if !slices.Contains(c.ValueRules.NetAlways, p.to) && slices.Contains(c.ValueRules.ByIncoterm, p.to) && incoterm != c.ValueRules.NetIncoterm {
		rule = "sales"
	}
	for _, pc := range p.parcels {
		if pc.lines == nil {
			return &failure{fmt.Sprintf("/parcels/%d/items", pc.n-1), "an order to a customs destination in several parcels must say which items each parcel holds (004 declares each shipment's articles)"}
		}
	}
	items := list(order, "order_items")
	declared := true
	for _, pc := range p.parcels {
		code := pc.trackingCode
		if code == "" {
			var sh map[string]any
			if err := a.get(ctx, "/shipments/"+url.PathEscape(pc.shipmentID), nil, &sh); err != nil {
				return err
			}
			code = str(sh, "tracking_code")
		}
		if code == "" {
			declared = false
			continue
		}
		skus := make([]any, 0, len(pc.lines))
		netG, weighed := 0.0, true
		for _, held := range pc.lines {
			l := items[held.i].(map[string]any)
			cat := s.product(str(l, "sku"))
			sku, w, err := r.sku(l, cat, held, p, rule, depLang.(string), arrLang.(string), unit)
			if err != nil {
				return err
			}
			if w == nil {
				weighed = false
			} else {
				netG += *w * held.qty
			}
			skus = append(skus, map[string]any(sku))
		}
		var net any
		if weighed {
			net = netG
		}
		netWeight, err := r.h.call("convert_weight", net, "G", unit)
		if err != nil {
			return err
		}
		grossWeight, err := r.h.call("convert_weight", *pc.weightKg, "K", unit)
		if err != nil {
			return err
		}
		rc := obj(order, "recipient")
		recipient := body{}
		recipient.put("first_name", rc["first_name"])
		recipient.put("last_name", rc["last_name"])
		recipient.put("company_name", rc["company_name"])
		recipient.put("address", pc.to["address"])
		recipient.put("address_details", rc["address_details"])
		recipient.put("city", pc.to["city"])
		recipient.put("zip", pc.to["zip"])
		recipient.put("country", pc.to["country"])
		recipient.put("phone", rc["phone"])
		recipient.put("email", rc["email"])
		b := body{"shipment_id": pc.shipmentID, "order_id": order["order_id"], "is_return": false,
			"tracking_code": code, "planned_pickup_datetime": p.pickup, "departure_country": p.from,
			"recipient": map[string]any(recipient), "skus": skus}
		b.put("invoice_id", order["invoice_id"])
		b.put("invoice_date", order["invoice_date"])
		b.put("incoterm", incoterm)
		b.put("reference_number", pc.referenceNumber)
		b.put("departure_country_customs_id", c.DepartureCountryCustomsID)
		b.put("arrival_country_customs_id", arrivalID)
		b.put("net_weight", netWeight)
		b.put("gross_weight", grossWeight)
		b.put("weight_um", unit)
		b.put("departure_country_currency", currency)
		b.put("packaging", c.Packaging)
		if _, err := a.create(ctx, "/customs/shipments", "customs_shipment", b, "customs_shipment_update", ""); err != nil {
			return err
		}
	}
	if s.Flex || !declared {
		return nil
	}
	ids := make([]any, len(p.parcels))
	for i, pc := range p.parcels {
		ids[i] = pc.shipmentID
	}
	date, err := r.h.call("format_date", p.pickup, "2006-01-02")
	if err != nil {
		return err
	}
	b := body{"manifest_id": c.ManifestPrefix + str(order, "order_id"), "shipment_ids": ids, "pieces": len(p.parcels),
		"departure_country": p.from, "arrival_country": p.to, "departure_date": date}
	_, err = a.create(ctx, "/customs/manifests", "customs_manifest", b, "", "")
	return err
}

// sku is the 004 SKU object of one order line in a parcel, and the
// article's weight in grams (nil when unknown).
func (r *Runner) sku(l map[string]any, cat *Product, held line, p *prep, rule, depLang, arrLang, unit string) (body, *float64, error) {
	s, c := r.settings, &r.settings.Customs
	vat := c.VATPercent
	if cat.VATTariff != nil {
		vat = cat.VATTariff
	}
	var wg *float64
	if w := weightG(l, cat); w != nil {
		f := w.(float64)
		wg = &f
	}
	value := l["item_value"]
	var net, gross any = value, value
	var err error
	if c.PricesIncludeVAT {
		net, err = r.h.call("net_from_gross", value, *vat)
	} else {
		gross, err = r.h.call("gross_from_net", value, *vat)
	}
	if err != nil {
		return nil, nil, err
	}
	var weight any
	if wg != nil {
		if weight, err = r.h.call("convert_weight", *wg, "G", unit); err != nil {
			return nil, nil, err
		}
	}
	desc := func(lang string) string {
		if d := cat.Descriptions[lang]; d != "" {
			return d
		}
		if s.ItemLanguage == lang {
			return str(l, "description")
		}
		return ""
	}
	tariff := func(country string) string {
		return or(cat.TariffNumbers[country], str(l, "hs_code"), cat.HSCode)
	}
	b := body{"id": held.i + 1, "language_departure_country_description": depLang,
		"language_arrival_country_description": arrLang, "qty": held.qty}
	b.put("country_of_origin", or(str(l, "origin_country"), cat.CountryOfOrigin, c.OriginCountry))
	b.put("departure_country_description", desc(depLang))
	pref := c.PreferentialCode
	if cat.PreferentialCode != nil {
		pref = cat.PreferentialCode
	}
	b.put("preferential_code", pref)
	b.put("departure_country_tariff_number", tariff(p.from))
	b.put("arrival_country_description", desc(arrLang))
	b.put("arrival_country_tariff_number", tariff(p.to))
	b.put("weight", weight)
	b.put("weight_u", unit)
	switch rule {
	case "net":
		v, err := r.h.call("format_money", net)
		if err != nil {
			return nil, nil, err
		}
		b.put("net_value", v)
	case "sales":
		v, err := r.h.call("format_money", gross)
		if err != nil {
			return nil, nil, err
		}
		b.put("sales_value", v)
	}
	b["vat_tariff"] = strconv.FormatFloat(*vat, 'f', -1, 64)
	b.put("upc_code", or(str(l, "upc_code"), cat.UPCCode))
	b.put("article_id", l["external_id"])
	b.put("url", cat.URL)
	b.put("image_url", or(str(l, "image_url"), cat.ImageURL))
	return b, wg, nil
}
