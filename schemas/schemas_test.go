package schemas

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .pointers files of testdata/schemas")

// testdataDir holds <name>/{valid,invalid}/*.json; each invalid file has a
// sibling <file>.pointers with the expected "pointer: message" lines.
const testdataDir = "../testdata/schemas"

func TestEverySchemaCompiles(t *testing.T) {
	names := Names()
	if len(names) < 29 || !slices.IsSorted(names) || !slices.Contains(names, "input/order") || slices.Contains(names, defsName) {
		t.Fatalf("Names() = %v", names)
	}
	for _, name := range append(names, defsName) {
		t.Run(name, func(t *testing.T) {
			src, err := Source(name)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(src, &doc); err != nil {
				t.Fatal(err)
			}
			if got, want := doc["$id"], baseURL+name+".json"; got != want {
				t.Errorf("$id = %v, want %s", got, want)
			}
			if got := doc["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
				t.Errorf("$schema = %v", got)
			}
			if title, _ := Title(name); title == "" {
				t.Error("no title")
			}
			if name == defsName {
				return
			}
			if _, err := reg.schema(name); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTestdata(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			for _, kind := range []string{"valid", "invalid"} {
				files, _ := filepath.Glob(filepath.Join(testdataDir, name, kind, "*.json"))
				if len(files) == 0 {
					t.Errorf("no %s documents in %s", kind, filepath.Join(testdataDir, name, kind))
				}
				for _, file := range files {
					t.Run(kind+"/"+filepath.Base(file), func(t *testing.T) {
						checkFile(t, name, file, kind == "valid")
					})
				}
			}
		})
	}
}

func checkFile(t *testing.T, name, file string, valid bool) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	err = ValidateJSON(name, data)
	if valid {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %v", err)
	}
	var got strings.Builder
	for _, v := range ve.Violations {
		got.WriteString(v.String() + "\n")
	}
	golden := strings.TrimSuffix(file, ".json") + ".pointers"
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got.String() != string(want) {
		t.Errorf("violations differ from %s\n--- want\n%s--- got\n%s", golden, want, got.String())
	}
}

func TestValidateGoValues(t *testing.T) {
	type carrier struct {
		Name    string `json:"name"`
		Country string `json:"country"`
	}
	type parcel struct {
		WeightKG float64  `json:"weight_kg"`
		Carrier  *carrier `json:"carrier,omitempty"`
	}
	in := map[string]any{
		"order_id": "o1", "order_date": "2024-01-15T10:30:00Z",
		"recipient": map[string]any{
			"first_name": "A", "last_name": "B", "street": "S", "city": "C",
			"zip_code": "1", "country": "de",
		},
		"order_items": []any{map[string]any{"sku": "s", "quantity": 1}},
		"parcels":     []parcel{{WeightKG: 1, Carrier: &carrier{Name: "dhl", Country: "DE"}}},
	}
	if err := Validate("input/order", in); err != nil {
		t.Fatal(err)
	}
	in["parcels"] = []parcel{{WeightKG: 0}}
	err := Validate("input/order", in)
	want := "input/order: /parcels/0/weight_kg: must be > 0 but found 0"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if err := Validate("token", map[string]any{"access_key": func() {}}); err == nil || !strings.Contains(err.Error(), "encode instance") {
		t.Fatalf("got %v", err)
	}
}

func TestValidateNumbers(t *testing.T) {
	for _, qty := range []any{2, int64(2), 2.0, json.Number("2")} {
		err := Validate("order_item", map[string]any{"sku": "s", "sales_price": qty})
		if err != nil {
			t.Errorf("%T: %v", qty, err)
		}
	}
}

func TestViolationKeywords(t *testing.T) {
	err := ValidateJSON("shipment", []byte(`{"order_id": "o", "reference_number": "r",
		"carrier": {"name": "dhl", "country": "DE"}, "trackng_code": "x", "carrier_service": "fast",
		"recipient_country": "XX", "planned_pickup_datetime": "soon"}`))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range ve.Violations {
		got[v.Pointer] = v.Keyword
	}
	want := map[string]string{
		"/trackng_code":            "additionalProperties",
		"/carrier":                 "not",
		"/carrier_service":         "enum",
		"/recipient_country":       "enum",
		"/planned_pickup_datetime": "format",
		"/warehouse":               "required",
	}
	for p, kw := range want {
		if got[p] != kw {
			t.Errorf("%s: keyword %q, want %q", p, got[p], kw)
		}
	}
}

