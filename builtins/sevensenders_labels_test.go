package builtins

import (
	"regexp"
	"testing"
)

func TestSevenSendersLabels(t *testing.T) {
	a := setupAPI(t)
	for _, format := range []string{"pdf", "zpl"} {
		t.Run(format, func(t *testing.T) {
			order := "ORD-" + format
			args := shipmentArgs(order, "TC-"+format)
			args["format"] = format
			args["order"] = orderArgs(order)
			l := a.object("sevensenders.create_label", args)
			if l["format"] != format || l["id"] == nil {
				t.Fatalf("create_label: %v", l)
			}
			f := a.object("sevensenders.download_label", map[string]any{"id": l["id"]})
			if f["id"] != l["id"] || f["format"] != format || f["size"].(int) == 0 ||
				!regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(f["sha256"].(string)) || f["content_type"] == "" {
				t.Fatalf("download_label: %v", f)
			}
		})
	}
}

func TestLabelFormat(t *testing.T) {
	for ct, want := range map[string]string{
		"application/pdf":             "pdf",
		"application/x-zpl":           "zpl",
		"text/plain; charset=utf-8":   "zpl",
		"application/octet-stream":    "",
		"":                            "",
		"application/pdf; name=x.pdf": "pdf",
	} {
		if got := labelFormat(ct); got != want {
			t.Errorf("labelFormat(%q) = %q, want %q", ct, got, want)
		}
	}
}
