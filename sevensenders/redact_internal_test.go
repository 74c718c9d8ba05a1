package sevensenders

import "testing"

// redactBody finds a secret in the decoded text of an answer, whatever
// escapes hide it, and leaves an answer without one as it was.
func TestRedactBody(t *testing.T) {
	const key = "ak/9f+x=Q_0123" // has every character escaping touches
	list := []string{key, "eyJhbGciOi.tok.sig"}
	tests := []struct {
		name, body, want string
	}{
		{"none", `{"id":"1","note":"a\/b"}`, `{"id":"1","note":"a\/b"}`},
		{"plain", `{"message":"bad key ak/9f+x=Q_0123"}`, `{"message":"bad key [redacted]"}`},
		{"json slash", `{"message":"bad key ak\/9f+x=Q_0123"}`, `{"message":"bad key [redacted]"}`},
		{"json u002f", `{"message":"bad key ak\u002f9f\u002bx\u003dQ_0123"}`, `{"message":"bad key [redacted]"}`},
		{"json u002F letters", `{"m":"\u0061k\u002F9f+x=Q_0123"}`, `{"m":"[redacted]"}`},
		{"json key", `{"ak\/9f+x=Q_0123":1}`, `{"[redacted]":1}`},
		{"nested", `{"errors":[{"pointer":"/a","message":"token eyJhbGciOi.tok.sig"}],"n":1.50}`,
			`{"errors":[{"message":"token [redacted]","pointer":"/a"}],"n":1.50}`},
		{"text", `bad key ak/9f+x=Q_0123`, `bad key [redacted]`},
		{"text query", `bad key=ak%2F9f%2Bx%3DQ_0123`, `bad key=[redacted]`},
		{"text query lower", `bad key=ak%2f9f%2bx%3dQ_0123`, `bad key=[redacted]`},
		{"html", `<p>bad key ak/9f+x=Q_0123</p>`, `<p>bad key [redacted]</p>`},
		{"json escaped in text", `{"broken": "ak\/9f+x=Q_0123"`, `{"broken": "[redacted]"`},
		{"html entity", `<p>bad key ak&#x2F;9f+x=Q_0123</p>`, `<p>bad key [redacted]</p>`},
		{"mixed", `key ak/9f+x=Q_0123 and ak\u002f9f+x=Q_0123`, `key [redacted] and [redacted]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(redactBody([]byte(tc.body), list)); got != tc.want {
				t.Errorf("redactBody(%s)\n got %s\nwant %s", tc.body, got, tc.want)
			}
		})
	}
}

// A credential shorter than minSecret, such as the simulator's "sim", is
// not looked for: it would match words.
func TestSecretsShort(t *testing.T) {
	var ss secrets
	ss.add("sim")
	ss.add("a-long-enough-key")
	for i := range maxOldTokens + 3 {
		ss.add("token-number-" + string(rune('a'+i)))
	}
	got := ss.get()
	if len(got) != maxOldTokens+2 || got[0] != "a-long-enough-key" || got[len(got)-1] != "token-number-g" {
		t.Errorf("secrets = %q", got)
	}
}
