package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/internal/perf"
)

// TestBatch ships six orders and a line that is no order, three at a
// time, against a simulator over loopback whose products exist (as in
// BenchmarkBatch): one line per order, the six ok, the seventh failed,
// and exit 1.
func TestBatch(t *testing.T) {
	root, err := perf.Root()
	if err != nil {
		t.Fatal(err)
	}
	shopFile := filepath.Join(root, "shops", "example.yaml")
	shop, err := perf.LoadShop(shopFile)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := perf.NewTarget(perf.Loopback, perf.SimOptions(shop.Settings)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tg.Close)
	if err := perf.WarmUp(context.Background(), root, shop, tg.Client(false)); err != nil {
		t.Fatal(err)
	}
	orders, err := perf.Orders(root, 6)
	if err != nil {
		t.Fatal(err)
	}
	input := filepath.Join(t.TempDir(), "orders.ndjson")
	if err := perf.WriteNDJSON(input, orders); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(input, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n{\"order_id\": \n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	getenv := func(string) string { return "" }
	code := run(context.Background(), []string{"-input", input, "-target", tg.Origin, "-parallel", "3", "-shop", shopFile}, getenv, &stdout, &stderr)
	if code != exitFailed {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFailed, stderr.String())
	}
	if want := "refbatch: 1 of 7 orders failed\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	var ok []string
	failed := 0
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		switch {
		case r.Status == "ok" && r.Error == "":
			ok = append(ok, r.OrderID.(string))
		case r.Status == "failed" && r.OrderID == nil && strings.HasPrefix(r.Error, "decode order: "):
			failed++
		default:
			t.Errorf("line %q", sc.Text())
		}
	}
	slices.Sort(ok)
	var want []string
	for _, o := range orders {
		want = append(want, o["order_id"].(string))
	}
	slices.Sort(want)
	if !slices.Equal(ok, want) || failed != 1 {
		t.Errorf("ok %q and %d failed, want ok %q and 1 failed", ok, failed, want)
	}
}

// TestUsage refuses a command without its input or target.
func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-parallel", "4"}, os.Getenv, &stdout, &stderr)
	if want := "refbatch: want -input FILE -target URL, and -parallel 1 or more\n"; code != exitUsage || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), exitUsage, want)
	}
}
