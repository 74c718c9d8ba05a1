package sim

import (
	"bytes"
	"fmt"
	"strings"
)

// labelInfo is what a label file shows.
type labelInfo struct {
	tracking, orderID, carrier string
	recipient                  []string // name, address, zip and city, country
}

func labelInfoOf(sh Object) labelInfo {
	info := labelInfo{tracking: str(sh, "tracking_code"), orderID: str(sh, "order_id"), carrier: "Seven Senders"}
	if c, isObj := sh["carrier"].(Object); isObj {
		info.carrier = strings.ToUpper(str(c, "name")) + " " + str(c, "country")
	}
	lines := []string{
		strings.TrimSpace(str(sh, "recipient_first_name") + " " + str(sh, "recipient_last_name")),
		str(sh, "recipient_company_name"),
		str(sh, "recipient_address"),
		strings.TrimSpace(str(sh, "recipient_zip") + " " + str(sh, "recipient_city")),
		strings.ToUpper(str(sh, "recipient_country")),
	}
	for _, l := range lines {
		if l != "" {
			info.recipient = append(info.recipient, l)
		}
	}
	return info
}

// pdfLabel renders a 4x6 inch label as a one-page PDF 1.4 written by hand,
// with a correct cross-reference table so that any reader opens it.
func pdfLabel(info labelInfo) []byte {
	var content bytes.Buffer
	text := func(font string, size, x, y int, s string) {
		fmt.Fprintf(&content, "BT /%s %d Tf %d %d Td (%s) Tj ET\n", font, size, x, y, pdfEscape(s))
	}
	text("F1", 16, 20, 400, "Seven Senders")
	text("F1", 10, 20, 384, info.carrier)
	text("F1", 9, 20, 356, "SHIP TO:")
	for i, l := range info.recipient {
		text("F1", 12, 20, 340-i*15, l)
	}
	text("F1", 9, 20, 240, "Order: "+info.orderID)
	// A Code128-like bar pattern of the tracking code: bars 1-3 units wide.
	x := 20.0
	for _, b := range []byte(info.tracking) {
		for bit := range 3 {
			w := float64(int(b>>(2*bit))&3+1) * 0.8
			fmt.Fprintf(&content, "%.1f 130 %.1f 90 re f\n", x, w)
			x += w * 2
		}
	}
	text("F2", 12, 20, 112, info.tracking)

	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return out.Bytes()
}

// pdfEscape makes s a PDF literal string body: backslash, parentheses
// escaped, anything outside printable ASCII replaced by '?'.
func pdfEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == '(' || r == ')':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 32 || r > 126:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// zplLabel renders the label as ZPL II for a 4x6 inch printer of dpi 203
// (zpl) or 300 (zpl300, with ^JMA and scaled coordinates).
func zplLabel(info labelInfo, dpi int) []byte {
	sc := func(n int) int { return n * dpi / 203 }
	var b strings.Builder
	b.WriteString("^XA\n^CI28\n")
	if dpi == 300 {
		b.WriteString("^JMA\n")
	}
	fmt.Fprintf(&b, "^PW%d\n^LL%d\n", sc(812), sc(1218))
	field := func(x, y, h int, s string) {
		fmt.Fprintf(&b, "^FO%d,%d^A0N,%d,%d^FD%s^FS\n", sc(x), sc(y), sc(h), sc(h), zplEscape(s))
	}
	field(40, 40, 50, "Seven Senders")
	field(40, 100, 30, info.carrier)
	field(40, 170, 25, "SHIP TO:")
	for i, l := range info.recipient {
		field(40, 205+i*40, 35, l)
	}
	field(40, 460, 25, "Order: "+info.orderID)
	fmt.Fprintf(&b, "^FO%d,%d^BY%d^BCN,%d,Y,N,N^FD%s^FS\n", sc(40), sc(560), sc(3), sc(200), zplEscape(info.tracking))
	b.WriteString("^XZ\n")
	return []byte(b.String())
}

// zplEscape keeps ZPL control characters out of field data.
func zplEscape(s string) string {
	return zplControls.Replace(s)
}

// zplControls are the characters ZPL reads as commands.
var zplControls = strings.NewReplacer("^", " ", "~", " ")
