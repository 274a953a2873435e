package bot

import (
	"strings"
	"unicode"
)

// vietnameseBase maps each precomposed Vietnamese lowercase letter with a
// diacritic to its base letter: what people type on a keyboard without
// Telex or VNI ("khong" for "không"). Decomposed input (a letter followed
// by combining marks) is folded by dropping the marks.
var vietnameseBase = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd'}
	for base, letters := range map[rune]string{
		'a': "àáạảãâầấậẩẫăằắặẳẵ",
		'e': "èéẹẻẽêềếệểễ",
		'i': "ìíịỉĩ",
		'o': "òóọỏõôồốộổỗơờớợởỡ",
		'u': "ùúụủũưừứựửữ",
		'y': "ỳýỵỷỹ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// fold reduces a typed answer or a label to what matching compares:
// lowercase, Vietnamese letters without diacritics, every run of
// characters that are neither letters nor digits (spaces, punctuation,
// emoji) one space, no space at either end. "✅ Có, thẻ còn hạn!" folds to
// "co the con han". Han and Hangul are kept as they are.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if base, ok := vietnameseBase[r]; ok {
				r = base
			}
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// sameAnswer reports whether typed is label, typed as people type: in any
// case, with or without diacritics and the label's emoji.
func sameAnswer(typed, label string) bool {
	t := fold(typed)
	return t != "" && t == fold(label)
}
