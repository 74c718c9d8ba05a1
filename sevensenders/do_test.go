package sevensenders_test

import (
	"errors"
	"net/http"
	"reflect"
	"sync"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// A 422 becomes an APIError with the API's code, message and field
// errors, and is not retried.
func TestAPIErrorFrom422(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"code":    "validation_failed",
			"message": "2 fields are invalid",
			"errors": []map[string]string{
				{"pointer": "/skus/0/net_value", "message": "required when recipient country is GB (or give total_net_value)"},
				{"pointer": "/incoterm", "message": "required"},
			},
		})
		return true
	}
	c, s := newTestClient(t, ts)
	_, err := c.Do(t.Context(), http.MethodPost, "/customs/shipments", map[string]any{"shipment_id": "1"}, nil)
	var apiErr *sevensenders.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %#v, want *APIError", err)
	}
	want := &sevensenders.APIError{
		StatusCode: 422, Method: "POST", Path: "/v2/customs/shipments", Code: "validation_failed", Message: "2 fields are invalid",
		Errors: []sevensenders.FieldError{
			{Pointer: "/skus/0/net_value", Message: "required when recipient country is GB (or give total_net_value)"},
			{Pointer: "/incoterm", Message: "required"},
		},
	}
	if !reflect.DeepEqual(apiErr, want) {
		t.Errorf("got  %+v\nwant %+v", apiErr, want)
	}
	wantText := "POST /v2/customs/shipments: 422 Unprocessable Entity: /skus/0/net_value: required when recipient country is GB (or give total_net_value); /incoterm: required"
	if err.Error() != wantText {
		t.Errorf("err = %q, want %q", err, wantText)
	}
	if f.count("POST /v2/customs/shipments") != 1 || len(s.get()) != 0 {
		t.Errorf("a 422 was retried")
	}
}

func TestDoErrors(t *testing.T) {
	f, ts := newFake(t)
	f.before = func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Path == "/v2/carriers" {
			writeJSON(w, http.StatusOK, map[string]any{"not": "a list"})
			return true
		}
		return false
	}
	c, _ := newTestClient(t, ts)
	tests := []struct {
		name    string
		do      func() error
		wantErr string
	}{
		{
			name: "encode",
			do: func() error {
				_, err := c.Do(t.Context(), "post", "orders", map[string]any{"f": func() {}}, nil)
				return err
			},
			wantErr: "POST /v2/orders: encode body: json: unsupported type: func()",
		},
		{
			name: "decode",
			do: func() error {
				var carriers []map[string]any
				_, err := c.Do(t.Context(), http.MethodGet, "/carriers", nil, &carriers)
				return err
			},
			wantErr: "GET /v2/carriers: decode answer: json: cannot unmarshal object into Go value of type []map[string]interface {}",
		},
		{
			name: "bad method",
			do: func() error {
				_, err := c.Do(t.Context(), "BAD METHOD", "/orders", nil, nil)
				return err
			},
			wantErr: `BAD METHOD /v2/orders: net/http: invalid method "BAD METHOD"`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); err == nil || err.Error() != tc.wantErr {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	var mu sync.Mutex
	var got []string
	ts := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("User-Agent"))
		mu.Unlock()
		if r.URL.Path == "/v2/token" {
			writeJSON(w, http.StatusOK, map[string]any{"token": "t"})
			return
		}
		writeJSON(w, http.StatusOK, []any{})
	})
	c, _ := newTestClient(t, ts, sevensenders.WithUserAgent("shop/1.0"))
	if _, err := c.Do(t.Context(), http.MethodGet, "/warehouses", nil, nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "shop/1.0" || got[1] != "shop/1.0" {
		t.Errorf("user agents %q", got)
	}
}
