package sevensenders

import (
	"context"
	"net/http"
	"net/url"
)

// Label formats.
const (
	FormatPDF    = "pdf"
	FormatZPL    = "zpl"
	FormatZPL300 = "zpl300"
)

// LabelRequest creates a shipment and its label: the shipment's fields,
// the file format, and with the synchronous approach the order inline.
type LabelRequest struct {
	Shipment
	Format string `json:"format,omitempty"`
	Order  *Order `json:"order,omitempty"`
}

// Label is a created label.
type Label struct {
	ID           ID     `json:"id"`
	ShipmentID   ID     `json:"shipment_id,omitempty"`
	OrderID      string `json:"order_id,omitempty"`
	Format       string `json:"format,omitempty"`
	TrackingCode string `json:"tracking_code,omitempty"`
	DownloadURL  string `json:"download_url,omitempty"`
	CreatedAt    string `json:"created_at,omitempty"`
}

// LabelFile is a downloaded label: a PDF (application/pdf) or ZPL
// (text/plain).
type LabelFile struct {
	ContentType string
	Data        []byte
}

// CreateLabel creates a shipment and its label. After an ambiguous
// failure it reads the shipment back by reference_number or
// tracking_code and returns the label the shipment names.
//
// Seven Senders API docs: 000 "Workflow: Synchronous Order and Labels Creation" (POST Labels).
func (c *Client) CreateLabel(ctx context.Context, r *LabelRequest) (*Label, error) {
	return doJSON[Label](ctx, c, http.MethodPost, pathLabels, r)
}

// DownloadLabel gets the file of the label with the given id.
//
// Seven Senders API docs: 000 "Label Workflow" (GET Label-Download).
func (c *Client) DownloadLabel(ctx context.Context, id string) (*LabelFile, error) {
	var data []byte
	resp, err := c.Do(ctx, http.MethodGet, "/label-download/"+url.PathEscape(id), nil, &data)
	if err != nil {
		return nil, err
	}
	return &LabelFile{ContentType: resp.Header.Get("Content-Type"), Data: data}, nil
}
