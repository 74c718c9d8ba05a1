package sim

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func labelBody(orderID, ref, format string) Object {
	b := shipmentBody(orderID, "")
	delete(b, "tracking_code")
	b["reference_number"] = ref
	b["format"] = format
	return b
}

// TestLabels covers POST /v2/labels (synchronous and asynchronous), the
// 48-hour reuse, and GET /v2/label-download in every format.
func TestLabels(t *testing.T) {
	c := setup(t)
	// Asynchronous: the order exists.
	c.order("ORD-1")
	body := labelBody("ORD-1", "REF-1", "pdf")
	body["tracking_code"] = "TC-1"
	status, hdr, v := c.do("POST", "/v2/labels", body)
	l := v.(Object)
	if status != 201 || hdr.Get("Location") != "/v2/label-download/"+field(l, "id") || field(l, "format") != "pdf" ||
		field(l, "order_id") != "ORD-1" || field(l, "tracking_code") != "TC-1" || !strings.HasSuffix(field(l, "download_url"), "/v2/label-download/"+field(l, "id")) {
		t.Fatalf("POST /v2/labels: %d %v", status, v)
	}
	if got := c.state("ORD-1"); got != stateShipped {
		t.Fatalf("label creates the shipment: order %q", got)
	}
	// The same reference within 48 hours returns the same label.
	again := c.must(200, "POST", "/v2/label", body)
	if field(again, "id") != field(l, "id") {
		t.Fatalf("same reference: %v, want label %s", again, field(l, "id"))
	}
	c.advance("48h")
	body["tracking_code"] = "TC-1B"
	body["reference_number"] = "REF-1"
	if newer := c.must(201, "POST", "/v2/labels", body); field(newer, "id") == field(l, "id") {
		t.Fatalf("after 48 hours the label is new")
	}

	// Synchronous: the order comes inline.
	sync := labelBody("ORD-2", "REF-2", "zpl")
	sync["tracking_code"] = "TC-2"
	sync["order"] = orderBody("ORD-2")
	zl := c.must(201, "POST", "/v2/labels", sync)
	c.must(200, "GET", "/v2/orders/ORD-2", nil)

	tests := []struct {
		name    string
		body    Object
		status  int
		message string
	}{
		{"no order and none inline", labelBody("ORD-3", "REF-3", "pdf"), 422,
			`/order_id: order "ORD-3" does not exist; create it first or send it inline in "order"`},
		{"bad format", labelBody("ORD-1", "REF-4", "png"), 422, `request body breaks schema label: /format: must be one of "pdf", "zpl", "zpl300"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, v := c.do("POST", "/v2/labels", tc.body)
			if _, msg, _ := errorOf(v); status != tc.status || msg != tc.message {
				t.Fatalf("got %d %q, want %d %q", status, msg, tc.status, tc.message)
			}
		})
	}
	// The generated tracking code and the default format.
	gen := labelBody("ORD-1", "REF-5", "zpl300")
	delete(gen, "format")
	delete(gen, "reference_number")
	gen["tracking_code"] = "TC-5"
	if g := c.must(201, "POST", "/v2/labels", gen); field(g, "format") != "pdf" {
		t.Fatalf("default format: %v", g)
	}
	z3 := labelBody("ORD-1", "REF-6", "zpl300")
	z3["tracking_code"] = "TC-6"
	z3l := c.must(201, "POST", "/v2/labels", z3)

	pdf := c.download(field(l, "id"), "application/pdf")
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) || !bytes.Contains(pdf, []byte("(TC-1)")) {
		t.Fatalf("PDF label:\n%s", pdf)
	}
	checkPDF(t, pdf, "TC-1", "Max Muster")
	zpl := string(c.download(field(zl, "id"), "application/x-zpl"))
	if !strings.HasPrefix(zpl, "^XA\n") || !strings.HasSuffix(zpl, "^XZ\n") || !strings.Contains(zpl, "^FDTC-2^FS") || strings.Contains(zpl, "^JMA") {
		t.Fatalf("ZPL label:\n%s", zpl)
	}
	zpl300 := string(c.download(field(z3l, "id"), "application/x-zpl"))
	if !strings.Contains(zpl300, "^JMA\n") || !strings.Contains(zpl300, "^PW1200") {
		t.Fatalf("ZPL 300 dpi label:\n%s", zpl300)
	}
	c.must(404, "GET", "/v2/label-download/999", nil)
}

func (c *client) download(id, contentType string) []byte {
	c.t.Helper()
	status, hdr, v := c.do("GET", "/v2/label-download/"+id, nil)
	if status != 200 || hdr.Get("Content-Type") != contentType || !strings.HasPrefix(hdr.Get("Content-Disposition"), "attachment") {
		c.t.Fatalf("download %s: %d %q %v", id, status, hdr.Get("Content-Type"), v)
	}
	return v.([]byte)
}

// checkPDF opens the PDF with a real reader (qpdf, pdftotext) when one
// is installed.
func checkPDF(t *testing.T, pdf []byte, want ...string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "label.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
			t.Fatalf("qpdf --check: %v\n%s", err, out)
		}
	}
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command(pdftotext, path, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v\n%s", err, out)
		}
		for _, w := range want {
			if !strings.Contains(string(out), w) {
				t.Errorf("pdftotext output lacks %q:\n%s", w, out)
			}
		}
	}
}

// TestLabelFile covers the label text of a shipment without a carrier and
// the escaping of PDF and ZPL text.
func TestLabelFile(t *testing.T) {
	info := labelInfoOf(Object{"tracking_code": "T(1)", "recipient_first_name": "Jörg", "recipient_company_name": "A^B"})
	if info.carrier != "Seven Senders" {
		t.Errorf("carrier %q", info.carrier)
	}
	if got := pdfEscape(`a\b(c)ö`); got != `a\\b\(c\)?` {
		t.Errorf("pdfEscape = %q", got)
	}
	if got := zplEscape("A^B~C"); got != "A B C" {
		t.Errorf("zplEscape = %q", got)
	}
	checkPDF(t, pdfLabel(info), "T(1)")
}
