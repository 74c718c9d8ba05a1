package sim

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// apiPrefix is where the 7S API lives; adminPrefix is the simulator's own.
const (
	apiPrefix   = "/v2/"
	adminPrefix = "/sim/"
)

// aliases maps the spellings clients in the wild use to the one a route
// is written with.
var aliases = map[string]string{
	"order":            "orders",
	"shipment":         "shipments",
	"order-states":     "order_states",
	"order_state":      "order_states",
	"order-state":      "order_states",
	"label":            "labels",
	"product":          "products",
	"image":            "images",
	"item":             "items",
	"carrier":          "carriers",
	"warehouse":        "warehouses",
	"manifest":         "manifests",
	"tracking-history": "tracking_history",
	"label_download":   "label-download",
}

// route is one endpoint: a method and a pattern of segments, where a
// segment in braces captures a path parameter.
type route struct {
	method  string
	pattern []string
	handle  func(s *Server, rq *request) response
	public  bool // no token needed
}

// routes lists every endpoint, API first, then admin. More specific
// patterns come before ones that would capture the same path. It is
// built on first use, as POST /sim/faults looks paths up in it.
func routes() []route {
	routesOnce.Do(func() { routeTable = buildRoutes() })
	return routeTable
}

var (
	routesOnce sync.Once
	routeTable []route
)

func buildRoutes() []route {
	r := func(method, pattern string, h func(*Server, *request) response) route {
		return route{method: method, pattern: strings.Split(strings.Trim(pattern, "/"), "/"), handle: h}
	}
	rs := []route{
		r("POST", "/v2/token", (*Server).createToken),
		r("POST", "/v2/orders", (*Server).createOrder),
		r("GET", "/v2/orders", (*Server).listOrders),
		r("GET", "/v2/orders/{id}", (*Server).getOrder),
		r("PUT", "/v2/orders/{id}", (*Server).updateOrder),
		r("DELETE", "/v2/orders/{id}", (*Server).deleteOrder),
		r("POST", "/v2/orders/{id}/items", (*Server).createItem),
		r("GET", "/v2/orders/{id}/items", (*Server).listItems),
		r("POST", "/v2/order_states", (*Server).createOrderState),
		r("GET", "/v2/shipments/events/{id}", (*Server).trackingHistory),
		r("POST", "/v2/shipments", (*Server).createShipment),
		r("GET", "/v2/shipments", (*Server).listShipments),
		r("GET", "/v2/shipments/{id}", (*Server).getShipment),
		r("PUT", "/v2/shipments/{id}", (*Server).updateShipment),
		r("DELETE", "/v2/shipments/{id}", (*Server).deleteShipment),
		r("GET", "/v2/shipments/{id}/tracking_history", (*Server).trackingHistory),
		r("POST", "/v2/labels", (*Server).createLabel),
		r("GET", "/v2/label-download/{id}", (*Server).downloadLabel),
		r("POST", "/v2/customs/shipments", (*Server).createCustoms),
		r("GET", "/v2/customs/shipments", (*Server).listCustoms),
		r("GET", "/v2/customs/shipments/{id}", (*Server).getCustoms),
		r("PUT", "/v2/customs/shipments/{id}", (*Server).updateCustoms),
		r("DELETE", "/v2/customs/shipments/{id}", (*Server).deleteCustoms),
		r("POST", "/v2/customs/manifests", (*Server).createManifest),
		r("GET", "/v2/customs/manifests", (*Server).listManifests),
		r("GET", "/v2/customs/manifests/{id}", (*Server).getManifest),
		r("PUT", "/v2/customs/manifests/{id}", (*Server).changeManifest),
		r("DELETE", "/v2/customs/manifests/{id}", (*Server).changeManifest),
		r("POST", "/v2/products", (*Server).createProduct),
		r("GET", "/v2/products", (*Server).listProducts),
		r("GET", "/v2/products/{sku}", (*Server).getProduct),
		r("PUT", "/v2/products/{sku}", (*Server).updateProduct),
		r("DELETE", "/v2/products/{sku}", (*Server).deleteProduct),
		r("POST", "/v2/products/{sku}/images", (*Server).createImage),
		r("DELETE", "/v2/products/{sku}/images/{id}", (*Server).deleteImage),
		r("GET", "/v2/carriers", (*Server).listCarriers),
		r("GET", "/v2/warehouses", (*Server).listWarehouses),
		r("GET", "/v2/pudo/locations/all", (*Server).pudoAll),
		r("GET", "/v2/pudo/locations", (*Server).pudoSearch),
		r("POST", "/sim/clock", (*Server).adminClock),
		r("GET", "/sim/warnings", (*Server).adminWarnings),
		r("DELETE", "/sim/warnings", (*Server).adminClearWarnings),
		r("GET", "/sim/warehouses", (*Server).adminWarehouses),
		r("POST", "/sim/warehouses", (*Server).adminSetWarehouses),
		r("GET", "/sim/faults", (*Server).adminFaults),
		r("POST", "/sim/faults", (*Server).adminAddFault),
		r("PUT", "/sim/faults", (*Server).adminSetFaults),
		r("DELETE", "/sim/faults", (*Server).adminClearFaults),
		r("POST", "/sim/shipments/{id}/events", (*Server).adminEvent),
		r("POST", "/sim/shipments/{id}/deliver", (*Server).adminDeliver),
		r("GET", "/sim/received", (*Server).adminReceived),
		r("GET", "/sim/state", (*Server).adminState),
		r("POST", "/sim/reset", (*Server).adminReset),
	}
	for i := range rs {
		rs[i].public = rs[i].pattern[0] == "sim" || rs[i].pattern[1] == "token"
	}
	return rs
}

