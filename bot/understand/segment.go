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
	sc          script
}

// segment returns the raw words (diacritics kept), the CJK runs and the
// script counts of s. Punctuation, emoji and symbols separate; apostrophes
// inside a word are dropped ("don't" → "dont"); digits next to a CJK run
// belong to it ("2级"); spaces inside a Hangul run are dropped.
func segment(s string) (words, runs []string, sc script) {
	g := &segmenter{}
	for _, r := range s {
		g.count(r)
		c := classOf(r)
		switch {
		case c == sep && (r == '\'' || r == '’') && g.kind == word:
			// inside a word: skip
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
		if g.kind == word {
			g.words = append(g.words, string(g.cur))
			if hasLatin(g.cur) {
				g.sc.latin++
			}
		} else {
			g.runs = append(g.runs, string(g.cur))
		}
	}
	g.cur, g.kind, g.space = g.cur[:0], sep, false
}

func (g *segmenter) count(r rune) {
	switch {
	case unicode.Is(unicode.Han, r):
		g.sc.han++
	case unicode.Is(unicode.Hangul, r):
		g.sc.hangul++
	}
}

func hasLatin(rs []rune) bool {
	for _, r := range rs {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return len(rs) > 0
}
