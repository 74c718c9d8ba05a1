package sevensenders_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/sevensenders"
)

// A Secret prints REDACTED in every format, alone and inside a struct,
// and Reveal alone gives its value.
func TestSecretFormats(t *testing.T) {
	const value = "key/with+slash-0123456789"
	s := sevensenders.NewSecret(value)
	inStruct := struct{ Key sevensenders.Secret }{s}
	tests := []struct {
		name string
		got  func() string
		want string
	}{
		{"String", s.String, "REDACTED"},
		{"GoString", s.GoString, "REDACTED"},
		{"%v", func() string { return fmt.Sprintf("%v", s) }, "REDACTED"},
		{"%+v", func() string { return fmt.Sprintf("%+v", s) }, "REDACTED"},
		{"%#v", func() string { return fmt.Sprintf("%#v", s) }, "REDACTED"},
		{"%s", func() string { return fmt.Sprintf("%s", s) }, "REDACTED"},
		{"%q", func() string { return fmt.Sprintf("%q", s) }, `"REDACTED"`},
		{"%x", func() string { return fmt.Sprintf("%x", s) }, "REDACTED"},
		{"%d", func() string { return fmt.Sprintf("%d", s) }, "REDACTED"},
		{"struct %+v", func() string { return fmt.Sprintf("%+v", inStruct) }, "{Key:REDACTED}"},
		{"struct %#v", func() string { return fmt.Sprintf("%#v", inStruct) }, "struct { Key sevensenders.Secret }{Key:REDACTED}"},
		{"pointer %v", func() string { return fmt.Sprintf("%v", &s) }, "REDACTED"},
		{"json", func() string {
			b, err := json.Marshal(inStruct)
			if err != nil {
				return err.Error()
			}
			return string(b)
		}, `{"Key":"REDACTED"}`},
		{"slog text", func() string {
			var b bytes.Buffer
			slog.New(slog.NewTextHandler(&b, nil)).Info("token", "key", s, "in", inStruct)
			_, after, _ := strings.Cut(b.String(), "msg=")
			return strings.TrimSpace(after)
		}, "token key=REDACTED in={Key:REDACTED}"},
		{"slog json", func() string {
			var b bytes.Buffer
			slog.New(slog.NewJSONHandler(&b, nil)).Info("token", "key", s)
			_, after, _ := strings.Cut(b.String(), `"msg":`)
			return strings.TrimSpace(after)
		}, `"token","key":"REDACTED"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.got()
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if strings.Contains(got, "slash") {
				t.Errorf("the secret leaks: %s", got)
			}
		})
	}
	if s.Reveal() != value || s.IsZero() || !(sevensenders.Secret{}).IsZero() {
		t.Errorf("Reveal = %q, IsZero = %t", s.Reveal(), s.IsZero())
	}
}
