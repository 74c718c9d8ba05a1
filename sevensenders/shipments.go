package sevensenders

import (
	"context"
	"net/http"
	"net/url"
)

// Shipment is a shipment (002 "Create a Shipment"). Give TrackingCode
// with Carrier, or ReferenceNumber alone (002 "Bartolini (BRT)
// Workaround"). Weight is in kilograms. ID, Status and LabelID are set by
// the API.
type Shipment struct {
	OrderID               string         `json:"order_id,omitempty"`
	TrackingCode          string         `json:"tracking_code,omitempty"`
	ReferenceNumber       string         `json:"reference_number,omitempty"`
	Carrier               *Carrier       `json:"carrier,omitempty"`
	CarrierService        string         `json:"carrier_service,omitempty"`
	RecipientFirstName    string         `json:"recipient_first_name,omitempty"`
	RecipientLastName     string         `json:"recipient_last_name,omitempty"`
	RecipientEmail        string         `json:"recipient_email,omitempty"`
	RecipientAddress      string         `json:"recipient_address,omitempty"`
	RecipientZip          string         `json:"recipient_zip,omitempty"`
	RecipientCity         string         `json:"recipient_city,omitempty"`
	RecipientCountry      string         `json:"recipient_country,omitempty"`
	RecipientPhone        string         `json:"recipient_phone,omitempty"`
	RecipientCompanyName  string         `json:"recipient_company_name,omitempty"`
	ReturnParcel          *bool          `json:"return_parcel,omitempty"`
	Trackable             *bool          `json:"trackable,omitempty"`
	PickupPointSelected   *bool          `json:"pickup_point_selected,omitempty"`
	Weight                float64        `json:"weight,omitempty"`
	PlannedPickupDatetime string         `json:"planned_pickup_datetime,omitempty"`
	Comment               string         `json:"comment,omitempty"`
	WarehouseAddress      string         `json:"warehouse_address,omitempty"`
	Warehouse             string         `json:"warehouse,omitempty"`
	ShipmentTag           map[string]any `json:"shipment_tag,omitempty"`

	ID      ID     `json:"id,omitempty"`
	Status  string `json:"status,omitempty"`
	LabelID ID     `json:"label_id,omitempty"`
}

// Carrier names the carrier of a shipment and the country where it
// takes the parcel over (002 "Available Carriers", "Definition of
// carrier and carrier_country").
type Carrier struct {
	Name    string `json:"name"`
	Country string `json:"country"`
}

// ShipmentListOptions filters ListShipments; zero fields are left out.
type ShipmentListOptions struct {
	OrderID         string
	TrackingCode    string
	ReferenceNumber string
	Limit           int
	Offset          int
}

// TrackingEvent is one event of a shipment's tracking history.
type TrackingEvent struct {
	Status      string `json:"status"`
	Datetime    string `json:"datetime"`
	Location    string `json:"location,omitempty"`
	Description string `json:"description,omitempty"`
}

// CreateShipment creates a shipment and links it to its order.
//
// Seven Senders API docs: 002 "Create a Shipment".
func (c *Client) CreateShipment(ctx context.Context, s *Shipment) (*Shipment, error) {
	return doJSON[Shipment](ctx, c, http.MethodPost, pathShipments, s)
}

// GetShipment gets a shipment by its 7S id.
//
// Seven Senders API docs: 002 "Further Shipment Operations Available" (GET /shipments/{id}).
func (c *Client) GetShipment(ctx context.Context, id string) (*Shipment, error) {
	return doJSON[Shipment](ctx, c, http.MethodGet, pathShipments+"/"+url.PathEscape(id), nil)
}

// ListShipments lists shipments.
//
// Seven Senders API docs: 002 "Further Shipment Operations Available" (GET /shipments).
func (c *Client) ListShipments(ctx context.Context, opt *ShipmentListOptions) ([]Shipment, error) {
	q := url.Values{}
	if opt != nil {
		setString(q, "order_id", opt.OrderID)
		setString(q, "tracking_code", opt.TrackingCode)
		setString(q, "reference_number", opt.ReferenceNumber)
		setInt(q, "limit", opt.Limit)
		setInt(q, "offset", opt.Offset)
	}
	return doList[Shipment](ctx, c, pathShipments, q)
}

// UpdateShipment updates a shipment with the fields set in u.
//
// Seven Senders API docs: 002 "Further Shipment Operations Available" (PUT /shipments/{id}).
func (c *Client) UpdateShipment(ctx context.Context, id string, u *Shipment) (*Shipment, error) {
	return doJSON[Shipment](ctx, c, http.MethodPut, pathShipments+"/"+url.PathEscape(id), u)
}

// DeleteShipment deletes a shipment.
//
// Seven Senders API docs: 002 "Further Shipment Operations Available" (DELETE /shipments/{id}).
func (c *Client) DeleteShipment(ctx context.Context, id string) error {
	_, err := c.Do(ctx, http.MethodDelete, pathShipments+"/"+url.PathEscape(id), nil, nil)
	return err
}

// TrackingHistory lists the tracking events of a shipment.
//
// Seven Senders API docs: 002 "Additional Operations" (GET /shipments/{id}/tracking_history).
func (c *Client) TrackingHistory(ctx context.Context, id string) ([]TrackingEvent, error) {
	return doList[TrackingEvent](ctx, c, pathShipments+"/"+url.PathEscape(id)+"/tracking_history", nil)
}
