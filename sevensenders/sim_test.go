package sevensenders_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/sevensenders"
	"github.com/sevenflow/sevenflow/sevensenders/sim"
)

// t0 is the simulator's clock in these tests.
var t0 = time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)

// setupSim serves a simulator behind a base-path guard, wrapped by wrap
// if given, and returns a client of it.
func setupSim(t testing.TB, wrap func(http.Handler) http.Handler, opts ...sevensenders.Option) (*sevensenders.Client, *sim.Server) {
	t.Helper()
	srv := sim.New(sim.WithClock(t0), sim.WithSeed(1))
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(h)
	}
	mux := http.NewServeMux()
	mux.Handle("/v2/", h)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside /v2: %s %s", r.Method, r.URL)
		http.Error(w, "base path guard", http.StatusTeapot)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	base := []sevensenders.Option{
		sevensenders.WithAccessKey(sim.DefaultAccessKey),
		sevensenders.WithHTTPClient(ts.Client()),
		sevensenders.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
		sevensenders.WithClock(func() time.Time { return t0 }),
	}
	return sevensenders.NewClient(ts.URL+"/v2", append(base, opts...)...), srv
}

func ptr[T any](v T) *T { return &v }

func simShipment(orderID, tracking, ref string) sevensenders.Shipment {
	s := sevensenders.Shipment{
		OrderID: orderID, TrackingCode: tracking, ReferenceNumber: ref,
		RecipientFirstName: "Max", RecipientLastName: "Muster", RecipientEmail: "max@example.com",
		RecipientAddress: "Berliner Str. 4", RecipientZip: "WC2N 5DU", RecipientCity: "London", RecipientCountry: "GB",
		Weight: 1.2, PlannedPickupDatetime: "2024-01-16T15:47:00Z",
		WarehouseAddress: "Kochhannstr. 38 10247 Berlin", Warehouse: "Main Warehouse",
	}
	if tracking != "" {
		s.Carrier = &sevensenders.Carrier{Name: "dhl", Country: "DE"}
	}
	return s
}

func simCustoms(shipmentID, orderID string) *sevensenders.CustomsShipment {
	return &sevensenders.CustomsShipment{
		ShipmentID: shipmentID, OrderID: orderID, InvoiceID: "INV-1", InvoiceDate: "2024-01-15T10:10:10.933Z",
		Incoterm: "DDP", TrackingCode: "TC-1", PlannedPickupDatetime: "2024-01-16T15:47:00Z",
		DepartureCountry: "DE", DepartureCountryCustomsID: "DE123456789123456", ArrivalCountryCustomsID: "GB123456789000",
		NetWeight: ptr(230.0), GrossWeight: ptr(321.5), WeightUM: "G", DepartureCountryCurrency: "EUR",
		Recipient: &sevensenders.CustomsRecipient{FirstName: "Max", LastName: "Muster", Address: "Berliner Str. 4", City: "London", Zip: "WC2N 5DU", Country: "GB"},
		SKUs: []sevensenders.SKU{{
			ID: 1, CountryOfOrigin: "IN", DepartureCountryDescription: "T-Shirt gewirkt aus Baumwolle",
			LanguageDepartureCountryDescription: "de", PreferentialCode: 1, DepartureCountryTariffNumber: "61091000",
			ArrivalCountryDescription: "Cotton T-shirt", LanguageArrivalCountryDescription: "en",
			ArrivalCountryTariffNumber: "61091000", Qty: 2, Weight: ptr(115.0), WeightU: "G",
			NetValue: "39.95", SalesValue: "47.54", UPCCode: "116800711680",
		}},
	}
}

