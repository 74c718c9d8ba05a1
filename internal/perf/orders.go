package perf

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sevenflow/sevenflow/sevensenders"
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

// WriteNDJSON writes orders to the file at path as NDJSON, one order a
// line, the input of a batch.
func WriteNDJSON(path string, orders []map[string]any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, o := range orders {
		if err := enc.Encode(o); err != nil {
			return fmt.Errorf("perf: order %v: %w", o["order_id"], err)
		}
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("perf: %w", err)
	}
	return nil
}

// WarmUp ships one order of each of Countries with the reference,
// without validation, through c (ids WARM-ORDER_ID), so that the shop's
// products exist before a batch, as a shop's catalogue does: the batch's
// orders find them instead of racing to create them.
func WarmUp(ctx context.Context, root string, s *Shop, c *sevensenders.Client) error {
	orders, err := Orders(root, len(Countries))
	if err != nil {
		return err
	}
	for _, o := range orders {
		o["order_id"] = "WARM-" + o["order_id"].(string)
		if err := s.RefBare.Run(ctx, c, o); err != nil {
			return fmt.Errorf("perf: warm up with %s: %w", o["order_id"], err)
		}
	}
	return nil
}
