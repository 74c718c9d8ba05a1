package sevensenders

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// CustomsShipment is the customs data of an existing shipment (004 "POST
// Customs Shipment Parameters"). Weights are in WeightUM. ID and
// ManifestID are set by the API; a shipment with a ManifestID is locked.
type CustomsShipment struct {
	ShipmentID                string            `json:"shipment_id,omitempty"`
	OrderID                   string            `json:"order_id,omitempty"`
	InvoiceID                 string            `json:"invoice_id,omitempty"`
	InvoiceDate               string            `json:"invoice_date,omitempty"`
	Incoterm                  string            `json:"incoterm,omitempty"`
	TrackingCode              string            `json:"tracking_code,omitempty"`
	ReturnTrackingCode        string            `json:"return_tracking_code,omitempty"`
	PlannedPickupDatetime     string            `json:"planned_pickup_datetime,omitempty"`
	DepartureCountry          string            `json:"departure_country,omitempty"`
	DepartureCountryCustomsID string            `json:"departure_country_customs_id,omitempty"`
	ArrivalCountryCustomsID   string            `json:"arrival_country_customs_id,omitempty"`
	NetWeight                 *float64          `json:"net_weight,omitempty"`
	GrossWeight               *float64          `json:"gross_weight,omitempty"`
	WeightUM                  string            `json:"weight_um,omitempty"`
	DepartureCountryCurrency  string            `json:"departure_country_currency,omitempty"`
	ConsignmentID             string            `json:"consignment_id,omitempty"`
	Packaging                 string            `json:"packaging,omitempty"`
	ReferenceNumber           string            `json:"reference_number,omitempty"`
	IsReturn                  *bool             `json:"is_return,omitempty"`
	ParentContainer           string            `json:"parent_container,omitempty"`
	ArrivalCountryCurrency    string            `json:"arrival_country_currency,omitempty"`
	Recipient                 *CustomsRecipient `json:"recipient,omitempty"`
	SKUs                      []SKU             `json:"skus,omitempty"`

	ID         ID     `json:"id,omitempty"`
	ManifestID string `json:"manifest_id,omitempty"`
}

// CustomsRecipient is the recipient object of a customs shipment (004
// "Recipient object").
type CustomsRecipient struct {
	FirstName      string `json:"first_name,omitempty"`
	LastName       string `json:"last_name,omitempty"`
	Address        string `json:"address,omitempty"`
	City           string `json:"city,omitempty"`
	Zip            string `json:"zip,omitempty"`
	Country        string `json:"country,omitempty"`
	CompanyName    string `json:"company_name,omitempty"`
	AddressDetails string `json:"address_details,omitempty"`
	Phone          string `json:"phone,omitempty"`
	Email          string `json:"email,omitempty"`
}

// SKU is one article of a customs shipment (004 "SKU (stock keeping unit
// - article) object as array"). Give Weight or TotalNetWeight, NetValue
// or TotalNetValue, SalesValue or SalesValueTotal. Amounts are
// json.Number: 004 types them as strings and shows numbers, and the API
// takes both.
type SKU struct {
	ID                                  int         `json:"id"`
	CountryOfOrigin                     string      `json:"country_of_origin,omitempty"`
	DepartureCountryDescription         string      `json:"departure_country_description,omitempty"`
	LanguageDepartureCountryDescription string      `json:"language_departure_country_description,omitempty"`
	PreferentialCode                    int         `json:"preferential_code,omitempty"`
	DepartureCountryTariffNumber        string      `json:"departure_country_tariff_number,omitempty"`
	ArrivalCountryDescription           string      `json:"arrival_country_description,omitempty"`
	LanguageArrivalCountryDescription   string      `json:"language_arrival_country_description,omitempty"`
	ArrivalCountryTariffNumber          string      `json:"arrival_country_tariff_number,omitempty"`
	Qty                                 int         `json:"qty,omitempty"`
	QtyUM                               string      `json:"qty_um,omitempty"`
	Weight                              *float64    `json:"weight,omitempty"`
	TotalNetWeight                      *float64    `json:"total_net_weight,omitempty"`
	WeightU                             string      `json:"weight_u,omitempty"`
	NetValue                            json.Number `json:"net_value,omitempty"`
	TotalNetValue                       json.Number `json:"total_net_value,omitempty"`
	SalesValue                          json.Number `json:"sales_value,omitempty"`
	SalesValueTotal                     json.Number `json:"sales_value_total,omitempty"`
	UPCCode                             string      `json:"upc_code,omitempty"`
	VATTariff                           json.Number `json:"vat_tariff,omitempty"`
	ArticleID                           string      `json:"article_id,omitempty"`
	URL                                 string      `json:"url,omitempty"`
	Brand                               string      `json:"brand,omitempty"`
	Color                               string      `json:"color,omitempty"`
	Category                            string      `json:"category,omitempty"`
	ImageURL                            string      `json:"image_url,omitempty"`
	LanguageCode                        string      `json:"language_code,omitempty"`
}