// route checks the admin key of an admin request, finds the endpoint
// for rq, checks its token, answers an injected
// fault if one matches, and runs it.
func (s *Server) route(rq *request) response {
	if rq.URL.Path == strings.TrimSuffix(adminPrefix, "/") || strings.HasPrefix(rq.URL.Path, adminPrefix) {
		if res := s.checkAdminKey(rq); res.isErr() {
			return res
		}
	}
	segs := strings.Split(strings.Trim(rq.URL.Path, "/"), "/")
	last := len(segs) - 1
	segs[last] = strings.TrimSuffix(segs[last], ".json")
	methodMismatch := false
	for _, rt := range routes() {
		params, ok := match(rt.pattern, segs)
		if !ok {
			continue
		}
		if rt.method != rq.Method {
			methodMismatch = true
			continue
		}
		tokenAge := time.Duration(-1)
		if !rt.public {
			age, res := s.checkToken(rq)
			if res.isErr() {
				return res
			}
			tokenAge = age
		}
		if rt.pattern[0] == "v2" {
			if res, faulted := s.injected(rq, rt.method+" /"+strings.Join(rt.pattern, "/"), tokenAge); faulted {
				return res
			}
		}
		rq.params = params
		s.checkDelayed()
		return rt.handle(s, rq)
	}
	if methodMismatch {
		return errorf(http.StatusMethodNotAllowed, codeNotAllowed, "%s is not allowed on %s", truncate(rq.Method), truncate(rq.URL.Path))
	}
	return notFound("no endpoint %s %s", truncate(rq.Method), truncate(rq.URL.Path))
}

// match reports whether segs fit pattern, accepting the aliases of
// literal segments, and returns the captured parameters.
func match(pattern, segs []string) (map[string]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params map[string]string
	for i, p := range pattern {
		seg := segs[i]
		if strings.HasPrefix(p, "{") {
			if seg == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[strings.Trim(p, "{}")] = seg
			continue
		}
		if a, ok := aliases[seg]; ok {
			seg = a
		}
		if seg != p {
			return nil, false
		}
	}
	return params, true
}
