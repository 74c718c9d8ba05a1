package builtins

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// TestSevenSendersRegistered checks that every operation is registered
// under its name, has a doc line, and is listed in doc.go.
func TestSevenSendersRegistered(t *testing.T) {
	reg := registry(t)
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	ops := operations()
	if len(ops) != 33 {
		t.Errorf("%d operations, want 33", len(ops))
	}
	for _, op := range ops {
		b, ok := reg.Call(fullName(op))
		if !ok {
			t.Errorf("%s is not registered", fullName(op))
			continue
		}
		if _, ok := b.(engine.ArgsChecker); !ok {
			t.Errorf("%s is not an ArgsChecker", fullName(op))
		}
		if op.Doc == "" {
			t.Errorf("%s: no doc", fullName(op))
		}
		if !strings.Contains(string(doc), "\t"+op.Name+" ") {
			t.Errorf("doc.go does not list %s", fullName(op))
		}
	}
}

func TestSevenSendersCheckArgs(t *testing.T) {
	reg := registry(t)
	tests := []struct {
		name    string
		builtin string
		keys    []string
		err     string
	}{
		{"schema keys", "sevensenders.create_shipment", []string{"order_id", "tracking_code", "carrier"}, ""},
		{"no keys", "sevensenders.get_order", nil, ""},
		{"misspelt", "sevensenders.create_shipment", []string{"order_id", "tracking_cod"},
			`unknown key "tracking_cod" for sevensenders.create_shipment, did you mean "tracking_code"?`},
		{"nothing close", "sevensenders.create_order", []string{"order_id", "zzzzzz"},
			`unknown key "zzzzzz" for sevensenders.create_order`},
		{"path key and body", "sevensenders.update_order", []string{"id", "boarding_complete"}, ""},
		{"path key missing", "sevensenders.update_order", []string{"boarding_complete"},
			`missing key "id" for sevensenders.update_order`},
		{"query keys", "sevensenders.list_shipments", []string{"order_id", "limit", "offset"}, ""},
		{"query key misspelt", "sevensenders.list_shipments", []string{"referense_number"},
			`unknown key "referense_number" for sevensenders.list_shipments, did you mean "reference_number"?`},
		{"required query key", "sevensenders.pudo_by_coordinates", []string{"latitude"},
			`missing key "longitude" for sevensenders.pudo_by_coordinates`},
		{"two path keys", "sevensenders.delete_product_image", []string{"sku", "id"}, ""},
		{"several", "sevensenders.get_customs_shipment", []string{"shipmentid", "x"},
			`unknown key "shipmentid" for sevensenders.get_customs_shipment, did you mean "shipment_id"?; ` +
				`unknown key "x" for sevensenders.get_customs_shipment; missing key "shipment_id" for sevensenders.get_customs_shipment`},
		{"no keys at all", "sevensenders.list_carriers", []string{"country"},
			`unknown key "country" for sevensenders.list_carriers`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := reg.Call(tc.builtin)
			err := b.(engine.ArgsChecker).CheckArgs(tc.keys)
			checkResult(t, nil, err, nil, tc.err)
		})
	}
}

// TestSevenSendersCallErrors covers the errors found before anything is
// sent: bad path keys and query values, unknown keys of a call without a
// body, and a missing target.
func TestSevenSendersCallErrors(t *testing.T) {
	a := setupAPI(t)
	tests := []struct {
		name    string
		builtin string
		args    map[string]any
		err     string
	}{
		{"missing path key", "sevensenders.get_order", map[string]any{}, `sevensenders.get_order: missing key "id"`},
		{"empty path key", "sevensenders.get_order", map[string]any{"id": ""}, `sevensenders.get_order: id must be a non-empty string or a number, got string ""`},
		{"nil path key", "sevensenders.get_product", map[string]any{"sku": nil}, `sevensenders.get_product: sku must be a non-empty string or a number, got nil`},
		{"bool path key", "sevensenders.get_shipment", map[string]any{"id": true}, `sevensenders.get_shipment: id must be a non-empty string or a number, got bool`},
		{"list path key", "sevensenders.delete_shipment", map[string]any{"id": []any{1}}, `sevensenders.delete_shipment: id must be a non-empty string or a number, got []interface {}`},
		{"path key of a create", "sevensenders.create_order_item", map[string]any{"order_id": map[string]any{}, "sku": "X"},
			`sevensenders.create_order_item: order_id must be a non-empty string or a number, got map[string]interface {}`},
		{"missing required query", "sevensenders.pudo_by_address", map[string]any{"city": "Berlin"}, `sevensenders.pudo_by_address: missing key "country"`},
		{"bad query value", "sevensenders.list_orders", map[string]any{"limit": []any{}}, `sevensenders.list_orders: limit must be a string, a number or a boolean, got []interface {}`},
		{"unknown key without body", "sevensenders.get_shipment", map[string]any{"id": 1, "tracking": "x"},
			`unknown key "tracking" for sevensenders.get_shipment`},
		{"unknown key with body", "sevensenders.create_product", map[string]any{"sku": "X", "name": "x", "colour": "red"},
			`sevensenders.create_product: payload fails schema product: 1 violation`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.call(tc.builtin, tc.args)
			checkResult(t, got, err, nil, tc.err)
		})
	}
	if got := a.received(); len(got) != 0 {
		t.Fatalf("the simulator received %v, want nothing", got)
	}

	t.Run("no target", func(t *testing.T) {
		b, _ := registry(t).Call("sevensenders.create_order")
		_, err := b.Call(context.Background(), orderArgs("ORD-1"))
		checkResult(t, nil, err, nil, "sevensenders.create_order: no Seven Senders target configured")
	})
}

