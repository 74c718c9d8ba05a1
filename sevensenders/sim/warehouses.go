package sim

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Warehouse is one warehouse of the account, as 002 "warehouse" means:
// a shipment names it by Name, exactly.
type Warehouse struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Country string `json:"country"`
}

// defaultWarehouses are the account's warehouses unless WithWarehouses
// says otherwise (assumed data).
var defaultWarehouses = []Warehouse{
	{Name: "Main Warehouse", Address: "Kochhannstr. 38 10247 Berlin", Country: "DE"},
	{Name: "Main Warehouse Vienna", Address: "Lagerstraße 5, 1200 Wien", Country: "AT"},
}

// WithWarehouses sets the account's warehouses, replacing the default
// ones (Main Warehouse in Berlin, Main Warehouse Vienna). With a state
// file it overrides the warehouses stored there.
func WithWarehouses(ws ...Warehouse) Option {
	return func(s *Server) { s.warehouses = append([]Warehouse{}, ws...) }
}

// WithShopWarehouse makes the warehouse of a shop's settings
// (settings.warehouse: name, address, country) the account's only one, as
// a simulator standing in for that shop's account must (002: a shipment's
// warehouse is one defined in the account). Settings that name no
// warehouse change nothing.
func WithShopWarehouse(settings map[string]any) Option {
	wh, _ := settings["warehouse"].(map[string]any)
	name, _ := wh["name"].(string)
	if name == "" {
		return func(*Server) {}
	}
	address, _ := wh["address"].(string)
	country, _ := wh["country"].(string)
	return WithWarehouses(Warehouse{Name: name, Address: address, Country: country})
}

// accountWarehouses are the warehouses a new state starts with.
func (s *Server) accountWarehouses() []Warehouse {
	if s.warehouses != nil {
		return append([]Warehouse{}, s.warehouses...)
	}
	return append([]Warehouse{}, defaultWarehouses...)
}

// listWarehouses answers GET /v2/warehouses (002 "Additional
// Operations"): the account's warehouses with ids 1, 2, ... (assumed).
func (s *Server) listWarehouses(*request) response {
	out := []Object{}
	for i, w := range s.st.Warehouses {
		out = append(out, Object{"id": strconv.Itoa(i + 1), "name": w.Name, "address": w.Address, "country": w.Country})
	}
	return ok(out)
}

// checkWarehouse applies rule warehouse-defined to obj["warehouse"].
func (s *Server) checkWarehouse(rq *request, obj Object) response {
	name, has := obj["warehouse"].(string)
	if !has {
		return response{}
	}
	var names []string
	for _, w := range s.st.Warehouses {
		if w.Name == name {
			return response{}
		}
		names = append(names, strconv.Quote(w.Name))
	}
	defined := "none"
	if len(names) > 0 {
		defined = strings.Join(names, ", ")
	}
	return rq.check(ruleWarehouseDefined, "/warehouse",
		fmt.Sprintf("warehouse %q is not a warehouse of the account (defined: %s)", name, defined),
		fmt.Sprintf("warehouse %q is not a warehouse of the account (defined: %s); stored as sent", name, defined))
}

// adminWarehouses answers GET /sim/warehouses with the account's
// warehouses.
func (s *Server) adminWarehouses(*request) response {
	return ok(append([]Warehouse{}, s.st.Warehouses...))
}

// countryCode is an ISO 3166-1 alpha-2 code in either case.
var countryCode = regexp.MustCompile(`^[A-Za-z]{2}$`)

// adminSetWarehouses answers POST /sim/warehouses: an object {name,
// address, country} adds that warehouse (or replaces the one of that
// name), an array of them replaces them all. It answers with the list.
func (s *Server) adminSetWarehouses(rq *request) response {
	v, res := rq.value()
	if res.isErr() {
		return res
	}
	one, isObj := v.(Object)
	list, isList := v.([]any)
	if !isObj && !isList {
		return invalidField("", "send a warehouse {name, address, country} or a list of them")
	}
	if isObj {
		list = []any{one}
	}
	var ws []Warehouse
	for i, e := range list {
		prefix := ""
		if isList {
			prefix = "/" + strconv.Itoa(i)
		}
		w, res := readWarehouse(e, prefix)
		if res.isErr() {
			return res
		}
		ws = append(ws, w)
	}
	if isList {
		s.st.Warehouses = append([]Warehouse{}, ws...)
	} else if i := warehouseIndex(s.st.Warehouses, ws[0].Name); i >= 0 {
		s.st.Warehouses[i] = ws[0]
	} else {
		s.st.Warehouses = append(s.st.Warehouses, ws[0])
	}
	s.changes.warehouse()
	s.logf("warehouses: %d defined", len(s.st.Warehouses))
	return ok(append([]Warehouse{}, s.st.Warehouses...))
}

// readWarehouse checks one warehouse of an admin request.
func readWarehouse(v any, prefix string) (Warehouse, response) {
	o, isObj := v.(Object)
	if !isObj {
		return Warehouse{}, invalidField(prefix, "must be a warehouse {name, address, country}")
	}
	w := Warehouse{Name: strings.TrimSpace(str(o, "name")), Address: strings.TrimSpace(str(o, "address")), Country: str(o, "country")}
	switch {
	case w.Name == "":
		return w, invalidField(prefix+"/name", "must be the warehouse's name")
	case strings.ContainsAny(w.Address, "\r\n"):
		return w, invalidField(prefix+"/address", "must be one line (002 warehouse_address)")
	case !countryCode.MatchString(w.Country):
		return w, invalidField(prefix+"/country", "must be an ISO 3166-1 alpha-2 country code such as DE")
	}
	w.Country = strings.ToUpper(w.Country)
	return w, response{}
}

func warehouseIndex(ws []Warehouse, name string) int {
	for i, w := range ws {
		if w.Name == name {
			return i
		}
	}
	return -1
}
