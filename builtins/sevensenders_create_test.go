package builtins

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// step is how a pipeline step calling builtin with args ended: its status,
// the API calls it made ("METHOD /path", the token call left out), its
// output, the lines it logged and its error.
type step struct {
	status engine.Status
	calls  []string
	out    any
	logs   []string
	err    error
}

// runStep runs builtin as the one step of a pipeline whose `with` takes
// each key of args from the input, so the status a builtin reports reaches
// the trace as it does in a real run.
func runStep(t testing.TB, ctx context.Context, reg *engine.Registry, builtin string, args map[string]any) step {
	t.Helper()
	var src strings.Builder
	fmt.Fprintf(&src, "pipeline: one\nsteps:\n  - id: s\n    call: %s\n    with:\n", builtin)
	for _, k := range sortedArgKeys(args) {
		fmt.Fprintf(&src, "      %s: input[%q]\n", k, k)
	}
	p, err := engine.Load("one.yaml", []byte(src.String()))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		t.Fatal(err)
	}
	trace, err := prog.Run(ctx, args)
	var st step
	if err != nil {
		errs := engine.Errors(err)
		if len(errs) != 1 || errs[0].Code != engine.CodeCall {
			t.Fatalf("run: %v", err)
		}
		st.err = errs[0].Err
	}
	sum := trace.Summary()
	for _, s := range sum.Steps {
		st.status = s.Status
	}
	for _, c := range sum.Calls {
		if c.Path != "/v2/token" {
			st.calls = append(st.calls, c.Method+" "+c.Path)
		}
	}
	for _, e := range trace.Events {
		if l, ok := e.(engine.Log); ok {
			st.logs = append(st.logs, l.Message)
		}
	}
	st.out = trace.Steps["s"]
	return st
}

// with returns a copy of args with the fields of set; a JSON pointer key
// ("/skus/0/net_value") sets a nested field.
func with(args map[string]any, set map[string]any) map[string]any {
	c := deepCopy(args).(map[string]any)
	for ptr, v := range set {
		toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
		var cur any = c
		for _, tok := range toks[:len(toks)-1] {
			switch x := cur.(type) {
			case map[string]any:
				cur = x[tok]
			case []any:
				var i int
				fmt.Sscan(tok, &i)
				cur = x[i]
			}
		}
		cur.(map[string]any)[toks[len(toks)-1]] = v
	}
	return c
}

