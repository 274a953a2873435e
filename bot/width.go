package bot

import "unicode"

// DisplayWidth estimates how many columns a label takes on a phone screen:
// Chinese, Korean and Japanese characters and emoji are about twice as wide
// as Latin letters, so "16 characters" of Korean do not fit where 16 Latin
// letters do. Buttons and the staff roster table are laid out with it.
func DisplayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r < 0x0300: // Latin and most Vietnamese letters
			w++
		case r == 0xFE0F || r == 0x200D:
			// emoji presentation selector and joiner take no room
		case r >= 0x1F1E6 && r <= 0x1F1FF:
			w++ // a flag is two regional indicators, two columns in all
		case wide(r):
			w += 2
		case unicode.Is(unicode.Mn, r):
			// combining marks sit on the letter before them
		default:
			w++
		}
	}
	return w
}

// wide reports East Asian wide characters and emoji.
func wide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0xA4CF, // CJK radicals … Yi, including kana and CJK ideographs
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFF00 && r <= 0xFF60, // fullwidth forms
		r >= 0x1F000:               // emoji and supplementary ideographs
		return true
	}
	return false
}
