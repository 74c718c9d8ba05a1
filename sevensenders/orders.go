package sevensenders

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Order is an order (002 "Create an Order", 003 "Create an Order").
// Times are strings as the API writes them (RFC 3339). The fields after
// OrderItems are set by the API.
type Order struct {
	OrderID              string            `json:"order_id,omitempty"`
	OrderDate            string            `json:"order_date,omitempty"`
	OrderURL             string            `json:"order_url,omitempty"`
	BoardingComplete     *bool             `json:"boarding_complete,omitempty"`
	Language             string            `json:"language,omitempty"`
	OrderTags            map[string]string `json:"order_tags,omitempty"`
	PromisedDeliveryDate string            `json:"promised_delivery_date,omitempty"`
	PudoLocationID       string            `json:"pudo_location_id,omitempty"`
	Currency             string            `json:"currency,omitempty"`
	Recipient            *Recipient        `json:"recipient,omitempty"`
	OrderItems           []OrderItem       `json:"order_items,omitempty"`

	ID              ID           `json:"id,omitempty"`
	State           string       `json:"state,omitempty"`
	StatesHistory   []OrderState `json:"states_history,omitempty"`
	TrackingPageURL string       `json:"tracking_page_url,omitempty"`
}

// Recipient is the inline recipient of an order (003 "Order Items"
// example).
type Recipient struct {
	FirstName      string `json:"first_name,omitempty"`
	LastName       string `json:"last_name,omitempty"`
	CompanyName    string `json:"company_name,omitempty"`
	Street         string `json:"street,omitempty"`
	HouseNo        string `json:"house_no,omitempty"`
	AddressDetails string `json:"address_details,omitempty"`
	City           string `json:"city,omitempty"`
	ZipCode        string `json:"zip_code,omitempty"`
	Country        string `json:"country,omitempty"`
	Email          string `json:"email,omitempty"`
	Phone          string `json:"phone,omitempty"`
}

// OrderItem is an item sent inline with an order (003 "Order Items"
// example). Weight is in grams.
type OrderItem struct {
	SKU           string   `json:"sku,omitempty"`
	Description   string   `json:"description,omitempty"`
	ExternalID    string   `json:"external_id,omitempty"`
	HSCode        string   `json:"hs_code,omitempty"`
	ImageURL      string   `json:"image_url,omitempty"`
	ItemValue     *float64 `json:"item_value,omitempty"`
	OriginCountry string   `json:"origin_country,omitempty"`
	Quantity      int      `json:"quantity,omitempty"`
	Weight        *float64 `json:"weight,omitempty"`
}

// Item is an order item of the Return Portal Pro, created with POST
// /orders/{order_id}/items (003 "Order Items"). ID, ShopOrderID and
// WarehouseAddress are set by the API.
type Item struct {
	SKU            string   `json:"sku,omitempty"`
	Name           string   `json:"name,omitempty"`
	Description    string   `json:"description,omitempty"`
	Appearance     string   `json:"appearance,omitempty"`
	BundleItem     string   `json:"bundle_item,omitempty"`
	Currency       string   `json:"currency,omitempty"`
	Returnable     *bool    `json:"returnable,omitempty"`
	SalesPrice     *float64 `json:"sales_price,omitempty"`
	ShipmentID     string   `json:"shipment_id,omitempty"`
	ShopProductURL string   `json:"shop_product_url,omitempty"`
	Size           string   `json:"size,omitempty"`
	Status         string   `json:"status,omitempty"`
	Warehouse      string   `json:"warehouse,omitempty"`
	Weight         *float64 `json:"weight,omitempty"`

	ID               ID     `json:"id,omitempty"`
	ShopOrderID      string `json:"shop_order_id,omitempty"`
	WarehouseAddress string `json:"warehouse_address,omitempty"`
}

// OrderState is a state an order enters (002 "Update the State of an
// Order", 003 "Optional Order Status Updates").
type OrderState struct {
	OrderID  string `json:"order_id,omitempty"`
	State    string `json:"state,omitempty"`
	Datetime string `json:"datetime,omitempty"`
	Location string `json:"location,omitempty"`
}

