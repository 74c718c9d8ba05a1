package perf

import (
	"encoding/json"
	"fmt"
	"path/filepath"
)

// Countries are the orders of testdata/orders that the run benchmarks
// ship, by the destination's country.
var Countries = []struct{ Name, File string }{
	{"CH", "ch-basel.json"},
	{"GB", "gb-london.json"},
	{"DE", "de-domestic.json"},
}

// Orders returns n distinct orders for a batch: the CH, GB and DE orders
// of Countries in turn, each with its own order id (ORDER_ID-N), so that
// no run finds another's order. Their products are the same, as a shop's
// catalogue is.
func Orders(root string, n int) ([]map[string]any, error) {
	var tmpl [][]byte
	for _, c := range Countries {
		o, err := ReadOrder(filepath.Join(root, "testdata", "orders", c.File))
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(o)
		if err != nil {
			return nil, err
		}
		tmpl = append(tmpl, b)
	}
	out := make([]map[string]any, n)
	for i := range out {
		var o map[string]any
		if err := json.Unmarshal(tmpl[i%len(tmpl)], &o); err != nil {
			return nil, err
		}
		o["order_id"] = fmt.Sprintf("%s-%d", o["order_id"], i)
		out[i] = o
	}
	return out, nil
}
