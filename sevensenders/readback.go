package sevensenders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Paths of the creates that can be read back, and the spellings of them
// the documents also use.
const (
	pathOrders          = "/orders"
	pathShipments       = "/shipments"
	pathLabels          = "/labels"
	pathCustomsShipment = "/customs/shipments"
	pathCustomsManifest = "/customs/manifests"
	pathProducts        = "/products"
)

var pathAliases = map[string]string{
	"/order":            pathOrders,
	"/shipment":         pathShipments,
	"/label":            pathLabels,
	"/customs/shipment": pathCustomsShipment,
	"/customs/manifest": pathCustomsManifest,
	"/product":          pathProducts,
}

// readBack looks a created resource up by the merchant's own key. It
// returns the resource's JSON and whether it was found.
type readBack func(ctx context.Context) (json.RawMessage, bool, error)

// readBackFor returns how to look up what a POST to path with the body
// view creates, or nil when it cannot be looked up: the path has no
// merchant key (order states, order items, product images) or the body
// lacks it.
func (c *Client) readBackFor(path string, view any) readBack {
	obj, _ := view.(map[string]any)
	key := func(name string) string { return scalarString(obj[name]) }
	p, _, _ := strings.Cut(path, "?")
	p = strings.TrimSuffix(p, "/")
	if a, ok := pathAliases[p]; ok {
		p = a
	}
	switch p {
	case pathOrders:
		if k := key("order_id"); k != "" {
			return c.findFirst(pathOrders, "order_id", k)
		}
	case pathShipments, pathLabels:
		name := "reference_number"
		k := key(name)
		if k == "" {
			name = "tracking_code"
			k = key(name)
		}
		if k == "" {
			return nil
		}
		find := c.findFirst(pathShipments, name, k)
		if p == pathLabels {
			return c.labelOf(find, key("format"))
		}
		return find
	case pathCustomsShipment:
		if k := key("shipment_id"); k != "" {
			return c.findFirst(pathCustomsShipment, "shipment_id", k)
		}
	case pathCustomsManifest:
		if k := key("manifest_id"); k != "" {
			return c.findOne(pathCustomsManifest + "/" + url.PathEscape(k))
		}
	case pathProducts:
		if k := key("sku"); k != "" {
			return c.findOne(pathProducts + "/" + url.PathEscape(k))
		}
	}
	return nil
}

// findFirst lists path filtered by name=value and returns the first hit.
func (c *Client) findFirst(path, name, value string) readBack {
	return func(ctx context.Context) (json.RawMessage, bool, error) {
		var list []json.RawMessage
		q := url.Values{name: {value}, "limit": {"1"}}
		if _, err := c.Do(ctx, http.MethodGet, path+"?"+q.Encode(), nil, &list); err != nil {
			return nil, false, err
		}
		if len(list) == 0 {
			return nil, false, nil
		}
		return list[0], true, nil
	}
}

// findOne gets path; a 404 means not found.
func (c *Client) findOne(path string) readBack {
	return func(ctx context.Context) (json.RawMessage, bool, error) {
		var raw json.RawMessage
		_, err := c.Do(ctx, http.MethodGet, path, nil, &raw)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		return raw, true, nil
	}
}

// labelOf turns the shipment a label created into that label: POST
// /labels creates a shipment that names its label in label_id. A
// shipment without one is reported as an error, since the label is
// unknown and sending the create again could make a second one.
func (c *Client) labelOf(find readBack, format string) readBack {
	return func(ctx context.Context) (json.RawMessage, bool, error) {
		raw, ok, err := find(ctx)
		if err != nil || !ok {
			return raw, ok, err
		}
		var sh struct {
			ID           ID     `json:"id"`
			LabelID      ID     `json:"label_id"`
			OrderID      string `json:"order_id"`
			TrackingCode string `json:"tracking_code"`
		}
		if err := json.Unmarshal(raw, &sh); err != nil {
			return nil, false, fmt.Errorf("shipment: %w", err)
		}
		if sh.LabelID == "" {
			return nil, false, fmt.Errorf("shipment %s exists but names no label_id", sh.ID)
		}
		l := Label{
			ID: sh.LabelID, ShipmentID: sh.ID, OrderID: sh.OrderID, Format: format,
			TrackingCode: sh.TrackingCode,
			DownloadURL:  c.base.String() + "/label-download/" + url.PathEscape(string(sh.LabelID)),
		}
		b, err := json.Marshal(l)
		return b, true, err
	}
}

// lookupInto runs a read-back and, when it finds the resource, decodes
// it into v.
func (c *Client) lookupInto(ctx context.Context, lookup readBack, v any, attempts int) (*Response, bool, error) {
	raw, ok, err := lookup(ctx)
	if err != nil || !ok {
		return nil, false, err
	}
	if err := decodeInto(raw, v); err != nil {
		return nil, false, fmt.Errorf("decode: %w", err)
	}
	return &Response{StatusCode: http.StatusOK, Header: http.Header{}, Attempts: attempts, ReadBack: true}, true, nil
}

// scalarString is a string or number as a string, and "" for anything
// else.
func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}