// TestSimulator runs every operation against the simulator over a real
// socket, in the order the documented workflows use them.
func TestSimulator(t *testing.T) {
	var mu sync.Mutex
	var calls []string
	obs := func(_ context.Context, x sevensenders.Exchange) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, x.Method+" "+x.Path)
	}
	c, _ := setupSim(t, nil, sevensenders.WithObserver(obs))
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// Orders (002, 003).
	o, err := c.CreateOrder(ctx, &sevensenders.Order{
		OrderID: "ORD-1", OrderDate: "2024-01-15T10:30:00Z", OrderURL: "https://shop.example.com/ORD-1", Language: "en",
		OrderTags:            map[string]string{"campaign": "summer_sale"},
		PromisedDeliveryDate: "2024-01-20T23:59:59Z",
		Recipient:            &sevensenders.Recipient{FirstName: "John", LastName: "Doe", Street: "Main Street", HouseNo: "123", City: "Berlin", ZipCode: "10115", Country: "DE"},
		OrderItems:           []sevensenders.OrderItem{{SKU: "TSHIRT-BLU-M", Quantity: 2, ItemValue: ptr(29.99), HSCode: "6109100010", Weight: ptr(180.0)}},
	})
	must(err)
	if o.ID == "" || o.State != "new" || o.Recipient == nil || len(o.OrderItems) != 1 || len(o.StatesHistory) != 1 {
		t.Fatalf("created order = %+v", o)
	}
	got, err := c.GetOrder(ctx, o.ID.String())
	must(err)
	if got.OrderID != "ORD-1" {
		t.Errorf("GetOrder = %+v", got)
	}
	list, err := c.ListOrders(ctx, &sevensenders.OrderListOptions{OrderID: "ORD-1", State: "new", Limit: 10, Offset: 0})
	must(err)
	if len(list) != 1 || list[0].ID != o.ID {
		t.Errorf("ListOrders = %+v", list)
	}
	_, err = c.CreateOrderState(ctx, &sevensenders.OrderState{OrderID: "ORD-1", State: "paid", Datetime: "2024-01-15T11:00:00Z", Location: "Berlin"})
	must(err)

	// Return Portal Pro: product, image, order item (001, 003).
	p, err := c.CreateProduct(ctx, &sevensenders.Product{SKU: "TSHIRT-BLUE-M", Name: "Basic Cotton T-Shirt", Price: ptr(29.99), Currency: "EUR", Returnable: ptr(true)})
	must(err)
	if p.ID == "" {
		t.Errorf("product = %+v", p)
	}
	img, err := c.AddProductImage(ctx, "TSHIRT-BLUE-M", &sevensenders.ProductImage{URL: "https://shop.example.com/images/tshirt.jpg", Position: 1})
	must(err)
	p, err = c.UpdateProduct(ctx, "TSHIRT-BLUE-M", &sevensenders.Product{Name: "Basic Cotton T-Shirt", Color: "Blue"})
	must(err)
	if p.Color != "Blue" || len(p.Images) != 1 {
		t.Errorf("updated product = %+v", p)
	}
	p, err = c.GetProduct(ctx, "TSHIRT-BLUE-M")
	must(err)
	if p.Name != "Basic Cotton T-Shirt" {
		t.Errorf("GetProduct = %+v", p)
	}
	it, err := c.CreateOrderItem(ctx, "ORD-1", &sevensenders.Item{SKU: "TSHIRT-BLUE-M", Name: "Basic Cotton T-Shirt", Returnable: ptr(true), SalesPrice: ptr(29.99), Currency: "EUR", Size: "M"})
	must(err)
	if it.ID == "" || it.ShopOrderID != "ORD-1" {
		t.Errorf("order item = %+v", it)
	}

	// Own label: a shipment (002).
	s := simShipment("ORD-1", "TRACK-1", "")
	sh, err := c.CreateShipment(ctx, &s)
	must(err)
	if sh.ID == "" || sh.Status != "new" || sh.Carrier == nil || sh.Carrier.Name != "dhl" {
		t.Fatalf("shipment = %+v", sh)
	}
	sh, err = c.UpdateShipment(ctx, sh.ID.String(), &sevensenders.Shipment{Comment: "Please be careful"})
	must(err)
	if sh.Comment != "Please be careful" {
		t.Errorf("updated shipment = %+v", sh)
	}
	got2, err := c.GetShipment(ctx, sh.ID.String())
	must(err)
	if got2.TrackingCode != "TRACK-1" {
		t.Errorf("GetShipment = %+v", got2)
	}
	ships, err := c.ListShipments(ctx, &sevensenders.ShipmentListOptions{OrderID: "ORD-1", TrackingCode: "TRACK-1", Limit: 5})
	must(err)
	if len(ships) != 1 {
		t.Errorf("ListShipments = %+v", ships)
	}
	hist, err := c.TrackingHistory(ctx, sh.ID.String())
	must(err)
	if len(hist) != 1 || hist[0].Status != "new" {
		t.Errorf("TrackingHistory = %+v", hist)
	}
	o, err = c.UpdateOrder(ctx, "ORD-1", &sevensenders.Order{BoardingComplete: ptr(true)})
	must(err)
	if o.BoardingComplete == nil || !*o.BoardingComplete || o.State != "shipped" {
		t.Errorf("updated order = %+v", o)
	}

	// 7S label, synchronous: the order travels inline (000).
	lr := &sevensenders.LabelRequest{
		Shipment: simShipment("ORD-2", "", "REF-2"),
		Format:   sevensenders.FormatPDF,
		Order:    &sevensenders.Order{OrderID: "ORD-2", OrderDate: "2024-01-15T10:30:00Z"},
	}
	lr.Carrier = &sevensenders.Carrier{Name: "dhl", Country: "DE"}
	l, err := c.CreateLabel(ctx, lr)
	must(err)
	if l.ID == "" || l.ShipmentID == "" || l.OrderID != "ORD-2" || l.Format != "pdf" || l.DownloadURL == "" {
		t.Fatalf("label = %+v", l)
	}
	f, err := c.DownloadLabel(ctx, l.ID.String())
	must(err)
	if f.ContentType != "application/pdf" || !bytes.HasPrefix(f.Data, []byte("%PDF")) {
		t.Errorf("label file: %s, %.8q", f.ContentType, f.Data)
	}
	lr.Shipment.ReferenceNumber, lr.Format = "REF-3", sevensenders.FormatZPL
	lr.Order = nil
	l2, err := c.CreateLabel(ctx, lr)
	must(err)
	f, err = c.DownloadLabel(ctx, l2.ID.String())
	must(err)
	if f.ContentType == "application/pdf" || !bytes.HasPrefix(f.Data, []byte("^XA")) {
		t.Errorf("zpl label file: %s, %.8q", f.ContentType, f.Data)
	}

	// Customs (004) and the manifest (000).
	cs, err := c.CreateCustomsShipment(ctx, simCustoms(sh.ID.String(), "ORD-1"))
	must(err)
	if cs.ShipmentID != sh.ID.String() || len(cs.SKUs) != 1 || cs.SKUs[0].NetValue != "39.95" {
		t.Fatalf("customs shipment = %+v", cs)
	}
	cs, err = c.UpdateCustomsShipment(ctx, sh.ID.String(), &sevensenders.CustomsShipment{Packaging: "PK"})
	must(err)
	if cs.Packaging != "PK" {
		t.Errorf("updated customs shipment = %+v", cs)
	}
	cs, err = c.GetCustomsShipment(ctx, sh.ID.String())
	must(err)
	if cs.InvoiceID != "INV-1" {
		t.Errorf("GetCustomsShipment = %+v", cs)
	}
	css, err := c.ListCustomsShipments(ctx, &sevensenders.CustomsListOptions{ShipmentID: sh.ID.String(), TrackingCode: "TC-1"})
	must(err)
	if len(css) != 1 {
		t.Errorf("ListCustomsShipments = %+v", css)
	}
	m, err := c.CreateManifest(ctx, &sevensenders.Manifest{ManifestID: "M-1", ShipmentIDs: []string{sh.ID.String()}, Pieces: 1})
	must(err)
	if m.ID == "" || m.CreatedAt == "" {
		t.Errorf("manifest = %+v", m)
	}
	m, err = c.GetManifest(ctx, "M-1")
	must(err)
	if len(m.ShipmentIDs) != 1 {
		t.Errorf("GetManifest = %+v", m)
	}
	err = c.DeleteCustomsShipment(ctx, sh.ID.String())
	var apiErr *sevensenders.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.Code != "locked" {
		t.Errorf("deleting a declared customs shipment: err = %v, want 409 locked", err)
	}

	// Directory and PUDO (001, 002).
	carriers, err := c.ListCarriers(ctx)
	must(err)
	if len(carriers) == 0 || carriers[0].Country == "" || len(carriers[0].Carriers) == 0 {
		t.Errorf("ListCarriers = %+v", carriers)
	}
	whs, err := c.ListWarehouses(ctx)
	must(err)
	if len(whs) == 0 || whs[0].Name != "Main Warehouse" {
		t.Errorf("ListWarehouses = %+v", whs)
	}
	near, err := c.PudoByCoordinates(ctx, sevensenders.PudoCoordinates{Latitude: 52.5323, Longitude: 13.3846, MaxDistance: 5000, Limit: 3})
	must(err)
	if len(near) == 0 || len(near) > 3 || near[0].ID != "PUDO-DE-001" {
		t.Errorf("PudoByCoordinates = %+v", near)
	}
	byAddr, err := c.PudoByAddress(ctx, sevensenders.PudoAddress{Country: "DE", Zip: "10115", City: "Berlin", Address: "Invalidenstr. 1", Limit: 2})
	must(err)
	if len(byAddr) == 0 || len(byAddr) > 2 {
		t.Errorf("PudoByAddress = %+v", byAddr)
	}
	all, err := c.PudoAll(ctx, "DE")
	must(err)
	if len(all) < len(byAddr) {
		t.Errorf("PudoAll = %d locations", len(all))
	}

	// Deletes.
	must(c.DeleteProductImage(ctx, "TSHIRT-BLUE-M", img.ID.String()))
	o9, err := c.CreateOrder(ctx, order("ORD-9"))
	must(err)
	s9 := simShipment("ORD-9", "TRACK-9", "")
	sh9, err := c.CreateShipment(ctx, &s9)
	must(err)
	_, err = c.CreateCustomsShipment(ctx, simCustoms(sh9.ID.String(), "ORD-9"))
	must(err)
	must(c.DeleteCustomsShipment(ctx, sh9.ID.String()))
	must(c.DeleteShipment(ctx, sh9.ID.String()))
	must(c.DeleteOrder(ctx, o9.ID.String()))
	if _, err := c.GetOrder(ctx, "ORD-9"); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("GetOrder after delete: err = %v, want 404", err)
	}
	_, err = c.CreateProduct(ctx, &sevensenders.Product{SKU: "SKU-9", Name: "Nine"})
	must(err)
	must(c.DeleteProduct(ctx, "SKU-9"))

	mu.Lock()
	defer mu.Unlock()
	if calls[0] != "POST /v2/token" {
		t.Errorf("first call %q, want the token call", calls[0])
	}
	for _, call := range calls[1:] {
		if call == "POST /v2/token" {
			t.Errorf("a second token call within the hour: %v", calls)
		}
	}
}
