package sevensenders

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
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
			_, err := NewClient(tc.base).ListOrders(t.Context(), nil)
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

func TestIDUnmarshal(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: `"abc"`, want: "abc"},
		{in: `1000001`, want: "1000001"},
		{in: `null`, want: ""},
		{in: `true`, wantErr: "id: want a string or a number, got true"},
		{in: `"x`, wantErr: "unexpected end of JSON input"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var id ID
			err := id.UnmarshalJSON([]byte(tc.in))
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || id.String() != tc.want {
				t.Errorf("ID = %q, %v; want %q", id, err, tc.want)
			}
		})
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