// TestSevenSendersExchanges checks that every HTTP exchange of a call,
// the token call included, reaches the run's recorder with the path as
// sent and the access key redacted.
func TestSevenSendersExchanges(t *testing.T) {
	a := setupAPI(t)
	a.must("sevensenders.create_order", orderArgs("ORD-1"))
	a.must("sevensenders.get_order", map[string]any{"id": "ORD-1"})
	type row struct {
		Method string
		Path   string
		Status int
	}
	var got []row
	for _, x := range a.exchanges {
		got = append(got, row{x.Method, x.Path, x.Status})
	}
	want := []row{{"POST", "/v2/token", 200}, {"GET", "/v2/orders", 200}, {"POST", "/v2/orders", 201}, {"GET", "/v2/orders/ORD-1", 200}}
	if len(got) != len(want) {
		t.Fatalf("exchanges %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("exchange %d: %v, want %v", i, got[i], want[i])
		}
	}
	tok, _ := json.Marshal(a.exchanges[0])
	if !strings.Contains(string(tok), "[redacted]") {
		t.Errorf("token exchange not redacted: %s", tok)
	}
	// The bodies are the JSON as sent and received, decoded by whoever
	// looks.
	for what, body := range map[string]any{"request": a.exchanges[2].Request, "response": a.exchanges[2].Response} {
		var m map[string]any
		raw, _ := body.(json.RawMessage)
		if err := json.Unmarshal(raw, &m); err != nil || m["order_id"] != "ORD-1" {
			t.Errorf("create_order exchange %s %s: %v", what, raw, err)
		}
	}
}

func TestScalarText(t *testing.T) {
	tests := []struct {
		in   any
		want string
		ok   bool
	}{
		{"ORD-1", "ORD-1", true},
		{1000001, "1000001", true},
		{int64(-3), "-3", true},
		{uint8(7), "7", true},
		{float64(1000001), "1000001", true},
		{52.52, "52.52", true},
		{float32(0.5), "0.5", true},
		{json.Number("12"), "12", true},
		{true, "true", true},
		{nil, "", false},
		{[]any{}, "", false},
	}
	for _, tc := range tests {
		got, ok := scalarText(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("scalarText(%#v) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestSevenSendersTransportError checks that a client error other than
// an API answer is wrapped with the builtin's name, and that the failed
// exchange is still traced (with status 0).
func TestSevenSendersTransportError(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	ts.Close()
	client := sevensenders.NewClient(ts.URL+"/v2",
		sevensenders.WithAccessKey("k"),
		sevensenders.WithObserver(RecordExchange),
		sevensenders.WithRetryPolicy(sevensenders.RetryPolicy{MaxAttempts: 1}))
	reg := engine.NewRegistry()
	if err := Register(reg, WithClient(client)); err != nil {
		t.Fatal(err)
	}
	b, _ := reg.Call("sevensenders.get_order")
	var got []engine.Exchange
	ctx := engine.WithRecorder(context.Background(), func(x engine.Exchange) { got = append(got, x) })
	_, err := b.Call(ctx, map[string]any{"id": "1"})
	var aerr *APIError
	if err == nil || !strings.HasPrefix(err.Error(), "sevensenders.get_order: ") || errors.As(err, &aerr) {
		t.Fatalf("error %v", err)
	}
	if len(got) == 0 || got[0].Status != 0 || got[0].Path != "/v2/token" {
		t.Fatalf("exchanges %v, want the failed token call", got)
	}
}

func TestSevenSendersDownloadMissing(t *testing.T) {
	a := setupAPI(t)
	_, err := a.call("sevensenders.download_label", map[string]any{"id": "404"})
	var aerr *APIError
	if !errors.As(err, &aerr) || aerr.Err.StatusCode != http.StatusNotFound {
		t.Fatalf("error %v, want a 404 APIError", err)
	}
}