// OrderListOptions filters ListOrders; zero fields are left out.
type OrderListOptions struct {
	OrderID string
	State   string
	Limit   int
	Offset  int
}

// CreateOrder creates an order.
//
// Seven Senders API docs: 002 "Create an Order", 003 "Step 2. Create an Order".
func (c *Client) CreateOrder(ctx context.Context, o *Order) (*Order, error) {
	return doJSON[Order](ctx, c, http.MethodPost, pathOrders, o)
}

// GetOrder gets an order by its 7S id (the simulator also takes the
// merchant's order_id).
//
// Seven Senders API docs: 002 "Further Order Operations Available" (GET /orders/{id}).
func (c *Client) GetOrder(ctx context.Context, id string) (*Order, error) {
	return doJSON[Order](ctx, c, http.MethodGet, pathOrders+"/"+url.PathEscape(id), nil)
}

// ListOrders lists orders.
//
// Seven Senders API docs: 002 "Further Order Operations Available" (GET /orders).
func (c *Client) ListOrders(ctx context.Context, opt *OrderListOptions) ([]Order, error) {
	q := url.Values{}
	if opt != nil {
		setString(q, "order_id", opt.OrderID)
		setString(q, "state", opt.State)
		setInt(q, "limit", opt.Limit)
		setInt(q, "offset", opt.Offset)
	}
	return doList[Order](ctx, c, pathOrders, q)
}

// UpdateOrder updates an order partially: only the fields set in u are
// sent, as for boarding_complete (003 "Step 4. Boarding Complete").
//
// Seven Senders API docs: 002 "Update an order to provide the 'boarding complete' information".
func (c *Client) UpdateOrder(ctx context.Context, id string, u *Order) (*Order, error) {
	return doJSON[Order](ctx, c, http.MethodPut, pathOrders+"/"+url.PathEscape(id), u)
}

// DeleteOrder deletes an order.
//
// Seven Senders API docs: 002 "Further Order Operations Available" (DELETE /orders/{id}).
func (c *Client) DeleteOrder(ctx context.Context, id string) error {
	_, err := c.Do(ctx, http.MethodDelete, pathOrders+"/"+url.PathEscape(id), nil, nil)
	return err
}

// CreateOrderItem adds an item to the order with the merchant's
// orderID. It is not sent again after an ambiguous failure (see
// ErrNotRetried).
//
// Seven Senders API docs: 003 "Step 2.1. Order Items".
func (c *Client) CreateOrderItem(ctx context.Context, orderID string, it *Item) (*Item, error) {
	return doJSON[Item](ctx, c, http.MethodPost, pathOrders+"/"+url.PathEscape(orderID)+"/items", it)
}

// CreateOrderState records a state of an order. It is not sent again
// after an ambiguous failure (see ErrNotRetried).
//
// Seven Senders API docs: 002 "Update the State of an Order", 003 "Step 2.2. Optional Order Status Updates".
func (c *Client) CreateOrderState(ctx context.Context, s *OrderState) (*OrderState, error) {
	return doJSON[OrderState](ctx, c, http.MethodPost, "/order_states", s)
}

// doJSON sends body and decodes the answer into a new T.
func doJSON[T any](ctx context.Context, c *Client, method, path string, body any) (*T, error) {
	v := new(T)
	if _, err := c.Do(ctx, method, path, body, v); err != nil {
		return nil, err
	}
	return v, nil
}

// doList gets path with query q and decodes the JSON array answer.
func doList[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var list []T
	if _, err := c.Do(ctx, http.MethodGet, path, nil, &list); err != nil {
		return nil, err
	}
	return list, nil
}

// setString sets q[k] when v is not empty.
func setString(q url.Values, k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

// setInt sets q[k] when v is not zero.
func setInt(q url.Values, k string, v int) {
	if v != 0 {
		q.Set(k, strconv.Itoa(v))
	}
}
