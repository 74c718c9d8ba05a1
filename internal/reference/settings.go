package reference

import (
	"encoding/json"
	"fmt"
)

// Settings are the settings of a shop running the standard workflow, as
// the pipeline's settings_schema (pipelines/defaults.yaml) declares them.
// A pointer or an empty string is a setting the shop did not write.
type Settings struct {
	Label           string   `json:"label"`
	OrderCreation   string   `json:"order_creation"`
	ReturnPortal    string   `json:"return_portal"`
	Flex            bool     `json:"flex"`
	CarrierScenario string   `json:"carrier_scenario"`
	Carriers        Carriers `json:"carriers"`
	CarrierService  string   `json:"carrier_service"`
	LabelFormat     string   `json:"label_format"`
	Warehouse       struct {
		Name    string `json:"name"`
		Address string `json:"address"`
		Country string `json:"country"`
	} `json:"warehouse"`
	ShopURL      string   `json:"shop_url"`
	Language     string   `json:"language"`
	DefaultEmail string   `json:"default_email"`
	Currency     string   `json:"currency"`
	PromisedDays *float64 `json:"promised_days"`
	Pickup       struct {
		Cutoff   string `json:"cutoff"`
		Timezone string `json:"timezone"`
	} `json:"pickup"`
	Parcel struct {
		PackagingWeightG *float64 `json:"packaging_weight_g"`
	} `json:"parcel"`
	Catalog      map[string]*Product `json:"catalog"`
	ItemLanguage string              `json:"item_language"`
	Customs      Customs             `json:"customs"`
}

// Carriers are the shop's carriers (002 scenarios).
type Carriers struct {
	FirstMile string            `json:"first_mile"`
	LastMile  map[string]string `json:"last_mile"`
}

// Product is a catalogue entry: what an order does not carry of a SKU.
type Product struct {
	Name             string            `json:"name"`
	Brand            string            `json:"brand"`
	Category         string            `json:"category"`
	Color            string            `json:"color"`
	Size             string            `json:"size"`
	URL              string            `json:"url"`
	ImageURL         string            `json:"image_url"`
	Returnable       *bool             `json:"returnable"`
	UPCCode          string            `json:"upc_code"`
	CountryOfOrigin  string            `json:"country_of_origin"`
	HSCode           string            `json:"hs_code"`
	WeightG          *float64          `json:"weight_g"`
	PreferentialCode *float64          `json:"preferential_code"`
	VATTariff        *float64          `json:"vat_tariff"`
	Descriptions     map[string]string `json:"descriptions"`
	TariffNumbers    map[string]string `json:"tariff_numbers"`
}

// Customs are the shop's customs settings (004).
type Customs struct {
	DepartureCountryCustomsID string `json:"departure_country_customs_id"`
	// ArrivalCountryCustomsID is one id, or a map by arrival country.
	ArrivalCountryCustomsID any      `json:"arrival_country_customs_id"`
	Incoterm                string   `json:"incoterm"`
	WeightUnit              string   `json:"weight_unit"`
	VATPercent              *float64 `json:"vat_percent"`
	PricesIncludeVAT        bool     `json:"prices_include_vat"`
	PreferentialCode        *float64 `json:"preferential_code"`
	OriginCountry           string   `json:"origin_country"`
	Packaging               string   `json:"packaging"`
	ManifestPrefix          string   `json:"manifest_prefix"`
	ValueRules              struct {
		NetAlways   []string `json:"net_always"`
		ByIncoterm  []string `json:"by_incoterm"`
		NetIncoterm string   `json:"net_incoterm"`
	} `json:"value_rules"`
}

// ParseSettings reads the settings a run of the pipeline sees, such as
// (*engine.Program).CheckSettings returns them.
func ParseSettings(m map[string]any) (*Settings, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	var s Settings
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return &s, nil
}

// product returns the catalogue entry of sku, or an empty one.
func (s *Settings) product(sku string) *Product {
	if p := s.Catalog[sku]; p != nil {
		return p
	}
	return &Product{}
}
