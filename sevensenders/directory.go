package sevensenders

import (
	"context"
	"net/url"
	"strconv"
)

// CarrierCountry lists the carriers available in one country (002
// "Available Carriers").
type CarrierCountry struct {
	Country  string   `json:"country"`
	Carriers []string `json:"carriers"`
}

// Warehouse is a warehouse defined in the merchant's account.
type Warehouse struct {
	ID      ID     `json:"id,omitempty"`
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	Country string `json:"country,omitempty"`
}

// PudoLocation is a pick-up and drop-off point; Distance is the air
// distance in metres from the point searched around.
type PudoLocation struct {
	ID           ID      `json:"id"`
	Name         string  `json:"name"`
	Address      string  `json:"address,omitempty"`
	Zip          string  `json:"zip,omitempty"`
	City         string  `json:"city,omitempty"`
	Country      string  `json:"country,omitempty"`
	Latitude     float64 `json:"latitude"`
	Longitude    float64 `json:"longitude"`
	Distance     float64 `json:"distance,omitempty"`
	OpeningHours any     `json:"opening_hours,omitempty"`
}

// PudoCoordinates searches PUDO locations around a point. MaxDistance
// and Limit are left out when zero.
type PudoCoordinates struct {
	Latitude    float64
	Longitude   float64
	MaxDistance float64
	Limit       int
}

// PudoAddress searches PUDO locations around an address. Empty fields
// are left out.
type PudoAddress struct {
	Country     string
	Zip         string
	City        string
	Address     string
	MaxDistance float64
	Limit       int
}

// pathPudo is where PUDO locations are searched.
const pathPudo = "/pudo/locations"

// ListCarriers lists the carriers by country.
//
// Seven Senders API docs: 002 "Additional Operations" (GET /carriers).
func (c *Client) ListCarriers(ctx context.Context) ([]CarrierCountry, error) {
	return doList[CarrierCountry](ctx, c, "/carriers", nil)
}

// ListWarehouses lists the warehouses of the account.
//
// Seven Senders API docs: 002 "Additional Operations" (GET /warehouse).
func (c *Client) ListWarehouses(ctx context.Context) ([]Warehouse, error) {
	return doList[Warehouse](ctx, c, "/warehouses", nil)
}

// PudoByCoordinates lists PUDO locations around a point, nearest first.
//
// Seven Senders API docs: 001 "7S PUDO Locator" (GET Locations by Coordinates).
func (c *Client) PudoByCoordinates(ctx context.Context, q PudoCoordinates) ([]PudoLocation, error) {
	v := url.Values{}
	v.Set("latitude", formatFloat(q.Latitude))
	v.Set("longitude", formatFloat(q.Longitude))
	setFloat(v, "max_distance", q.MaxDistance)
	setInt(v, "limit", q.Limit)
	return doList[PudoLocation](ctx, c, pathPudo, v)
}

// PudoByAddress lists PUDO locations around an address, nearest first.
//
// Seven Senders API docs: 001 "7S PUDO Locator" (GET Locations by Address).
func (c *Client) PudoByAddress(ctx context.Context, q PudoAddress) ([]PudoLocation, error) {
	v := url.Values{}
	setString(v, "country", q.Country)
	setString(v, "zip", q.Zip)
	setString(v, "city", q.City)
	setString(v, "address", q.Address)
	setFloat(v, "max_distance", q.MaxDistance)
	setInt(v, "limit", q.Limit)
	return doList[PudoLocation](ctx, c, pathPudo, v)
}

// PudoAll lists every PUDO location in a country.
//
// Seven Senders API docs: 001 "7S PUDO Locator" (GET All Locations).
func (c *Client) PudoAll(ctx context.Context, country string) ([]PudoLocation, error) {
	v := url.Values{}
	setString(v, "country", country)
	return doList[PudoLocation](ctx, c, pathPudo+"/all", v)
}

// formatFloat writes f in the shortest form that reads back the same.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// setFloat sets q[k] when v is not zero.
func setFloat(q url.Values, k string, v float64) {
	if v != 0 {
		q.Set(k, formatFloat(v))
	}
}