func TestValidationErrorString(t *testing.T) {
	err := ValidateJSON("carriers", []byte(`{}`))
	if got, want := err.Error(), "carriers: (root): expected array, got object"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	err = ValidateJSON("token", []byte(`{"access_key": 1, "x": 2}`))
	if got, want := err.Error(), "token: /access_key: expected string, got number; /x: unknown property"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestValidateJSONSyntax(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bad byte", "{\n  \"order_id\": x\n}", "invalid JSON at line 2, column 15: invalid character 'x' looking for beginning of value"},
		{"truncated", "{\n  \"a\": 1", "invalid JSON at line 2, column 9: unexpected end of JSON input"},
		{"trailing", "{}\n{}", "invalid JSON at line 2, column 1: unexpected data after the JSON value"},
		{"empty", "", "invalid JSON at line 1, column 1: unexpected end of JSON input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateJSON("token", []byte(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
}

func TestUnknownSchema(t *testing.T) {
	for _, err := range []error{
		Validate("shipments", nil),
		ValidateJSON("shipments", []byte(`{}`)),
		Validate(defsName, nil),
		func() error { _, err := Source("shipments"); return err }(),
		func() error { _, _, err := Properties("shipments"); return err }(),
		func() error { _, err := Title("shipments"); return err }(),
	} {
		if !errors.Is(err, ErrUnknownSchema) {
			t.Errorf("got %v, want ErrUnknownSchema", err)
		}
	}
	if got, want := Validate("shipments", nil).Error(), `unknown schema "shipments"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestProperties(t *testing.T) {
	tests := []struct {
		name   string
		want   []string // a subset
		closed bool
	}{
		{"token", []string{"access_key"}, true},
		{"shipment", []string{"carrier", "local_delivery", "order_id", "reference_number", "tracking_code", "weight"}, true},
		{"label", []string{"carrier", "format", "order", "order_id", "weight"}, true},
		{"customs_shipment", []string{"incoterm", "net_weight", "recipient", "skus", "weight_um"}, true},
		{"order_update", []string{"boarding_complete", "state"}, true},
		{"input/order", []string{"order_items", "parcels", "recipient"}, true},
		{"order_response", []string{"id", "state", "states_history"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys, closed, err := Properties(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if closed != tc.closed {
				t.Errorf("closed = %v, want %v", closed, tc.closed)
			}
			if !slices.IsSorted(keys) {
				t.Errorf("keys not sorted: %v", keys)
			}
			for _, k := range tc.want {
				if !slices.Contains(keys, k) {
					t.Errorf("keys %v lack %q", keys, k)
				}
			}
		})
	}
	if _, _, err := Properties("carriers"); err == nil || err.Error() != "schema carriers: not an object schema" {
		t.Errorf("carriers: got %v", err)
	}
}

func TestRequestSchemasAreClosed(t *testing.T) {
	for _, name := range Names() {
		_, closed, err := Properties(name)
		response := strings.HasSuffix(name, "_response") || name == "error"
		if err != nil {
			continue // arrays: carriers, warehouses, pudo_locations, tracking_history
		}
		if closed == response {
			t.Errorf("%s: closed = %v", name, closed)
		}
	}
}

func TestConcurrentValidate(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdataDir, "customs_shipment/invalid/gb_missing_net_value.json"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, name := range Names() {
				_ = ValidateJSON(name, data)
			}
		}()
	}
	wg.Wait()
}

func TestQuoted(t *testing.T) {
	got := quoted(`missing properties: 'b', 'it\'s', 'a'`)
	if want := []string{"a", "b", "it's"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := quoted(`missing properties: 'unterminated`); !slices.Equal(got, []string{"unterminated"}) {
		t.Errorf("got %q", got)
	}
}

func TestLookup(t *testing.T) {
	doc := map[string]any{"a": []any{map[string]any{"b/c": 1.0}}}
	if got := lookup(doc, "/a/0/b~1c"); got != 1.0 {
		t.Errorf("got %v", got)
	}
	for _, p := range []string{"/a/1", "/a/x", "/a/0/b~1c/d"} {
		if got := lookup(doc, p); got != nil {
			t.Errorf("%s: got %v", p, got)
		}
	}
	if resolveRef("https://example.com/x.json#/a") != nil {
		t.Error("resolved an unknown document")
	}
}

func BenchmarkValidateCustomsShipment(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testdataDir, "customs_shipment/valid/doc_004_ch_ddp_sales_value.json"))
	if err != nil {
		b.Fatal(err)
	}
	v, err := decode(data)
	if err != nil {
		b.Fatal(err)
	}
	if err := Validate("customs_shipment", v); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Validate("customs_shipment", v); err != nil {
			b.Fatal(err)
		}
	}
}

