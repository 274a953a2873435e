package understand

import "unicode"

// class is the kind of a character for cutting text into words and runs.
type class int

const (
	sep class = iota
	word
	han
	hangul
)

func classOf(r rune) class {
	switch {
	case isJamo(r):
		return sep
	case unicode.Is(unicode.Han, r):
		return han
	case unicode.Is(unicode.Hangul, r):
		return hangul
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r):
		return word
	}
	return sep
}

// segmenter cuts a lower-cased NFC text into words and CJK runs.
type segmenter struct {
	words, runs []string
	cur         []rune
	kind        class
	space       bool // a space was seen inside the current CJK run
	apos        int  // where an apostrophe was inside the current word, or 0
	sc          script
}

// segment returns the raw words (diacritics kept), the CJK runs and the
// script counts of s. Punctuation, emoji and symbols separate; apostrophes
// inside a word are dropped ("don't" → "dont"), and so are the English
// contractions and the possessive after one ("I'll" → "i", "it's" → "it",
// "we'd" → "we", "husband's" → "husband"), which would otherwise read as
// other words ("ill", "its", "wed"); digits next to a CJK run
// belong to it ("2级"); spaces inside a Hangul run are dropped.
func segment(s string) (words, runs []string, sc script) {
	g := &segmenter{}
	for _, r := range s {
		g.count(r)
		c := classOf(r)
		switch {
		case c == sep && (r == '\'' || r == '’') && g.kind == word:
			// inside a word: skip, and remember where for a contraction
			g.apos = len(g.cur)
		case c == sep && unicode.IsSpace(r) && (g.kind == han || g.kind == hangul):
			g.space = true
		case c == sep:
			g.flush()
		case c == word && unicode.IsDigit(r) && (g.kind == han || g.kind == hangul):
			g.cur = append(g.cur, r)
		case c == g.kind && !(g.space && c == han):
			g.cur = append(g.cur, r)
		case (c == han || c == hangul) && g.kind == word && allDigits(g.cur):
			g.kind = c
			g.cur = append(g.cur, r)
		case (c == han || c == hangul) && g.kind == word && trailingDigits(g.cur) > 0:
			// "vneid2级": the digits belong to the run ("2级"), not the word
			n := trailingDigits(g.cur)
			digits := append([]rune(nil), g.cur[len(g.cur)-n:]...)
			g.cur = g.cur[:len(g.cur)-n]
			g.flush()
			g.kind = c
			g.cur = append(append(g.cur, digits...), r)
		default:
			g.flush()
			g.kind = c
			g.cur = append(g.cur, r)
		}
		if c != sep {
			g.space = false
		}
	}
	g.flush()
	return g.words, g.runs, g.sc
}

func (g *segmenter) flush() {
	if len(g.cur) > 0 {
		if g.kind == word && g.apos > 0 && contractions[string(g.cur[g.apos:])] {
			g.cur = g.cur[:g.apos]
		}
		if g.kind == word {
			g.words = append(g.words, string(g.cur))
			if hasLatin(g.cur) {
				g.sc.latin++
			}
		} else {
			g.runs = append(g.runs, string(g.cur))
		}
	}
	g.cur, g.kind, g.space, g.apos = g.cur[:0], sep, false, 0
}

// contractions are the English endings after an apostrophe that segment
// drops: 'll, 'd, 've, 're, 'm and 's. "n't" stays: "dont" and "cant" are
// spelled out as "not" (spellings).
var contractions = set("ll", "d", "ve", "re", "m", "s")

func (g *segmenter) count(r rune) {
	switch {
	case unicode.Is(unicode.Han, r):
		g.sc.han++
	case unicode.Is(unicode.Hangul, r) && !isJamo(r):
		g.sc.hangul++
	}
}

// isJamo reports whether r is a lone Hangul letter (Hangul Compatibility
// Jamo, ㄱ to ㆎ). Typed alone they are not words but chat emoticons and
// laughter ("ㅠㅠ", "ㅋㅋ", "ㅎㅎ"): they separate, like emoji.
func isJamo(r rune) bool { return r >= 0x3131 && r <= 0x318E }

func hasLatin(rs []rune) bool {
	for _, r := range rs {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// trailingDigits is the number of digits rs ends in.
func trailingDigits(rs []rune) int {
	n := 0
	for n < len(rs) && unicode.IsDigit(rs[len(rs)-1-n]) {
		n++
	}
	return n
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return len(rs) > 0
}
