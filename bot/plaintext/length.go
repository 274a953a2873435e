package plaintext

import (
	"unicode"
	"unicode/utf8"
)

// Length is the length of s as the limits of Zalo and Telegram count it: in
// UTF-16 code units. A character outside the Basic Multilingual Plane (most
// emoji) counts two; Vietnamese letters, precomposed or not, count one per
// code point. Since every code point counts at least one, a text within a
// limit by this count is also within it when counted in code points.
func Length(s string) int {
	n := 0
	for _, r := range s {
		n += units(r)
	}
	return n
}

// units is one character's length in UTF-16 code units; an invalid byte
// counts as the one replacement character it becomes.
func units(r rune) int {
	if r >= 0x10000 && r <= unicode.MaxRune {
		return 2
	}
	return 1
}

// prefix returns the byte length of the longest prefix of s that is at most
// limit code units long.
func prefix(s string, limit int) int {
	n := 0
	for i, r := range s {
		if n += units(r); n > limit {
			return i
		}
	}
	return len(s)
}

// clusterStart backs a cut at byte i of s up so that it does not separate a
// letter from the combining marks, joiners or variation selectors that
// belong to it ("e" + U+0301, emoji ZWJ sequences). It never goes below
// floor; if it would, it returns i unchanged.
func clusterStart(s string, i, floor int) int {
	j := i
	for j > floor {
		next, _ := utf8.DecodeRuneInString(s[j:])
		prev, size := utf8.DecodeLastRuneInString(s[:j])
		if !clings(next) && prev != zwj {
			return j
		}
		j -= size
	}
	return i
}

const zwj = '\u200D'

// clings reports a character that attaches to the one before it.
func clings(r rune) bool {
	return r == zwj || r >= 0xFE00 && r <= 0xFE0F || unicode.In(r, unicode.Mn, unicode.Me) ||
		r >= 0x1F3FB && r <= 0x1F3FF // skin tone modifiers
}