// deepCopy copies maps and lists.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// placeholders replaces {name} in s with the saved values.
func placeholders(s string, saved map[string]string) string {
	for k, v := range saved {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// createCase is one call of a create builtin in TestCreateConverges.
type createCase struct {
	name    string
	builtin string
	args    map[string]any
	calls   string // the API calls made, "; "-joined
	status  engine.Status
	err     string // the whole error
	save    string // saves the output's id as {save}, its shipment_id as {save_shipment}
}

// TestCreateConverges runs every create builtin three ways on one
// simulator, in the order of a pipeline and again: not there (a GET, then
// the POST: ok), there as sent (the GET alone: exists), there with other
// values (the GET, then a PUT to the path with the 7S id: updated; or,
// where the API cannot change it, a failure naming the field and both
// values).
func TestCreateConverges(t *testing.T) {
	a := setupAPI(t)
	order := orderArgs("ORD-1")
	state := map[string]any{"order_id": "ORD-1", "state": "paid", "datetime": "2024-01-15T11:00:00Z", "location": "Berlin"}
	product := map[string]any{"sku": "SKU-P", "name": "Shirt", "price": 19.9}
	image := map[string]any{"sku": "SKU-P", "url": "https://shop.example.com/p.jpg", "alt": "front"}
	item := map[string]any{"order_id": "ORD-1", "sku": "SKU-P", "name": "Shirt", "size": "M"}
	ship := shipmentArgs("ORD-1", "TC-1")
	label := with(shipmentArgs("ORD-1", ""), map[string]any{"reference_number": "REF-L", "format": "pdf"})
	delete(label, "tracking_code")
	syncLabel := with(label, map[string]any{"order_id": "ORD-5", "reference_number": "REF-5", "order": orderArgs("ORD-5")})
	tests := []createCase{
		// 002 "Create an Order"; 002 "Note: the given ID within the
		// response when creating an order is needed to update".
		{name: "order", builtin: "create_order", args: order, calls: "GET /v2/orders; POST /v2/orders", status: engine.StatusOK, save: "order"},
		{name: "order again", builtin: "create_order", args: order, calls: "GET /v2/orders", status: engine.StatusExists},
		{name: "order changed", builtin: "create_order", args: with(order, map[string]any{"language": "de"}),
			calls: "GET /v2/orders; PUT /v2/orders/{order}", status: engine.StatusUpdated},
		// 002 "Update the State of an Order"; 003 states_history.
		{name: "state", builtin: "create_order_state", args: state, calls: "GET /v2/orders; POST /v2/order_states", status: engine.StatusOK},
		{name: "state again", builtin: "create_order_state", args: with(state, map[string]any{"datetime": "2024-01-15T12:00:00+01:00"}),
			calls: "GET /v2/orders", status: engine.StatusExists},
		{name: "state elsewhere", builtin: "create_order_state", args: with(state, map[string]any{"location": "Hamburg"}),
			calls: "GET /v2/orders", status: engine.StatusFailed,
			err: `sevensenders.create_order_state: state "paid" of order "ORD-1" exists and cannot change: /location is "Berlin" there, "Hamburg" in this run`},
		// 001 "Return Portal Pro": products by sku, "synchronization of
		// the product catalog".
		{name: "product", builtin: "create_product", args: product, calls: "GET /v2/products/SKU-P; POST /v2/products", status: engine.StatusOK},
		{name: "product synced", builtin: "create_product", args: with(product, map[string]any{"price": 21.5}),
			calls: "GET /v2/products/SKU-P; PUT /v2/products/SKU-P", status: engine.StatusUpdated},
		{name: "product again", builtin: "create_product", args: with(product, map[string]any{"price": 21.5}),
			calls: "GET /v2/products/SKU-P", status: engine.StatusExists},
		{name: "image", builtin: "create_product_image", args: image, calls: "GET /v2/products/SKU-P; POST /v2/products/SKU-P/images", status: engine.StatusOK},
		{name: "image again", builtin: "create_product_image", args: image, calls: "GET /v2/products/SKU-P", status: engine.StatusExists},
		{name: "image changed", builtin: "create_product_image", args: with(image, map[string]any{"alt": "back"}),
			calls: "GET /v2/products/SKU-P", status: engine.StatusFailed,
			err: `sevensenders.create_product_image: image "https://shop.example.com/p.jpg" of product "SKU-P" exists and cannot change: /alt is "front" there, "back" in this run`},
		// 003 "Step 2.1. Order Items": no update of an item.
		{name: "item", builtin: "create_order_item", args: item, calls: "GET /v2/orders/ORD-1/items; POST /v2/orders/ORD-1/items", status: engine.StatusOK},
		{name: "item again", builtin: "create_order_item", args: item, calls: "GET /v2/orders/ORD-1/items", status: engine.StatusExists},
		{name: "item changed", builtin: "create_order_item", args: with(item, map[string]any{"size": "L"}),
			calls: "GET /v2/orders/ORD-1/items", status: engine.StatusFailed,
			err: `sevensenders.create_order_item: order item "SKU-P" of order "ORD-1" exists and cannot change: /size is "M" there, "L" in this run`},
		// 002 "Create a Shipment" by tracking_code; "Further Shipment
		// Operations Available": PUT /shipments/{id} with the 7S id.
		{name: "shipment", builtin: "create_shipment", args: ship, calls: "GET /v2/shipments; POST /v2/shipments", status: engine.StatusOK, save: "sid"},
		{name: "shipment again", builtin: "create_shipment", args: with(ship, map[string]any{"recipient_country": "gb"}),
			calls: "GET /v2/shipments", status: engine.StatusExists},
		{name: "shipment changed", builtin: "create_shipment", args: with(ship, map[string]any{"comment": "fragile"}),
			calls: "GET /v2/shipments; PUT /v2/shipments/{sid}", status: engine.StatusUpdated},
		{name: "shipment of another order", builtin: "create_shipment", args: with(ship, map[string]any{"order_id": "ORD-2", "comment": "fragile"}),
			calls: "GET /v2/shipments", status: engine.StatusFailed,
			err: `sevensenders.create_shipment: shipment {sid} (tracking_code "TC-1") exists and cannot change: /order_id is "ORD-1" there, "ORD-2" in this run`},
		// 000 "Asynchronous approach": POST Labels for an existing order,
		// found again by its shipment's reference number.
		{name: "label", builtin: "create_label", args: label, calls: "GET /v2/shipments; POST /v2/labels", status: engine.StatusOK, save: "label"},
		{name: "label again", builtin: "create_label", args: label, calls: "GET /v2/shipments", status: engine.StatusExists},
		{name: "label heavier", builtin: "create_label", args: with(label, map[string]any{"weight": 2.5}),
			calls: "GET /v2/shipments", status: engine.StatusFailed,
			err: `sevensenders.create_label: label {label} of shipment {label_shipment} (reference_number "REF-L") exists and cannot change: /weight is 1.2 there, 2.5 in this run`},
		// 000 "Synchronous approach": the order inline, compared with
		// the order and updated like one (002 PUT /orders/{id}); the
		// label's shipment cannot change.
		{name: "label with order", builtin: "create_label", args: syncLabel, calls: "GET /v2/shipments; POST /v2/labels", status: engine.StatusOK, save: "label5"},
		{name: "label with order again", builtin: "create_label", args: syncLabel, calls: "GET /v2/shipments; GET /v2/orders", status: engine.StatusExists},
		{name: "label with another order language", builtin: "create_label", args: with(syncLabel, map[string]any{"/order/language": "de"}),
			calls: "GET /v2/shipments; GET /v2/orders; PUT /v2/orders/{ORD-5}", status: engine.StatusUpdated},
		{name: "label with another order and weight", builtin: "create_label", args: with(syncLabel, map[string]any{"/order/language": "fr", "weight": 3}),
			calls: "GET /v2/shipments; GET /v2/orders", status: engine.StatusFailed,
			err: `sevensenders.create_label: label {label5} of shipment {label5_shipment} (reference_number "REF-5") exists and cannot change: /weight is 1.2 there, 3 in this run`},
		// 004 "PUT Customs Shipment": by shipment_id, updatable until the
		// shipment is declared in a customs manifest.
		{name: "customs", builtin: "create_customs_shipment", args: customsArgs("{sid}", "ORD-1", "TC-1"),
			calls: "GET /v2/customs/shipments; POST /v2/customs/shipments", status: engine.StatusOK},
		{name: "customs again", builtin: "create_customs_shipment", args: customsArgs("{sid}", "ORD-1", "TC-1"),
			calls: "GET /v2/customs/shipments", status: engine.StatusExists},
		{name: "customs changed", builtin: "create_customs_shipment", args: with(customsArgs("{sid}", "ORD-1", "TC-1"), map[string]any{"/skus/0/net_value": "25.20"}),
			calls: "GET /v2/customs/shipments; PUT /v2/customs/shipments/{sid}", status: engine.StatusUpdated},
		// 000 "Labels and Customs Creation": the manifest, found by the
		// shipments it declares; it locks them.
		{name: "manifest", builtin: "create_customs_manifest", args: map[string]any{"manifest_id": "M-ORD-1", "shipment_ids": []any{"{sid}"}, "pieces": 1},
			calls: "GET /v2/customs/shipments; POST /v2/customs/manifests", status: engine.StatusOK},
		{name: "manifest again", builtin: "create_customs_manifest", args: map[string]any{"manifest_id": "M-ORD-1", "shipment_ids": []any{"{sid}"}, "pieces": 1},
			calls: "GET /v2/customs/shipments; GET /v2/customs/manifests/M-ORD-1", status: engine.StatusExists},
		{name: "manifest changed", builtin: "create_customs_manifest", args: map[string]any{"manifest_id": "M-ORD-1", "shipment_ids": []any{"{sid}"}, "pieces": 2},
			calls: "GET /v2/customs/shipments; GET /v2/customs/manifests/M-ORD-1", status: engine.StatusFailed,
			err: `sevensenders.create_customs_manifest: customs manifest "M-ORD-1" exists and cannot change: /pieces is 1 there, 2 in this run`},
		// 004: "Updating shipment is possible if this shipment was not
		// declared in a customs manifest."
		{name: "customs declared", builtin: "create_customs_shipment", args: with(customsArgs("{sid}", "ORD-1", "TC-1"), map[string]any{"/skus/0/net_value": "26.00"}),
			calls: "GET /v2/customs/shipments", status: engine.StatusFailed,
			err: `sevensenders.create_customs_shipment: customs shipment of shipment {sid} is declared in manifest "M-ORD-1" and cannot change: /skus/0/net_value is "25.20" there, "26.00" in this run`},
		{name: "customs declared as it is", builtin: "create_customs_shipment", args: with(customsArgs("{sid}", "ORD-1", "TC-1"), map[string]any{"/skus/0/net_value": "25.20"}),
			calls: "GET /v2/customs/shipments", status: engine.StatusExists},
	}
	saved := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := fill(tc.args, saved).(map[string]any)
			st := runStep(t, context.Background(), a.reg, prefixSevenSenders+tc.builtin, args)
			if got, want := strings.Join(st.calls, "; "), placeholders(tc.calls, saved); got != want {
				t.Errorf("calls\n got %s\nwant %s", got, want)
			}
			if st.status != tc.status {
				t.Errorf("status %s, want %s", st.status, tc.status)
			}
			want := placeholders(tc.err, saved)
			if (st.err == nil) != (want == "") || st.err != nil && st.err.Error() != want {
				t.Fatalf("error\n got %v\nwant %s", st.err, want)
			}
			for _, o := range a.srv.Snapshot().Orders {
				saved[fmt.Sprint(o["order_id"])] = fmt.Sprint(o["id"])
			}
			if tc.save != "" {
				out, _ := st.out.(map[string]any)
				saved[tc.save], _ = scalarText(out["id"])
				saved[tc.save+"_shipment"], _ = scalarText(out["shipment_id"])
			}
		})
	}
	// Every create of the table was run.
	for _, op := range operations() {
		if op.Key != "" && !slices.ContainsFunc(tests, func(tc createCase) bool { return tc.builtin == op.Name }) {
			t.Errorf("%s is not covered", op.Name)
		}
	}
	st := a.srv.Snapshot()
	if len(st.Orders) != 2 || len(st.Shipments) != 3 || len(st.Labels) != 2 || len(st.Items) != 1 ||
		len(st.Products) != 1 || len(st.Customs) != 1 || len(st.Manifests) != 1 {
		t.Errorf("the simulator holds %d orders, %d shipments, %d labels, %d items, %d products, %d customs shipments, %d manifests",
			len(st.Orders), len(st.Shipments), len(st.Labels), len(st.Items), len(st.Products), len(st.Customs), len(st.Manifests))
	}
}

// fill replaces placeholders in the strings of v.
func fill(v any, saved map[string]string) any {
	switch x := v.(type) {
	case string:
		return placeholders(x, saved)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = fill(e, saved)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = fill(e, saved)
		}
		return l
	}
	return v
}

// A label request with neither reference_number nor tracking_code has no
// key to be found by (000, 002 "reference_number"): it is sent as it is,
// and the trace says that running it again makes another.
func TestCreateWithoutKey(t *testing.T) {
	a := setupAPI(t)
	a.must("sevensenders.create_order", orderArgs("ORD-1"))
	label := shipmentArgs("ORD-1", "")
	delete(label, "tracking_code")
	st := runStep(t, context.Background(), a.reg, "sevensenders.create_label", label)
	if st.err != nil || st.status != engine.StatusOK || strings.Join(st.calls, "; ") != "POST /v2/labels" {
		t.Fatalf("status %s, calls %v, err %v", st.status, st.calls, st.err)
	}
	want := "sevensenders.create_label: look up POST /v2/labels: no merchant key to look it up by: reference_number or tracking_code: sent without a look-up, so running it again makes another"
	if !slices.Equal(st.logs, []string{want}) {
		t.Errorf("logs\n got %q\nwant %q", st.logs, want)
	}
}
