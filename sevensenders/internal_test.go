package sevensenders

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBaseURL(t *testing.T) {
	tests := []struct {
		target, want, wantErr string
	}{
		{target: "uat", want: UATBaseURL},
		{target: "UAT", want: UATBaseURL},
		{target: "prod", want: ProdBaseURL},
		{target: "production", want: ProdBaseURL},
		{target: "http://127.0.0.1:7070", want: "http://127.0.0.1:7070/v2"},
		{target: "http://127.0.0.1:7070/", want: "http://127.0.0.1:7070/v2"},
		{target: "https://proxy.example.com/7s/v2/", want: "https://proxy.example.com/7s/v2"},
		{target: "sim", wantErr: `target "sim": want uat, prod or an http(s) URL`},
		{target: "ftp://example.com", wantErr: `target "ftp://example.com": want uat, prod or an http(s) URL`},
		{target: "http://", wantErr: `target "http://": want uat, prod or an http(s) URL`},
		{target: "http://a b", wantErr: `target "http://a b": want uat, prod or an http(s) URL`},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			got, err := BaseURL(tc.target)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("BaseURL(%q) = %q, %v; want %q", tc.target, got, err, tc.want)
			}
		})
	}
}

func TestDefaultHTTPClient(t *testing.T) {
	c := NewClient(UATBaseURL, WithHTTPClient(nil))
	tr, ok := c.hc.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport is %T", c.hc.Transport)
	}
	if tr.ResponseHeaderTimeout != 30*time.Second || c.hc.Timeout != 0 {
		t.Errorf("response header timeout %v, overall timeout %v; want 30s and none", tr.ResponseHeaderTimeout, c.hc.Timeout)
	}
	if c.userAgent != "sevenflow-sevensenders" || c.retry != DefaultRetryPolicy() {
		t.Errorf("user agent %q, retry %+v", c.userAgent, c.retry)
	}
}

