package engine

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// text masks each learned value in s, where it is a whole word, in any
// case. Most strings hold none: each learned value is looked for with
// strings.Index in s lower-cased, which costs far less than a regular
// expression; the longest value wins where two overlap.
func (k *masker) text(s string) string {
	if k == nil || len(k.learned) == 0 || s == "" {
		return s
	}
	lower := strings.ToLower(s) // s itself when it has no upper case
	if len(lower) != len(s) {
		// A letter whose lower case has another length: positions in
		// lower are not those in s.
		return k.textFolded(s)
	}
	if k.sorted == nil {
		k.sorted = make([]string, 0, len(k.learned))
		for v := range k.learned {
			k.sorted = append(k.sorted, v)
		}
		slices.SortFunc(k.sorted, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	}
	var found []span
	for _, v := range k.sorted {
		for at := 0; at < len(lower); {
			i := strings.Index(lower[at:], v)
			if i < 0 {
				break
			}
			start, end := at+i, at+i+len(v)
			if wordEdge(s, start, end) && !overlaps(found, start, end) {
				found = append(found, span{start, end, k.learned[v]})
			}
			at = start + 1
		}
	}
	if found == nil {
		return s
	}
	slices.SortFunc(found, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	done := 0
	for _, f := range found {
		b.WriteString(s[done:f.start])
		b.WriteString(f.token)
		done = f.end
	}
	b.WriteString(s[done:])
	return b.String()
}

// span is where a learned value is in a string, and its token.
type span struct {
	start, end int
	token      string
}

// overlaps reports whether [start, end) overlaps a span of found.
func overlaps(found []span, start, end int) bool {
	for _, f := range found {
		if start < f.end && f.start < end {
			return true
		}
	}
	return false
}

// textFolded is text for a string whose lower case changes its length:
// a case-insensitive regular expression of the learned values, longest
// first.
func (k *masker) textFolded(s string) string {
	if k.re == nil {
		vals := make([]string, 0, len(k.learned))
		for v := range k.learned {
			vals = append(vals, regexp.QuoteMeta(v))
		}
		slices.SortFunc(vals, func(a, b string) int { return len(b) - len(a) })
		k.re = regexp.MustCompile(`(?i)` + strings.Join(vals, "|"))
	}
	var b strings.Builder
	rest, done := s, 0
	for {
		loc := k.re.FindStringIndex(rest[done:])
		if loc == nil {
			break
		}
		start, end := done+loc[0], done+loc[1]
		t, ok := k.learned[strings.ToLower(rest[start:end])]
		if !ok || !wordEdge(rest, start, end) {
			_, n := utf8.DecodeRuneInString(rest[start:])
			b.WriteString(rest[done : start+n])
			done = start + n
			continue
		}
		b.WriteString(rest[done:start])
		b.WriteString(t)
		done = end
	}
	if done == 0 {
		return s
	}
	b.WriteString(rest[done:])
	return b.String()
}

// wordEdge reports whether s[start:end] is a whole word: neither side
// touches a letter or digit.
func wordEdge(s string, start, end int) bool {
	if r, _ := utf8.DecodeLastRuneInString(s[:start]); start > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	return true
}