// carrierTable is the "Available Carriers" table of 002.
var carrierTable = map[string][]string{
	"AT": {"postat", "dpd", "ups", "dhl"},
	"BE": {"bpost", "dpd", "kiala", "mondialrelay", "ups", "dhl"},
	"CH": {"swisspost", "dpd", "ups", "dhl"},
	"CZ": {"ceskaposta", "dpd", "ups"},
	"DE": {"dhl", "deutschepost", "gls", "ups", "hermes", "dpd", "tnt"},
	"DK": {"postnord", "ups", "dhl", "dpd"},
	"ES": {"correos", "seur", "seur_international", "asm", "mrw", "ups", "dhl"},
	"FI": {"posti", "postnord", "ups", "dhl", "dpd"},
	"FR": {"colissimo", "chronopost", "tnt", "dpd", "mondialrelay", "colisprive", "gls", "dhl", "ups"},
	"GB": {"royalmail", "yodel", "parcelforce", "hermes", "dpd", "dhl"},
	"IT": {"brt", "tnt", "gls", "ups", "dhl", "nexive", "posteitaliane", "SDA posteitaliane"},
	"LU": {"dhl", "ups", "kiala", "dpd"},
	"NL": {"postnl", "kiala", "dpd", "mondialrelay", "tnt", "ups", "dhl"},
	"NO": {"postnord", "ups", "dhl", "dpd"},
	"PL": {"dpd", "gls", "ups", "dhl", "poczta polska"},
	"SE": {"postnord", "ups", "dhl"},
	"SK": {"ceskaposta", "dpd", "ups", "dhl"},
}

func TestCarrierTable(t *testing.T) {
	for country, names := range carrierTable {
		for _, name := range names {
			for _, c := range []string{country, strings.ToLower(country)} {
				parcel := map[string]any{"weight_kg": 1.0, "carrier": map[string]any{"name": name, "country": c}}
				in := map[string]any{
					"order_id": "o1", "order_date": "2024-01-15T10:30:00Z",
					"recipient": map[string]any{
						"first_name": "A", "last_name": "B", "street": "S", "city": "C",
						"zip_code": "1", "country": c,
					},
					"order_items": []any{map[string]any{"sku": "s", "quantity": 1}},
					"parcels":     []any{parcel},
				}
				if err := Validate("input/order", in); err != nil {
					t.Errorf("%s %s: %v", c, name, err)
				}
			}
		}
	}
}

// Warm reads the shared definitions on another goroutine; compiling and
// validating meanwhile share the compiler with it safely (go test -race)
// and see the same schemas.
func TestWarm(t *testing.T) {
	Warm()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := Compile("warm", map[string]any{"$ref": baseURL + "defs.json#/$defs/country_code"})
			if err != nil {
				t.Error(err)
				return
			}
			if err := s.Validate("CH"); err != nil {
				t.Errorf("CH: %v", err)
			}
			if err := s.Validate("Switzerland"); err == nil {
				t.Error("Switzerland: valid, want a violation")
			}
		})
	}
	Warm()
	wg.Wait()
}