func TestNewClientBadBaseURL(t *testing.T) {
	tests := []struct{ base, wantErr string }{
		{"127.0.0.1:7070/v2", `base URL: parse "127.0.0.1:7070/v2": first path segment in URL cannot contain colon`},
		{"/v2", `base URL "/v2": want an absolute http(s) URL`},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			_, err := NewClient(tc.base).Do(t.Context(), http.MethodGet, "/orders", nil, nil)
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *APIError
		want string
	}{
		{
			name: "field errors",
			err: &APIError{StatusCode: 422, Method: "POST", Path: "/v2/customs/shipments", Message: "invalid",
				Errors: []FieldError{{"/skus/0/net_value", "required"}, {"/incoterm", "must be one of DAP, DDP"}}},
			want: "POST /v2/customs/shipments: 422 Unprocessable Entity: /skus/0/net_value: required; /incoterm: must be one of DAP, DDP",
		},
		{
			name: "message",
			err:  &APIError{StatusCode: 409, Method: "DELETE", Path: "/v2/customs/shipments/7", Message: "declared in manifest M-1"},
			want: "DELETE /v2/customs/shipments/7: 409 Conflict: declared in manifest M-1",
		},
		{
			name: "bare",
			err:  &APIError{StatusCode: 503, Method: "GET", Path: "/v2/orders"},
			want: "GET /v2/orders: 503 Service Unavailable",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCheckResponse(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	long := make([]byte, 300)
	for i := range long {
		long[i] = 'x'
	}
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   *APIError
	}{
		{name: "ok", status: 201},
		{
			name: "422", status: 422,
			body: `{"code":"validation_failed","message":"/skus/0/net_value: required","errors":[{"pointer":"/skus/0/net_value","message":"required"}]}`,
			want: &APIError{StatusCode: 422, Method: "POST", Path: "/v2/x", Code: "validation_failed", Message: "/skus/0/net_value: required",
				Errors: []FieldError{{"/skus/0/net_value", "required"}}},
		},
		{
			name: "retry-after date", status: 503, header: http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}},
			body: "busy",
			want: &APIError{StatusCode: 503, Method: "POST", Path: "/v2/x", Message: "busy", RetryAfter: 90 * time.Second},
		},
		{
			name: "long body", status: 500, header: http.Header{"Retry-After": {"soon"}}, body: string(long),
			want: &APIError{StatusCode: 500, Method: "POST", Path: "/v2/x", Message: string(long[:200]) + "..."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.header
			if h == nil {
				h = http.Header{}
			}
			err := checkResponse("POST", "/v2/x", tc.status, h, []byte(tc.body), now)
			if tc.want == nil {
				if err != nil {
					t.Errorf("err = %v, want nil", err)
				}
				return
			}
			got, ok := err.(*APIError)
			if !ok {
				t.Fatalf("err = %#v, want *APIError", err)
			}
			gb, _ := json.Marshal(got)
			wb, _ := json.Marshal(tc.want)
			if string(gb) != string(wb) {
				t.Errorf("got  %s\nwant %s", gb, wb)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{now.Add(time.Minute).Format(http.TimeFormat), time.Minute, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"tomorrow", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseRetryAfter(tc.in, now)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	p := DefaultRetryPolicy()
	tests := []struct {
		n    int
		r    float64
		want time.Duration
	}{
		{1, 1, 500 * time.Millisecond},
		{2, 1, time.Second},
		{3, 0.5, time.Second},
		{4, 1, 4 * time.Second},
		{7, 1, 30 * time.Second}, // 32 s capped
		{40, 1, 30 * time.Second},
		{1, 0, 0},
	}
	for _, tc := range tests {
		if got := p.backoff(tc.n, tc.r); got != tc.want {
			t.Errorf("backoff(%d, %v) = %v, want %v", tc.n, tc.r, got, tc.want)
		}
	}
}

// TestDelay: the policy alone says whether and how long to wait.
func TestDelay(t *testing.T) {
	p := DefaultRetryPolicy()
	tests := []struct {
		name     string
		n        int
		apiErr   *APIError
		budgeted bool
		want     time.Duration
		ok       bool
	}{
		{"backoff", 2, nil, false, time.Second, true},
		{"last attempt", 4, nil, false, 0, false},
		{"past the last attempt, budgeted", 4, nil, true, 4 * time.Second, true},
		{"backoff capped, budgeted", 9, nil, true, 30 * time.Second, true},
		{"retry-after", 1, &APIError{RetryAfter: 7 * time.Second}, false, 7 * time.Second, true},
		{"retry-after too long", 1, &APIError{RetryAfter: 61 * time.Second}, false, 0, false},
		{"retry-after too long, budgeted", 5, &APIError{RetryAfter: 61 * time.Second}, true, 0, false},
		{"no retry-after", 1, &APIError{}, false, 500 * time.Millisecond, true},
	}
	for _, tc := range tests {
		if got, ok := p.delay(tc.n, 1, tc.apiErr, tc.budgeted); got != tc.want || ok != tc.ok {
			t.Errorf("%s: delay = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	got := RetryPolicy{MaxAttempts: 2}.withDefaults()
	want := RetryPolicy{Base: 500 * time.Millisecond, Cap: 30 * time.Second, MaxAttempts: 2, MaxRetryAfter: time.Minute}
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
}

func TestNotArrived(t *testing.T) {
	tests := []struct {
		name   string
		status int
		err    error
		want   bool
	}{
		{"429", 429, nil, true},
		{"503", 503, nil, false},
		{"dial", 0, &net.OpError{Op: "dial", Err: errors.New("refused")}, true},
		{"dns", 0, &net.DNSError{Err: "no such host", Name: "x"}, true},
		{"read", 0, &net.OpError{Op: "read", Err: errors.New("reset")}, false},
	}
	for _, tc := range tests {
		if got := notArrived(tc.status, tc.err); got != tc.want {
			t.Errorf("%s: notArrived = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestScalarString(t *testing.T) {
	if got := scalarString(json.Number("12")); got != "12" {
		t.Errorf("scalarString(12) = %q", got)
	}
	if got := scalarString(true); got != "" {
		t.Errorf("scalarString(true) = %q", got)
	}
}

// TestCompare covers what "matches" means for a create found again: only
// the fields the body sends, dates as instants, numbers by value, country
// codes in either case (002 "recipient_country": "de").
func TestCompare(t *testing.T) {
	stored := map[string]any{
		"id": json.Number("1000001"), "state": "shipped", "order_date": "2024-01-15T10:30:00Z",
		"weight": json.Number("1.2"), "net_value": "25.20", "recipient_country": "DE",
		"carrier": map[string]any{"name": "dhl", "country": "DE"}, "hs_code": "061091",
		"skus": []any{map[string]any{"id": json.Number("1"), "qty": json.Number("2")}},
		"url":  "https://shop.example.com/a?b=<c>",
	}
	tests := []struct {
		name string
		body map[string]any
		want string
	}{
		{"nothing sent", map[string]any{}, ""},
		{"same instant", map[string]any{"order_date": "2024-01-15T11:30:00+0100"}, ""},
		{"other instant", map[string]any{"order_date": "2024-01-15T10:30:01Z"}, `/order_date is "2024-01-15T10:30:00Z" there, "2024-01-15T10:30:01Z" in this run`},
		{"numbers", map[string]any{"weight": 1.20, "net_value": 25.2}, ""},
		{"number differs", map[string]any{"weight": 1.25}, `/weight is 1.2 there, 1.25 in this run`},
		{"decimal strings stay strings", map[string]any{"net_value": "25.2", "hs_code": "61091"},
			`/hs_code is "061091" there, "61091" in this run; /net_value is "25.20" there, "25.2" in this run`},
		{"country case", map[string]any{"recipient_country": "de", "carrier": map[string]any{"country": "de"}}, ""},
		{"other text case", map[string]any{"carrier": map[string]any{"name": "DHL"}}, `/carrier/name is "dhl" there, "DHL" in this run`},
		{"list shorter", map[string]any{"skus": []any{}}, `/skus/0 is {"id":1,"qty":2} there, absent in this run`},
		{"list longer", map[string]any{"skus": []any{map[string]any{"id": 1}, map[string]any{"id": 2}}}, `/skus/1 is absent there, {"id":2} in this run`},
		{"type differs", map[string]any{"carrier": "dhl"}, `/carrier is {"country":"DE","name":"dhl"} there, "dhl" in this run`},
		{"not escaped", map[string]any{"url": "https://shop.example.com/a?b=<d>"}, `/url is "https://shop.example.com/a?b=<c>" there, "https://shop.example.com/a?b=<d>" in this run`},
		{"absent", map[string]any{"a/b": true}, `/a~1b is absent there, true in this run`},
		{"empty is absent", map[string]any{"comment": "", "tags": []any{}, "tag": map[string]any{}}, ""},
		{"empty is not a value", map[string]any{"state": ""}, `/state is "shipped" there, "" in this run`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &Found{Name: "x", stored: stored, UpdatePath: "/x"}
			diffs, err := f.Compare(tc.body)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range diffs {
				got = append(got, d.String())
			}
			if strings.Join(got, "; ") != tc.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, "; "), tc.want)
			}
		})
	}
}

func TestMatchPath(t *testing.T) {
	tests := []struct {
		path, op string
		params   map[string]string
	}{
		{"/orders", "create_order", map[string]string{}},
		{"/order/", "create_order", map[string]string{}},
		{"/order-states?x=1", "create_order_state", map[string]string{}},
		{"/orders/ORD%2F1/items", "create_order_item", map[string]string{"order_id": "ORD/1"}},
		{"/product/SKU-1/image", "create_product_image", map[string]string{"sku": "SKU-1"}},
		{"/customs/manifest", "create_customs_manifest", map[string]string{}},
		{"/carriers", "", nil},
		{"/orders//items", "", nil},
	}
	for _, tc := range tests {
		op, params, ok := createFor(tc.path)
		if op.Name != tc.op || ok != (tc.op != "") || fmt.Sprint(params) != fmt.Sprint(tc.params) {
			t.Errorf("createFor(%q) = %s, %v, %v; want %s, %v", tc.path, op.Name, params, ok, tc.op, tc.params)
		}
	}
}

// TestEscapePointer escapes a key as a pointer token and back, and
// escaping a key with neither "~" nor "/" costs no allocation: every key
// of a create's body is escaped.
func TestEscapePointer(t *testing.T) {
	for key, tok := range map[string]string{"order_id": "order_id", "a/b": "a~1b", "~x/": "~0x~1", "~1": "~01", "": ""} {
		if got := escapePointer(key); got != tok {
			t.Errorf("escapePointer(%q) = %q, want %q", key, got, tok)
		}
		if got := unescapePointer(tok); got != key {
			t.Errorf("unescapePointer(%q) = %q, want %q", tok, got, key)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = escapePointer("order_id") }); n != 0 {
		t.Errorf("escapePointer(%q): %v allocations, want 0", "order_id", n)
	}
}
