package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// TestOpenTargetSim starts the in-process simulator, calls it through the
// registry's builtins over loopback HTTP, and stops it.
func TestOpenTargetSim(t *testing.T) {
	t.Parallel()
	e := &env{getenv: func(string) string { return "" }}
	for _, target := range []string{"", "sim", "SIM"} {
		t.Run("target="+target, func(t *testing.T) {
			opened, err := openTarget(context.Background(), e, target, simOptions(nil, simClock))
			if err != nil {
				t.Fatal(err)
			}
			client, closeFn := opened.client, opened.close
			reg, err := registry()
			if err != nil {
				t.Fatal(err)
			}
			b, ok := reg.Call("sevensenders.create_order")
			if !ok {
				t.Fatal("sevensenders.create_order is not registered")
			}
			var calls []string
			ctx := engine.WithRecorder(builtins.ContextWithClient(context.Background(), client), func(x engine.Exchange) {
				calls = append(calls, x.Method+" "+x.Path)
			})
			got, err := b.Call(ctx, map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z"})
			if err != nil {
				t.Fatal(err)
			}
			// The fixed seed makes the first id the same in every run.
			if o := got.(map[string]any); o["id"] != "1000001" || o["order_id"] != "ORD-1" {
				t.Fatalf("create_order: %v", o)
			}
			// A create looks its order up by the merchant's key first.
			if strings.Join(calls, ", ") != "POST /v2/token, GET /v2/orders, POST /v2/orders" {
				t.Fatalf("exchanges: %v", calls)
			}
			closeFn()
			// The client retries a refused connection; a short deadline
			// ends that.
			short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			if _, err := b.Call(short, map[string]any{"order_id": "ORD-2", "order_date": "2024-01-15T10:30:00Z"}); err == nil {
				t.Fatal("the simulator still answers after close")
			}
		})
	}
}

func TestOpenTarget(t *testing.T) {
	const hint = "use --target sim (the default, no credentials needed), or export SEVENSENDERS_ACCESS_KEY for uat, prod or a URL"
	tests := []struct {
		name     string
		target   string
		key      string
		insecure bool
		err      string // the whole error; "" for a client
	}{
		{"uat with key", "uat", "k", false, ""},
		{"prod with key", "prod", "k", false, ""},
		{"production with key", "production", "k", false, ""},
		{"uat without key", "uat", "", false, "--target uat needs the access key in SEVENSENDERS_ACCESS_KEY"},
		{"prod without key", "prod", "", false, "--target prod needs the access key in SEVENSENDERS_ACCESS_KEY"},
		{"remote URL without key", "https://api.example.com", "", false, "--target https://api.example.com needs the access key in SEVENSENDERS_ACCESS_KEY"},
		{"remote URL with key", "https://api.example.com/v2", "k", false, ""},
		{"loopback URL without key", "http://127.0.0.1:7070", "", false, ""},
		{"localhost URL without key", "http://localhost:7070/v2", "", false, ""},
		{"IPv6 loopback without key", "http://[::1]:7070", "", false, ""},
		{"unknown", "staging", "k", false, `unknown --target "staging": want sim, uat, prod or an http(s) URL`},
		{"ftp", "ftp://example.com", "k", false, `unknown --target "ftp://example.com": want sim, uat, prod or an http(s) URL`},
		{"plain HTTP elsewhere", "http://api.example.com", "k", false, "--target http://api.example.com: plain HTTP to a host that is not loopback would send the access key and the orders in clear"},
		{"plain HTTP elsewhere, insecure", "http://api.example.com", "k", true, ""},
		{"plain HTTP to a LAN address", "http://192.168.1.20:7070", "k", false, "--target http://192.168.1.20:7070: plain HTTP to a host that is not loopback would send the access key and the orders in clear"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &env{getenv: func(k string) string {
				if k == "SEVENSENDERS_ACCESS_KEY" {
					return tc.key
				}
				return ""
			}}
			var opts []sevensenders.Option
			if tc.insecure {
				opts = append(opts, sevensenders.WithInsecure())
			}
			opened, err := openTargetWith(context.Background(), e, tc.target, nil, opts...)
			if tc.err == "" {
				if err != nil || opened.client == nil || opened.close == nil {
					t.Fatalf("got %v, %v", opened, err)
				}
				opened.close()
				return
			}
			if err == nil || err.Error() != tc.err {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
			wantHint := hint
			if strings.Contains(tc.err, "plain HTTP") {
				wantHint = insecureHint
			}
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != exitInvalid || ee.hint != wantHint {
				t.Fatalf("error %#v is not a usage error with the hint", err)
			}
		})
	}
}

// TestRegistryWithoutClient checks that the sevensenders.* builtins are
// there for compile and lint, and fail when called without a client.
func TestRegistryWithoutClient(t *testing.T) {
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	b, ok := reg.Call("sevensenders.get_order")
	if !ok {
		t.Fatal("sevensenders.get_order is not registered")
	}
	_, err = b.Call(context.Background(), map[string]any{"id": "1"})
	const want = "sevensenders.get_order: no Seven Senders target configured"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}
