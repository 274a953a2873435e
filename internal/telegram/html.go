package telegram

import (
	"html"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// tokKind classifies a piece of Telegram HTML.
type tokKind uint8

const (
	tokText  tokKind = iota // one character, or one entity such as &amp;
	tokOpen                 // <b>, <a href="...">
	tokClose                // </b>
	tokVoid                 // <br/>: markup that opens nothing
)

// token is a piece of HTML that must never be cut: a tag, an entity, or a
// single character (so surrogate pairs stay whole).
type token struct {
	start, end int // byte range in the source
	units      int // length in UTF-16 code units, as Telegram counts
	kind       tokKind
	name       string // lowercase tag name of tokOpen and tokClose
}

// maxEntity bounds what counts as an entity, so that a stray "&" never
// swallows a long run of text.
const maxEntity = 32

// tokenize cuts s into tokens. Anything that is not a well-formed tag or
// entity is text, one character at a time.
func tokenize(s string) []token {
	toks := make([]token, 0, utf8.RuneCountInString(s))
	for i := 0; i < len(s); {
		t := scanToken(s, i)
		toks = append(toks, t)
		i = t.end
	}
	return toks
}

func scanToken(s string, i int) token {
	switch s[i] {
	case '<':
		if t, ok := scanTag(s, i); ok {
			return t
		}
	case '&':
		if n := scanEntity(s[i:]); n > 0 {
			return token{start: i, end: i + n, units: n, kind: tokText}
		}
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return token{start: i, end: i + size, units: runeUnits(r), kind: tokText}
}

// scanTag reads "<name ...>", "</name>" or "<name/>" at s[i].
func scanTag(s string, i int) (token, bool) {
	j := i + 1
	kind := tokOpen
	if j < len(s) && s[j] == '/' {
		kind, j = tokClose, j+1
	}
	n := j
	for n < len(s) && isNameByte(s[n], n == j) {
		n++
	}
	if n == j {
		return token{}, false
	}
	gt := strings.IndexAny(s[n:], "<>")
	if gt < 0 || s[n+gt] != '>' {
		return token{}, false
	}
	end := n + gt + 1
	if kind == tokOpen && s[end-2] == '/' {
		kind = tokVoid
	}
	return token{start: i, end: end, units: utf16Len(s[i:end]), kind: kind, name: strings.ToLower(s[j:n])}, true
}

func isNameByte(c byte, first bool) bool {
	letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	return letter || !first && (c >= '0' && c <= '9' || c == '-')
}

// scanEntity returns the length of an entity ("&amp;", "&#39;") at the start
// of s, or 0.
func scanEntity(s string) int {
	for n := 1; n < len(s) && n <= maxEntity; n++ {
		c := s[n]
		switch {
		case c == ';':
			if n == 1 {
				return 0
			}
			return n + 1
		case c == '#' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		default:
			return 0
		}
	}
	return 0
}

// runeUnits is a character's length in UTF-16 code units; an invalid byte
// counts as the one replacement character it becomes.
func runeUnits(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}

// utf16Len is the length of s as Telegram counts message length.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

// utf16Prefix returns the byte length of the longest prefix of s that is at
// most units UTF-16 code units long (entity offsets count in UTF-16).
func utf16Prefix(s string, units int) int {
	n := 0
	for i, r := range s {
		if n += runeUnits(r); n > units {
			return i
		}
	}
	return len(s)
}

// plainText renders Telegram HTML as the plain text a client would show:
// for API fields without parse mode, such as callback answers.
func plainText(s string) string {
	var b strings.Builder
	for _, t := range tokenize(s) {
		if t.kind == tokText {
			b.WriteString(s[t.start:t.end])
		}
	}
	return html.UnescapeString(b.String())
}

// truncateUnits shortens s to at most limit UTF-16 units, marking the cut
// with an ellipsis.
func truncateUnits(s string, limit int) string {
	if utf16Len(s) <= limit {
		return s
	}
	return s[:utf16Prefix(s, limit-1)] + "…"
}
