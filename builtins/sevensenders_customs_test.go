package builtins

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// customsSetup creates an order and a shipment and returns the shipment's
// 7S id as text.
func customsSetup(a *api, order, tracking string) string {
	a.t.Helper()
	a.must("sevensenders.create_order", orderArgs(order))
	id, _ := scalarText(a.object("sevensenders.create_shipment", shipmentArgs(order, tracking))["id"])
	return id
}

func TestSevenSendersCustoms(t *testing.T) {
	a := setupAPI(t)
	s1 := customsSetup(a, "ORD-1", "TC-1")
	s2 := customsSetup(a, "ORD-2", "TC-2")
	c := a.object("sevensenders.create_customs_shipment", customsArgs(s1, "ORD-1", "TC-1"))
	if c["shipment_id"] != s1 {
		t.Fatalf("create_customs_shipment: %v", c)
	}
	if got := a.object("sevensenders.get_customs_shipment", map[string]any{"shipment_id": s1}); got["invoice_id"] != "INV-1" {
		t.Fatalf("get_customs_shipment: %v", got)
	}
	if l := a.list("sevensenders.list_customs_shipments", map[string]any{"tracking_code": "TC-1"}); len(l) != 1 {
		t.Fatalf("list_customs_shipments: %v", l)
	}
	up := a.object("sevensenders.update_customs_shipment", map[string]any{"shipment_id": s1, "invoice_id": "INV-1B"})
	if up["invoice_id"] != "INV-1B" {
		t.Fatalf("update_customs_shipment: %v", up)
	}
	a.must("sevensenders.create_customs_shipment", customsArgs(s2, "ORD-2", "TC-2"))
	if del := a.object("sevensenders.delete_customs_shipment", map[string]any{"shipment_id": s2}); del["deleted"] != true || del["id"] != s2 {
		t.Fatalf("delete_customs_shipment: %v", del)
	}
	m := a.object("sevensenders.create_customs_manifest", map[string]any{"manifest_id": "M-1", "shipment_ids": []any{s1}, "pieces": 1})
	if m["manifest_id"] != "M-1" {
		t.Fatalf("create_customs_manifest: %v", m)
	}
	if got := a.object("sevensenders.get_customs_manifest", map[string]any{"manifest_id": "M-1"}); got["manifest_id"] != "M-1" {
		t.Fatalf("get_customs_manifest: %v", got)
	}
}

// TestSevenSendersCustomsRejected checks that a GB customs shipment
// without net_value fails its schema with every pointer, and that the
// simulator receives no customs request.
func TestSevenSendersCustomsRejected(t *testing.T) {
	a := setupAPI(t)
	s1 := customsSetup(a, "ORD-1", "TC-1")
	args := customsArgs(s1, "ORD-1", "TC-1")
	sku := args["skus"].([]any)[0].(map[string]any)
	delete(sku, "net_value")
	delete(args, "invoice_id")
	_, err := a.call("sevensenders.create_customs_shipment", args)
	const want = "sevensenders.create_customs_shipment: payload fails schema customs_shipment: 2 violations"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	wantDetails := []engine.Detail{
		{Pointer: "/invoice_id", Message: "required"},
		{Pointer: "/skus/0/net_value", Message: "required when recipient country is GB (or give total_net_value)"},
	}
	if ds := details(t, err); !slices.Equal(ds, wantDetails) {
		t.Fatalf("details:\n got %v\nwant %v", ds, wantDetails)
	}
	for _, r := range a.received() {
		if strings.Contains(r, "/customs/") {
			t.Fatalf("the simulator received %s", r)
		}
	}
	var serr *SchemaError
	if !asError(err, &serr) || serr.Unwrap() == nil {
		t.Fatal("SchemaError does not unwrap to the schemas.ValidationError")
	}
}

// TestSevenSendersAPIError checks that a shipment whose tracking code
// another shipment already uses (002 "Create a Shipment") is the API's 409,
// as an error with details.
func TestSevenSendersAPIError(t *testing.T) {
	a := setupAPI(t)
	a.must("sevensenders.create_order", orderArgs("ORD-1"))
	first := shipmentArgs("ORD-1", "TC-1")
	first["reference_number"] = "R-1"
	a.must("sevensenders.create_shipment", first)
	second := shipmentArgs("ORD-1", "TC-1")
	second["reference_number"] = "R-2"
	_, err := a.call("sevensenders.create_shipment", second)
	var aerr *APIError
	if !asError(err, &aerr) {
		t.Fatalf("error %v (%T), want an *APIError", err, err)
	}
	var serr *sevensenders.APIError
	if !asError(err, &serr) || serr.StatusCode != http.StatusConflict {
		t.Fatalf("error %v, want a 409 sevensenders.APIError", err)
	}
	if !strings.HasPrefix(err.Error(), "sevensenders.create_shipment: POST /v2/shipments: 409") {
		t.Fatalf("error %q", err)
	}
	details(t, err)

	// A field error of the API becomes a detail.
	_, err = a.call("sevensenders.create_order_item", map[string]any{"order_id": "ORD-1", "sku": "NOPE"})
	ds := details(t, err)
	if len(ds) != 1 || ds[0].Pointer != "/sku" || !strings.Contains(ds[0].Message, "NOPE") {
		t.Fatalf("details %v, want one for /sku", ds)
	}
}
