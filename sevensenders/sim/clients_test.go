package sim

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/schemas"
)

// clientCase is one body a client of the live API sends, what compatible
// mode answers (status and warnings) and what strict mode answers.
type clientCase struct {
	name         string
	path         string
	body         Object
	noType       bool
	compatStatus int
	warnings     []string
	strictStatus int
	strictRules  []string // the rules strict mode names: the error's, then each field's
}

// runClientCases sends each case to a fresh fixture in both modes.
func runClientCases(t *testing.T, cases []clientCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name+"/compatible", func(t *testing.T) {
			c := fixture(t, Compatible)
			status, hdr, v := c.send("POST", tc.path, tc.body, "", !tc.noType)
			if got := warningTexts(t, hdr); status != tc.compatStatus || !reflect.DeepEqual(got, tc.warnings) {
				t.Fatalf("got %d %q %v, want %d %q", status, got, v, tc.compatStatus, tc.warnings)
			}
		})
		t.Run(tc.name+"/strict", func(t *testing.T) {
			c := fixture(t, Strict)
			status, hdr, v := c.send("POST", tc.path, tc.body, "", !tc.noType)
			if got := errorRules(v); status != tc.strictStatus || !reflect.DeepEqual(got, tc.strictRules) || len(hdr.Values("Warning")) > 0 {
				t.Fatalf("got %d %q %v, want %d %q", status, got, v, tc.strictStatus, tc.strictRules)
			}
		})
	}
}

