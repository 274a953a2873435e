package plaintext

import (
	"strings"
	"unicode/utf8"
)

// MinLimit is the smallest limit Split and Render work with; smaller limits
// are raised to it, so that any single character fits in a message.
const MinLimit = 16

// Split cuts plain text into messages of at most limit UTF-16 code units
// (see Length; a limit of 0 or less means no limit, and limits below
// MinLimit are raised to it). Each cut falls at the last paragraph break
// (a blank line) that keeps the message at least half full, else at the
// last line break that does, else at the last space; only a word longer
// than the limit is cut inside, between two characters and never between a
// letter and its combining marks (unless one cluster alone is too long).
// The break where a cut falls is dropped, as are trailing blanks and
// messages that would be blank; the other text is kept as it is.
func Split(text string, limit int) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimRight(s, " \t\n"); strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	if limit <= 0 {
		add(text)
		return out
	}
	limit = max(limit, MinLimit)
	for s := text; s != ""; {
		if prefix(s, limit) == len(s) { // fits; prefix stops at the limit
			add(s)
			break
		}
		cut, next := cutPoint(s, limit)
		add(s[:cut])
		brk := s[cut:next]
		s = strings.TrimLeft(s[next:], "\n")
		if brk == " " || brk == "\t" {
			s = strings.TrimLeft(s, " \t") // more spaces at a word break
		}
	}
	return out
}

// cutPoint chooses where the next message of s ends (cut) and where the
// rest begins (next, past the break that is dropped).
func cutPoint(s string, limit int) (cut, next int) {
	end := prefix(s, limit) // s[:end] is the most that fits
	half := func(p int) bool { return 2*Length(s[:p]) >= limit }
	if p := strings.LastIndex(s[:min(end+2, len(s))], "\n\n"); p > 0 && half(p) {
		return p, p + 2
	}
	if p := strings.LastIndexByte(s[:min(end+1, len(s))], '\n'); p > 0 && half(p) {
		return p, p + 1
	}
	if p := strings.LastIndexAny(s[:min(end+1, len(s))], " \t\n"); p > 0 && strings.TrimSpace(s[:p]) != "" {
		return p, p + 1
	}
	// No break: one word is longer than the limit. clusterStart keeps
	// the cut off combining marks unless a single cluster fills the window.
	cut = clusterStart(s, end, 0)
	if cut == 0 { // cannot happen with limit ≥ MinLimit, but never loop
		_, cut = utf8.DecodeRuneInString(s)
	}
	return cut, cut
}
