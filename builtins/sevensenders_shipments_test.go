package builtins

import (
	"slices"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

func TestSevenSendersShipments(t *testing.T) {
	a := setupAPI(t)
	a.must("sevensenders.create_order", orderArgs("ORD-1"))
	s := a.object("sevensenders.create_shipment", shipmentArgs("ORD-1", "TC-1"))
	id := s["id"]
	if s["tracking_code"] != "TC-1" || id == nil {
		t.Fatalf("create_shipment: %v", s)
	}
	if got := a.object("sevensenders.get_shipment", map[string]any{"id": id}); got["tracking_code"] != "TC-1" {
		t.Fatalf("get_shipment: %v", got)
	}
	if l := a.list("sevensenders.list_shipments", map[string]any{"tracking_code": "TC-1"}); len(l) != 1 {
		t.Fatalf("list_shipments: %v", l)
	}
	if got := a.object("sevensenders.update_shipment", map[string]any{"id": id, "comment": "fragile"}); got["comment"] != "fragile" {
		t.Fatalf("update_shipment: %v", got)
	}
	if _, ok := a.must("sevensenders.tracking_history", map[string]any{"id": id}).([]any); !ok {
		t.Fatal("tracking_history: not a list")
	}
	if del := a.object("sevensenders.delete_shipment", map[string]any{"id": id}); del["deleted"] != true || del["id"] != id {
		t.Fatalf("delete_shipment: %v", del)
	}
}

// TestSevenSendersShipmentWithoutKey checks that a shipment with neither
// tracking_code nor reference_number fails its schema before anything is
// sent.
func TestSevenSendersShipmentWithoutKey(t *testing.T) {
	a := setupAPI(t)
	args := shipmentArgs("ORD-1", "")
	delete(args, "tracking_code")
	delete(args, "carrier")
	_, err := a.call("sevensenders.create_shipment", args)
	if err == nil {
		t.Fatal("no error")
	}
	var serr *SchemaError
	if !asError(err, &serr) || serr.Schema != "shipment" {
		t.Fatalf("error %v (%T), want a *SchemaError of schema shipment", err, err)
	}
	if got, want := err.Error(), "sevensenders.create_shipment: payload fails schema shipment: 1 violation"; got != want {
		t.Fatalf("error %q, want %q", got, want)
	}
	want := []engine.Detail{{Pointer: "/tracking_code", Message: "required: give tracking_code, or reference_number when the carrier has no tracking code yet (BRT)"}}
	if ds := details(t, err); !slices.Equal(ds, want) {
		t.Fatalf("details:\n got %v\nwant %v", ds, want)
	}
	if got := a.received(); len(got) != 0 {
		t.Fatalf("the simulator received %v, want nothing", got)
	}
	if len(a.exchanges) != 0 {
		t.Fatalf("exchanges %v, want none", a.exchanges)
	}
}
