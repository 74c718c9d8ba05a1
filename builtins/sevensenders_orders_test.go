package builtins

import (
	"fmt"
	"testing"
)

func TestSevenSendersOrders(t *testing.T) {
	a := setupAPI(t)
	o := a.object("sevensenders.create_order", orderArgs("ORD-1"))
	id := o["id"]
	if o["order_id"] != "ORD-1" || id == nil {
		t.Fatalf("create_order: %v", o)
	}
	if got := a.object("sevensenders.get_order", map[string]any{"id": id}); got["order_id"] != "ORD-1" {
		t.Fatalf("get_order: %v", got)
	}
	if l := a.list("sevensenders.list_orders", map[string]any{"order_id": "ORD-1", "limit": 10, "offset": 0}); len(l) != 1 {
		t.Fatalf("list_orders: %v", l)
	}
	if got := a.object("sevensenders.update_order", map[string]any{"id": id, "boarding_complete": true}); got["boarding_complete"] != true {
		t.Fatalf("update_order: %v", got)
	}
	st := a.object("sevensenders.create_order_state", map[string]any{"order_id": "ORD-1", "state": "paid", "datetime": "2024-01-15T11:00:00Z"})
	if st["state"] != "paid" {
		t.Fatalf("create_order_state: %v", st)
	}
	a.must("sevensenders.create_product", map[string]any{"sku": "TSHIRT-BLUE-M", "name": "T-Shirt"})
	it := a.object("sevensenders.create_order_item", map[string]any{"order_id": "ORD-1", "sku": "TSHIRT-BLUE-M", "name": "T-Shirt", "weight": 0.2})
	if it["sku"] != "TSHIRT-BLUE-M" {
		t.Fatalf("create_order_item: %v", it)
	}
	del := a.object("sevensenders.delete_order", map[string]any{"id": id})
	if del["deleted"] != true || del["id"] != id {
		t.Fatalf("delete_order: %v", del)
	}
	// Each create looks its resource up first (TestCreateConverges).
	want := []string{
		"POST /v2/token", "GET /v2/orders", "POST /v2/orders", fmt.Sprintf("GET /v2/orders/%v", id), "GET /v2/orders",
		fmt.Sprintf("PUT /v2/orders/%v", id), "GET /v2/orders", "POST /v2/order_states",
		"GET /v2/products/TSHIRT-BLUE-M", "POST /v2/products", "GET /v2/orders/ORD-1/items", "POST /v2/orders/ORD-1/items",
		fmt.Sprintf("DELETE /v2/orders/%v", id),
	}
	if got := a.received(); got[4] != "GET /v2/orders?limit=10&offset=0&order_id=ORD-1" {
		t.Errorf("list_orders sent %q", got[4])
	}
	var traced []string
	for _, x := range a.exchanges {
		traced = append(traced, x.Method+" "+x.Path)
	}
	if fmt.Sprint(traced) != fmt.Sprint(want) {
		t.Fatalf("traced:\n got %v\nwant %v", traced, want)
	}
}
