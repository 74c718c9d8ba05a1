package sevensenders

import (
	"fmt"
	"log/slog"
	"strconv"
)

// redactedText is what a Secret prints as, in every format.
const redactedText = "REDACTED"

// Secret holds a credential, the access key or a token, so that it cannot
// be printed by mistake: String, GoString, every fmt verb (%v, %+v, %#v,
// %s, %q, ...), slog and encoding/json all give REDACTED. Only Reveal
// gives the value, where it is sent. The zero Secret is empty.
type Secret struct {
	v string
}

// NewSecret returns a Secret holding v.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the value, to put it where it belongs: the body of
// POST /token, or an Authorization header.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.v == "" }

// String returns REDACTED.
func (s Secret) String() string { return redactedText }

// GoString returns REDACTED, for %#v.
func (s Secret) GoString() string { return redactedText }

// Format writes REDACTED for every verb, quoted for %q.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = f.Write([]byte(strconv.Quote(redactedText)))
		return
	}
	_, _ = f.Write([]byte(redactedText))
}

// LogValue returns REDACTED, for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redactedText) }

// MarshalJSON returns "REDACTED", quoted.
func (s Secret) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(redactedText)), nil
}

// MarshalText returns REDACTED, for encoders that use encoding.TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redactedText), nil }

var (
	_ fmt.Stringer   = Secret{}
	_ fmt.GoStringer = Secret{}
	_ fmt.Formatter  = Secret{}
	_ slog.LogValuer = Secret{}
)
