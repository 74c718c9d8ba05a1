package sevensenders

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzResponse feeds arbitrary answers to the code that reads 7S
// responses: the error body, the observer's view and the decoded result.
// None may panic, and an error answer always becomes an *APIError that
// keeps its status.
func FuzzResponse(f *testing.F) {
	f.Add(400, "application/json", []byte(`{"code":"invalid","message":"bad","errors":[{"field":"order_id","message":"required"}]}`))
	f.Add(201, "application/json", []byte(`{"id":"1","iri":"/v2/orders/1"}`))
	f.Add(500, "text/html", []byte("<html>oops</html>"))
	f.Add(200, "application/pdf", []byte("%PDF-1.4"))
	f.Add(429, "application/json", []byte(`{"message":`+strings.Repeat("[", 500)))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		status = 100 + abs(status)%500
		err := checkResponse(http.MethodPost, "/v2/orders", status, http.Header{"Content-Type": {contentType}}, body, time.Unix(0, 0))
		if status >= 200 && status < 300 {
			if err != nil {
				t.Fatalf("a %d answer is an error: %v", status, err)
			}
		} else {
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != status {
				t.Fatalf("a %d answer gave %v", status, err)
			}
		}
		_ = decodeView(body)
		_ = responseView(contentType, body)
		var out map[string]any
		_ = decodeInto(body, &out)
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}
