package sim

import (
	"net/http"
	"reflect"
	"testing"
)

// TestAcceptanceCustomsSequence is the curl sequence: token,
// order, shipment, customs shipment, manifest, and the answers after it.
func TestAcceptanceCustomsSequence(t *testing.T) {
	c := setup(t)
	status, hdr, order := c.do("POST", "/v2/order", orderBody("ORD-1"))
	if status != http.StatusCreated || hdr.Get("Location") != "/v2/orders/1000001" || field(order, "state") != "new" {
		t.Fatalf("POST /v2/order: %d %q %v", status, hdr.Get("Location"), order)
	}
	sid := c.shipment("ORD-1", "TC-1")
	if got := c.state("ORD-1"); got != stateShipped {
		t.Fatalf("order state after the first shipment = %q, want shipped", got)
	}

	bad := customsBody(sid, "ORD-1", "GB", "DAP")
	delete(bad["skus"].([]any)[0].(Object), "net_value")
	status, _, v := c.do("POST", "/v2/customs/shipments", bad)
	code, msg, ptrs := errorOf(v)
	if status != http.StatusUnprocessableEntity || code != codeInvalid || !reflect.DeepEqual(ptrs, []string{"/skus/0/net_value"}) {
		t.Fatalf("customs shipment for GB without net_value: %d %s %q %v", status, code, msg, ptrs)
	}

	status, hdr, _ = c.do("POST", "/v2/customs/shipments", customsBody(sid, "ORD-1", "GB", "DAP"))
	if status != http.StatusCreated || hdr.Get("Location") != "/v2/customs/shipments/"+sid {
		t.Fatalf("POST customs shipment: %d %q", status, hdr.Get("Location"))
	}
	status, _, v = c.do("POST", "/v2/customs/shipments", customsBody(sid, "ORD-1", "GB", "DAP"))
	if code, msg, _ := errorOf(v); status != http.StatusConflict || msg != "shipment "+sid+" already has a customs shipment; update it with PUT" {
		t.Fatalf("second customs shipment: %d %s %q", status, code, msg)
	}

	c.must(http.StatusCreated, "POST", "/v2/customs/manifests", Object{"manifest_id": "M-1", "shipment_ids": []any{sid}, "pieces": 1})
	status, _, v = c.do("PUT", "/v2/customs/shipments/"+sid, Object{"invoice_id": "INV-2"})
	if code, msg, _ := errorOf(v); status != http.StatusConflict || code != codeLocked ||
		msg != `shipment `+sid+` is declared in customs manifest "M-1" and cannot change` {
		t.Fatalf("PUT after the manifest: %d %s %q", status, code, msg)
	}
}

// TestAcceptanceBoardingComplete: an order with two shipments and
// boarding_complete=true is completed only after both are delivered.
func TestAcceptanceBoardingComplete(t *testing.T) {
	c := setup(t)
	body := orderBody("ORD-2")
	body["boarding_complete"] = true
	c.must(http.StatusCreated, "POST", "/v2/orders", body)
	s1 := c.shipment("ORD-2", "TC-1")
	s2 := c.shipment("ORD-2", "TC-2")
	c.deliver(s1)
	if got := c.state("ORD-2"); got != stateShipped {
		t.Fatalf("one of two delivered: state %q, want shipped", got)
	}
	c.deliver(s2)
	if got := c.state("ORD-2"); got != stateCompleted {
		t.Fatalf("both delivered: state %q, want completed", got)
	}
}
