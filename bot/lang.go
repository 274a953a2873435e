package bot

import "strings"

// Lang is a language the bot speaks, as a lowercase BCP 47 primary tag.
type Lang string

// The languages eidbot speaks. Vietnamese is the default.
const (
	Vietnamese Lang = "vi"
	English    Lang = "en"
	Chinese    Lang = "zh" // Simplified Chinese
	Korean     Lang = "ko"
)

// Languages lists the supported languages in the order the language picker
// shows them.
var Languages = []Lang{Vietnamese, English, Chinese, Korean}

// PickLang maps a client's language hint (Telegram's language_code, a
// --lang flag, an Accept-Language tag) to a supported language. Every Chinese
// variant (zh-TW, zh-Hant, zh-HK) gets Simplified Chinese, since no
// Traditional file exists; anything unknown gets Vietnamese.
func PickLang(hint string) Lang {
	tag := strings.ToLower(strings.TrimSpace(hint))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	for _, l := range Languages {
		if string(l) == tag {
			return l
		}
	}
	return Vietnamese
}

// ParseLang reports the supported language named exactly by s.
func ParseLang(s string) (Lang, bool) {
	for _, l := range Languages {
		if string(l) == s {
			return l, true
		}
	}
	return "", false
}
