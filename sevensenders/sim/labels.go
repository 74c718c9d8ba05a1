package sim

import (
	"net/http"
	"time"
)

// Label formats (POST /v2/labels "format").
const (
	formatPDF    = "pdf"
	formatZPL    = "zpl"
	formatZPL300 = "zpl300"
)

// labelReuse is how long a label is returned again for the same
// reference_number instead of a new one.
const labelReuse = 48 * time.Hour

// createLabel answers POST /v2/labels (000): it creates the shipment and
// its label. With the synchronous approach the body carries the order
// inline in "order", which is created if order_id does not exist yet;
// without it the order must exist (422). The same reference_number within
// 48 hours returns the same label (200, rule label-reuse).
func (s *Server) createLabel(rq *request) response {
	obj, res := rq.decode(schemaLabel)
	if res.isErr() {
		return res
	}
	format := str(obj, "format")
	if format == "" {
		format = formatPDF
	}
	if ref := str(obj, "reference_number"); ref != "" {
		for _, l := range s.tb.labels.where("reference_number", ref) {
			at, _ := timeField(l, "created_at")
			if s.now().Sub(at) < labelReuse {
				return ok(labelView(l))
			}
		}
	}
	inline, hasInline := obj["order"].(Object)
	if s.order(str(obj, "order_id")) == nil {
		if !hasInline {
			return broken(ruleLabelOrder, "/order_id", "order %q does not exist; create it first or send it inline in \"order\"", str(obj, "order_id"))
		}
		if _, has := inline["order_id"]; !has && str(obj, "order_id") != "" {
			inline["order_id"] = obj["order_id"]
		}
		if res := validate(schemaOrder, inline, "/order"); res.isErr() {
			return res
		}
		if _, res := s.addOrder(inline); res.isErr() {
			return res
		}
	}
	ship := Object{}
	for k, v := range obj {
		if k != "format" && k != "order" {
			ship[k] = v
		}
	}
	if str(ship, "order_id") == "" && hasInline {
		ship["order_id"] = str(inline, "order_id")
	}
	// The schema requires the carrier; the carrier's label gives the
	// tracking code (assumed form: 7S and an id).
	if str(ship, "tracking_code") == "" {
		ship["tracking_code"] = "7S" + s.nextID()
	}
	// A label older than 48 hours may share its reference with a new one.
	sh, res := s.addShipment(rq, ship, "tracking_code")
	if res.isErr() {
		return res
	}
	id := s.nextID()
	label := Object{
		"id":               id,
		"shipment_id":      sh["id"],
		"order_id":         sh["order_id"],
		"format":           format,
		"tracking_code":    sh["tracking_code"],
		"download_url":     baseURL(rq) + "/v2/label-download/" + id,
		"created_at":       s.stamp(),
		"reference_number": str(obj, "reference_number"),
	}
	sh["label_id"] = id
	s.tb.shipments.touch(sh)
	s.tb.labels.insert(label)
	return created("/v2/label-download/"+id, labelView(label))
}

// labelView is a label as the API returns it.
func labelView(l Object) Object {
	v := Object{}
	for _, k := range []string{"id", "shipment_id", "order_id", "format", "tracking_code", "download_url", "created_at"} {
		v[k] = l[k]
	}
	return v
}

// baseURL is the scheme and host the request was sent to.
func baseURL(rq *request) string {
	scheme := "http"
	if rq.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + rq.Host
}

// downloadLabel answers GET /v2/label-download/{id} with the label file:
// a PDF (application/pdf) or ZPL text (application/x-zpl).
func (s *Server) downloadLabel(rq *request) response {
	l := s.tb.labels.get(rq.params["id"])
	if l == nil {
		return notFound("label %q not found", rq.params["id"])
	}
	sh := Object{"tracking_code": l["tracking_code"], "order_id": l["order_id"]}
	if found := s.tb.shipments.get(str(l, "shipment_id")); found != nil {
		sh = found
	}
	info := labelInfoOf(sh)
	res := response{status: http.StatusOK, filename: "label-" + str(l, "id") + "." + str(l, "format")}
	switch str(l, "format") {
	case formatZPL:
		res.raw, res.contentType = zplLabel(info, 203), "application/x-zpl"
	case formatZPL300:
		res.raw, res.contentType = zplLabel(info, 300), "application/x-zpl"
		res.filename = "label-" + str(l, "id") + ".zpl"
	default:
		res.raw, res.contentType = pdfLabel(info), "application/pdf"
	}
	return res
}
