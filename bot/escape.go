package bot

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Escape makes a user-supplied string safe to insert into a Telegram HTML
// message: it repairs invalid UTF-8 and escapes <, >, &, ' and ".
func Escape(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return html.EscapeString(s)
}
