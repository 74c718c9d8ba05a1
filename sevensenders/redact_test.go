package sevensenders_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// slashKey is an access key with the character JSON may escape.
const slashKey = "ak/9f+x=Q_0123"

// echoAPI hands out the token tok for slashKey and answers every other
// request with answer, which may echo the key or the token.
func echoAPI(t *testing.T, tok string, answer func(w http.ResponseWriter, r *http.Request), opts ...sevensenders.Option) *sevensenders.Client {
	t.Helper()
	ts := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/token" {
			var body struct {
				AccessKey string `json:"access_key"`
			}
			_ = json.NewDecoder(r.Body).Decode(&body)
			if body.AccessKey != slashKey {
				// Echo the wrong key, escaped as some servers do.
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintf(w, `{"code":"unauthorized","message":"key %s is not valid"}`, strings.ReplaceAll(body.AccessKey, "/", `\/`))
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"token": tok})
			return
		}
		answer(w, r)
	})
	c, _ := newTestClient(t, ts, append([]sevensenders.Option{sevensenders.WithAccessKey(slashKey)}, opts...)...)
	return c
}

// Whatever an answer echoes, escaped or not, neither the error, the
// decoded result nor the observer sees the key or the token.
func TestRedactAnswers(t *testing.T) {
	const tok = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXkifQ.c2ln"
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr string
		wantOut string
	}{
		{"token in an error body", http.StatusUnprocessableEntity,
			`{"code":"invalid","message":"Bearer ` + tok + ` may not do this"}`,
			"GET /v2/orders: 422 Unprocessable Entity: Bearer [redacted] may not do this", ""},
		{"key escaped as \\/", http.StatusBadRequest,
			`{"message":"account ak\/9f+x=Q_0123 is locked"}`,
			"GET /v2/orders: 400 Bad Request: account [redacted] is locked", ""},
		{"key escaped as \\u002f", http.StatusBadRequest,
			`{"message":"account ak\u002f9f\u002Bx=Q_0123 is locked"}`,
			"GET /v2/orders: 400 Bad Request: account [redacted] is locked", ""},
		{"key URL-escaped in a text body", http.StatusForbidden,
			`upstream refused ak%2F9f%2Bx%3DQ_0123`,
			"GET /v2/orders: 403 Forbidden: upstream refused [redacted]", ""},
		{"token in a result", http.StatusOK,
			`[{"order_id":"ORD-1","note":"by ` + strings.ReplaceAll(tok, ".", `\u002e`) + `"}]`,
			"", `[{"note":"by [redacted]","order_id":"ORD-1"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var seen []string
			obs := sevensenders.WithObserver(func(_ context.Context, x sevensenders.Exchange) {
				b, _ := json.Marshal(x)
				seen = append(seen, string(b))
			})
			c := echoAPI(t, tok, func(w http.ResponseWriter, _ *http.Request) {
				if strings.HasPrefix(tc.body, "{") || strings.HasPrefix(tc.body, "[") {
					w.Header().Set("Content-Type", "application/json")
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}, obs)
			var out json.RawMessage
			_, err := c.Do(t.Context(), http.MethodGet, "/orders", nil, &out)
			all := strings.Join(seen, "\n") + "\n" + string(out)
			if err != nil {
				all += "\n" + err.Error()
				if tc.wantErr != "" && err.Error() != tc.wantErr {
					t.Errorf("err = %q, want %q", err, tc.wantErr)
				}
			} else if tc.wantErr != "" {
				t.Errorf("no error, want %q", tc.wantErr)
			}
			if tc.wantOut != "" && string(out) != tc.wantOut {
				t.Errorf("result %s, want %s", out, tc.wantOut)
			}
			for _, secret := range []string{tok, slashKey, `ak\/9f`, `ak\u002f9f`, "ak%2F9f", "c2ln"} {
				if strings.Contains(all, secret) {
					t.Errorf("%q leaks in:\n%s", secret, all)
				}
			}
		})
	}
}

// A wrong key echoed by the token call, escaped, is in no error and no
// exchange: the answer to /token is a placeholder.
func TestRedactTokenAnswer(t *testing.T) {
	var seen []string
	obs := sevensenders.WithObserver(func(_ context.Context, x sevensenders.Exchange) {
		b, _ := json.Marshal(x)
		seen = append(seen, string(b))
	})
	const wrong = "wrong/key+0123456"
	c := echoAPI(t, "unused-token-0123", func(w http.ResponseWriter, _ *http.Request) {
		t.Error("a call was sent without a token")
	}, obs, sevensenders.WithAccessKey(wrong))
	err := listOrders(t.Context(), c)
	if want := "POST /v2/token: 401 Unauthorized: [redacted]"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	want := `{"Method":"POST","Path":"/v2/token","Status":401,"Attempt":1,"Request":{"access_key":"[redacted]"},"Response":{"code":"unauthorized","message":"[redacted]"},"Err":null}`
	if got := strings.Join(seen, "\n"); got != want {
		t.Errorf("exchanges\n got %s\nwant %s", got, want)
	}
}
