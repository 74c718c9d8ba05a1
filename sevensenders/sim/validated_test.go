package sim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/schemas"
)

// TestValidatedInProcess checks that a body its sender validated in this
// process, against the schema the route checks, is not validated again,
// and that any other note, or none, leaves validation as it was (over
// HTTP, the note never arrives).
func TestValidatedInProcess(t *testing.T) {
	c := setup(t, WithMode(Strict))
	post := func(ctx context.Context, body string) int {
		req := httptest.NewRequest(http.MethodPost, "/v2/orders", strings.NewReader(body)).WithContext(ctx)
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		c.srv.ServeHTTP(w, req)
		return w.Code
	}
	bad := `{"order_id": "ORD-V1"}` // no order_date
	if got := post(context.Background(), bad); got != http.StatusUnprocessableEntity {
		t.Errorf("without a note: %d, want 422", got)
	}
	if got := post(schemas.WithValidated(context.Background(), "shipment"), bad); got != http.StatusUnprocessableEntity {
		t.Errorf("noted for another schema: %d, want 422", got)
	}
	good := `{"order_id": "ORD-V2", "order_date": "2024-01-15T10:30:00Z"}`
	if got := post(schemas.WithValidated(context.Background(), "order"), good); got != http.StatusCreated {
		t.Errorf("noted for its schema: %d, want 201", got)
	}
}
