package bot

import "unicode"

// displayWidth estimates how many columns a label takes on a phone screen:
// Chinese, Korean and Japanese characters and emoji are about twice as wide
// as Latin letters, so "16 characters" of Korean do not fit where 16 Latin
// letters do.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == 0xFE0F, r == 0x200D:
			// combining marks and emoji joiners take no room of their own
		case r >= 0x1F1E6 && r <= 0x1F1FF:
			w++ // a flag is two regional indicators, two columns in all
		case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana),
			r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFF60, r >= 0x1F000:
			w += 2
		default:
			w++
		}
	}
	return w
}