// CustomsListOptions filters ListCustomsShipments; zero fields are left
// out.
type CustomsListOptions struct {
	ShipmentID   string
	TrackingCode string
}

// Manifest is a customs manifest: the customs shipments that travel
// together (000 "Workflow: Labels and Customs Creation"). ID and
// CreatedAt are set by the API.
type Manifest struct {
	ManifestID       string   `json:"manifest_id"`
	ShipmentIDs      []string `json:"shipment_ids"`
	Pieces           int      `json:"pieces"`
	ConsignmentID    string   `json:"consignment_id,omitempty"`
	DepartureDate    string   `json:"departure_date,omitempty"`
	DepartureCountry string   `json:"departure_country,omitempty"`
	ArrivalCountry   string   `json:"arrival_country,omitempty"`
	Comment          string   `json:"comment,omitempty"`

	ID        ID     `json:"id,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
}

// CreateCustomsShipment submits the customs data of a shipment.
//
// Seven Senders API docs: 004 "POST Customs Shipment Parameters".
func (c *Client) CreateCustomsShipment(ctx context.Context, s *CustomsShipment) (*CustomsShipment, error) {
	return doJSON[CustomsShipment](ctx, c, http.MethodPost, pathCustomsShipment, s)
}

// GetCustomsShipment gets the customs data of a shipment by its 7S id.
//
// Seven Senders API docs: 004 "GET Customs Shipment".
func (c *Client) GetCustomsShipment(ctx context.Context, shipmentID string) (*CustomsShipment, error) {
	return doJSON[CustomsShipment](ctx, c, http.MethodGet, pathCustomsShipment+"/"+url.PathEscape(shipmentID), nil)
}

// ListCustomsShipments lists customs shipments by shipment_id or
// tracking_code.
//
// Seven Senders API docs: 004 "GET Customs Shipment".
func (c *Client) ListCustomsShipments(ctx context.Context, opt *CustomsListOptions) ([]CustomsShipment, error) {
	q := url.Values{}
	if opt != nil {
		setString(q, "shipment_id", opt.ShipmentID)
		setString(q, "tracking_code", opt.TrackingCode)
	}
	return doList[CustomsShipment](ctx, c, pathCustomsShipment, q)
}

// UpdateCustomsShipment updates the customs data of a shipment that is
// not yet in a manifest; an SKU is matched by its id.
//
// Seven Senders API docs: 004 "PUT Customs Shipment".
func (c *Client) UpdateCustomsShipment(ctx context.Context, shipmentID string, u *CustomsShipment) (*CustomsShipment, error) {
	return doJSON[CustomsShipment](ctx, c, http.MethodPut, pathCustomsShipment+"/"+url.PathEscape(shipmentID), u)
}

// DeleteCustomsShipment deletes the customs data of a shipment that is
// not yet in a manifest.
//
// Seven Senders API docs: 004 "DELETE Customs Shipment".
func (c *Client) DeleteCustomsShipment(ctx context.Context, shipmentID string) error {
	_, err := c.Do(ctx, http.MethodDelete, pathCustomsShipment+"/"+url.PathEscape(shipmentID), nil, nil)
	return err
}

// CreateManifest declares customs shipments in a customs manifest, which
// locks them. Seven Senders Flex customers skip it.
//
// Seven Senders API docs: 000 "Workflow: Labels and Customs Creation" (POST Customs Manifest).
func (c *Client) CreateManifest(ctx context.Context, m *Manifest) (*Manifest, error) {
	return doJSON[Manifest](ctx, c, http.MethodPost, pathCustomsManifest, m)
}

// GetManifest gets a customs manifest by the merchant's manifest_id.
//
// Seven Senders API docs: 000 "Workflow: Labels and Customs Creation" (Customs Manifest).
func (c *Client) GetManifest(ctx context.Context, manifestID string) (*Manifest, error) {
	return doJSON[Manifest](ctx, c, http.MethodGet, pathCustomsManifest+"/"+url.PathEscape(manifestID), nil)
}