// errorRules returns the rule of an error body and those of its fields.
func errorRules(v any) []string {
	var out []string
	if r := field(v, "rule"); r != "" {
		out = append(out, r)
	}
	errs, _ := v.(Object)["errors"].([]any)
	for _, e := range errs {
		if r := field(e, "rule"); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// TestPHPClientSendsEmptyMapAsArray: PHP's json_encode writes an empty
// map as [].
func TestPHPClientSendsEmptyMapAsArray(t *testing.T) {
	runClientCases(t, []clientCase{
		{name: "shipment_tag", path: "/v2/shipments", body: shipmentWith(func(b Object) { b["shipment_tag"] = []any{} }),
			compatStatus: 201, warnings: []string{"php-empty-map: /shipment_tag: [] read as an empty object {}"},
			strictStatus: 422, strictRules: []string{ruleSchema, rulePHPEmptyMap}},
		{name: "order_tags", path: "/v2/orders", body: Object{"order_id": "ORD-2", "order_date": "2024-01-15T10:30:00Z", "order_tags": []any{}},
			compatStatus: 201, strictStatus: 201},
	})
}

// TestShopClientSendsEmptyStringsForFieldsItLacks: a shop without a
// value sends "" (or 0 for a weight) rather than leaving the field out.
func TestShopClientSendsEmptyStringsForFieldsItLacks(t *testing.T) {
	lacking := shipmentWith(func(b Object) {
		b["warehouse_address"], b["reference_number"], b["comment"], b["recipient_company_name"], b["weight"] = "", "", "", "", 0
	})
	runClientCases(t, []clientCase{
		{name: "a shipment", path: "/v2/shipments", body: lacking, compatStatus: 201,
			warnings: []string{
				`empty-optional: /reference_number: "" read as absent`,
				`mandatory-placeholder: /warehouse_address: "" for a mandatory field accepted, read as absent`,
				"mandatory-placeholder: /weight: 0 for a mandatory field accepted",
			},
			strictStatus: 422, strictRules: []string{ruleSchema, ruleEmptyOptional, ruleMandatoryPlaceholder, ruleMandatoryPlaceholder}},
	})
	// Uniqueness ignores the empty reference numbers.
	c := fixture(t, Compatible)
	for _, tc := range []string{"TC-A", "TC-B"} {
		b := cloneObject(lacking)
		b["tracking_code"] = tc
		c.must(201, "POST", "/v2/shipments", b)
	}
}

// TestShopClientKeysCarriersByCode: a shop-system client reads
// GET /v2/carriers as one object per carrier and checks the shipping
// country against its countries.
func TestShopClientKeysCarriersByCode(t *testing.T) {
	c := fixture(t, Strict)
	v := c.must(200, "GET", "/v2/carriers", nil)
	if err := schemas.Validate("carriers", v); err != nil {
		t.Fatalf("GET /v2/carriers breaks schema carriers: %v", err)
	}
	byCode := map[string][]string{}
	for _, e := range v.([]any) {
		var countries []string
		for _, cc := range e.(Object)["countries"].([]any) {
			countries = append(countries, cc.(string))
		}
		byCode[field(e, "code")] = countries
	}
	want := map[string]int{}
	for _, codes := range carrierTable {
		for _, code := range codes {
			want[code]++
		}
	}
	if len(byCode) != len(want) {
		t.Fatalf("%d carriers, want one per carrier of 002's table (%d)", len(byCode), len(want))
	}
	if got := strings.Join(byCode["dhl"], ","); got != "AT,BE,CH,DE,DK,ES,FI,FR,GB,IT,LU,NL,NO,PL,SE,SK" {
		t.Errorf("dhl countries %s", got)
	}
	if got := byCode["brt"]; !reflect.DeepEqual(got, []string{"IT"}) || field(v.([]any)[0], "name") == "" {
		t.Errorf("brt countries %v, first %v", got, v.([]any)[0])
	}
}

// TestClientRetriesTheTokenWithItsExpiredToken: a client sends its old
// token along with POST /v2/token, and a wrong key may be retried at
// once; an expired or unknown token is 401, never 403.
func TestClientRetriesTheTokenWithItsExpiredToken(t *testing.T) {
	c := fixture(t, Compatible)
	old := c.token
	c.admin("/sim/clock", Object{"advance": "61m"})
	for _, path := range []string{"/v2/orders", "/v2/orders/1000001", "/v2/carriers"} {
		if status, _, _ := c.send("GET", path, nil, old, true); status != http.StatusUnauthorized {
			t.Errorf("GET %s with an expired token: %d, want 401", path, status)
		}
	}
	checkTokenBurst(t, c, nil)
}

// TestShopClientFiltersOrdersWithBrackets: GET /v2/orders with
// order_date[before], order_date[after] and state; nothing is 200 [].
func TestShopClientFiltersOrdersWithBrackets(t *testing.T) {
	c := fixture(t, Compatible)
	c.must(201, "POST", "/v2/orders", Object{"order_id": "ORD-2", "order_date": "2024-01-10 08:00:00"})
	c.must(201, "POST", "/v2/orders", Object{"order_id": "ORD-3", "order_date": "2024-01-20T08:00:00Z"})
	for q, want := range map[string][]string{
		"?order_date[after]=2024-01-12&order_date[before]=2024-01-18T00:00:00Z": {"ORD-1"},
		"?order_date%5Bafter%5D=2024-01-12":                                     {"ORD-1", "ORD-3"},
		"?state=shipped":                                                        {"ORD-1"},
		"?state=new&order_date[before]=2024-01-12":                              {"ORD-2"},
		"?state=completed":                                                      {},
	} {
		var got []string
		list := c.must(200, "GET", "/v2/orders"+q, nil).([]any)
		for _, o := range list {
			got = append(got, field(o, "order_id"))
		}
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("GET /v2/orders%s = %v, want %v", q, got, want)
		}
	}
}

// TestShopClientStoresIRIFromEveryCreate: every 201 has iri, the path of
// what it created, as Location says.
func TestShopClientStoresIRIFromEveryCreate(t *testing.T) {
	c := fixture(t, Strict)
	creates := []struct {
		path string
		body Object
		iri  string
	}{
		{"/v2/orders", orderBody("ORD-2"), "/v2/orders/1000004"},
		{"/v2/order_states", Object{"order_id": "ORD-2", "state": "paid", "datetime": "2024-01-15T11:00:00Z"}, "/v2/orders/1000004"},
		{"/v2/shipments", shipmentBody("ORD-2", "TC-2"), "/v2/shipments/1000005"},
		{"/v2/customs/shipments", customsBody("1000002", "ORD-1", "GB", "DAP"), "/v2/customs/shipments/1000002"},
		{"/v2/customs/manifests", Object{"manifest_id": "M-1", "shipment_ids": []any{"1000002"}, "pieces": 1}, "/v2/customs/manifests/M-1"},
		{"/v2/products", Object{"sku": "SKU-1", "name": "Shirt"}, "/v2/products/SKU-1"},
		{"/v2/products/SKU-1/images", Object{"url": "https://shop.example.com/1.jpg"}, "/v2/products/SKU-1/images/1000008"},
		{"/v2/orders/1000004/items", Object{"sku": "SKU-1"}, "/v2/orders/1000004/items/1000009"},
		{"/v2/labels", shipmentWith(func(b Object) { b["tracking_code"] = "TC-L" }), "/v2/label-download/1000011"},
	}
	for _, tc := range creates {
		status, hdr, v := c.do("POST", tc.path, tc.body)
		if status != 201 || field(v, "iri") != tc.iri || hdr.Get("Location") != tc.iri {
			t.Errorf("POST %s: %d, iri %q, Location %q; want 201 and %s: %v", tc.path, status, field(v, "iri"), hdr.Get("Location"), tc.iri, v)
		}
	}
}
