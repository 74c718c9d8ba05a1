package sevensenders

import (
	"bytes"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
)

// minSecret is the length below which a credential is not looked for in
// answers: a string that short (the simulator's access key "sim") would
// match words, and no real credential is that short.
const minSecret = 8

// maxOldTokens is how many tokens the client remembers after it has
// replaced them, so that an answer echoing an old one is redacted too.
const maxOldTokens = 4

// secrets are the credentials of a client that must not leave it in what
// it returns or reports: the access key and the tokens it has had.
type secrets struct {
	mu   sync.Mutex
	list []string // the access key first, then tokens, oldest first
}

// add remembers s, if it is long enough to look for.
func (ss *secrets) add(s string) {
	if len(s) < minSecret {
		return
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for _, x := range ss.list {
		if x == s {
			return
		}
	}
	ss.list = append(ss.list, s)
	// Keep the access key and the latest tokens.
	if len(ss.list) > maxOldTokens+2 {
		ss.list = append(ss.list[:1], ss.list[2:]...)
	}
}

// get returns the secrets to look for.
func (ss *secrets) get() []string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return append([]string(nil), ss.list...)
}

// redactBody returns data with every secret replaced by "[redacted]". It
// looks for them in the decoded text: a JSON body is decoded and each of
// its strings and keys searched, so that no escaped form (`\/`, `\u002f`,
// `\u0061`) hides a secret; it is encoded again only when one was found.
// Any other body is searched as text, as it is and decoded (redactText). It returns data itself when there is
// nothing to replace, which is the common case and costs one scan.
func redactBody(data []byte, list []string) []byte {
	if len(list) == 0 || len(data) == 0 || !mayHold(data, list) {
		return data
	}
	if v := decodeView(data); v != nil {
		out, changed := redactValue(v, list)
		if !changed {
			return data
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err == nil {
			return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
		}
		// Values decoded from JSON always encode again; if they did not,
		// the text search below still redacts.
	}
	s := string(data)
	if r := redactText(s, list); r != s {
		return []byte(r)
	}
	return data
}

// mayHold reports whether data may hold a secret in some form: as it is,
// or behind an escape of JSON (\), a URL (%) or HTML (&).
func mayHold(data []byte, list []string) bool {
	if bytes.ContainsAny(data, `\%&`) {
		return true
	}
	for _, s := range list {
		if bytes.Contains(data, []byte(s)) {
			return true
		}
	}
	return false
}

// redactValue replaces secrets in every string and key of a decoded JSON
// value, and reports whether it changed anything.
func redactValue(v any, list []string) (any, bool) {
	switch v := v.(type) {
	case string:
		r := redactText(v, list)
		return r, r != v
	case []any:
		changed := false
		for i, x := range v {
			if r, ok := redactValue(x, list); ok {
				v[i], changed = r, true
			}
		}
		return v, changed
	case map[string]any:
		changed := false
		out := make(map[string]any, len(v))
		for k, x := range v {
			r, ok := redactValue(x, list)
			rk := redactText(k, list)
			changed = changed || ok || rk != k
			out[rk] = r
		}
		return out, changed
	}
	return v, false
}

// redactText replaces each secret in s, as it is and in the decoded
// text: s with its JSON string escapes, URL %XX escapes and HTML
// entities decoded (tolerantly, so that text that is not quite any of
// them is decoded too). When the decoded text holds a secret, the decoded
// text is returned with it replaced.
func redactText(s string, list []string) string {
	out, _ := replaceSecrets(s, list)
	if r, ok := replaceSecrets(decodeText(out), list); ok {
		return r
	}
	return out
}

// replaceSecrets replaces each secret in s and reports whether there was
// one.
func replaceSecrets(s string, list []string) (string, bool) {
	found := false
	for _, sec := range list {
		if strings.Contains(s, sec) {
			s, found = strings.ReplaceAll(s, sec, redacted), true
		}
	}
	return s, found
}

// maxDecodes bounds how many layers of escapes decodeText takes off.
const maxDecodes = 3

// decodeText takes the escapes of JSON strings, URLs and HTML off s, a
// few layers deep.
func decodeText(s string) string {
	for range maxDecodes {
		d := html.UnescapeString(unescapePercent(unescapeJSON(s)))
		if d == s {
			break
		}
		s = d
	}
	return s
}

// unescapeJSON decodes the escapes of a JSON string in s (\/, \uXXXX,
// ...), leaving anything that is not one as it is.
func unescapeJSON(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
			i++
		case 'b', 'f', 'n', 'r', 't':
			b.WriteByte("\b\f\n\r\t"[strings.IndexByte("bfnrt", c)])
			i++
		case 'u':
			r, n := unescapeU(s[i:])
			if n == 0 {
				b.WriteByte(s[i])
				continue
			}
			b.WriteRune(r)
			i += n - 1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// unescapeU decodes the \uXXXX escape (or surrogate pair of two) that s
// begins with, and returns the rune and the bytes it took, 0 for none.
func unescapeU(s string) (rune, int) {
	r1, ok := hex4(s)
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(r1) {
		if r2, ok := hex4(s[6:]); ok {
			if r := utf16.DecodeRune(r1, r2); r != unicode.ReplacementChar {
				return r, 12
			}
		}
	}
	return r1, 6
}

// hex4 reads \uXXXX at the start of s.
func hex4(s string) (rune, bool) {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[2:6], 16, 32)
	return rune(n), err == nil
}

// unescapePercent decodes the %XX escapes of a URL in s, leaving a % that
// does not begin one as it is.
func unescapePercent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
