// Package terminal is the local chat channel: it reads what a person types
// in a terminal, turns it into bot updates, and prints the bot's replies as
// plain text with numbered choices instead of buttons.
package terminal

import (
	"html"
	"regexp"
	"strings"
)

var (
	linkTag = regexp.MustCompile(`<a\s+href="([^"]*)"\s*>(.*?)</a>`)
	anyTag  = regexp.MustCompile(`</?(b|i|u|s|code|pre|tg-spoiler|blockquote)>`)
)

// Plain turns Telegram HTML into terminal text: tags are dropped, links show
// their address, entities are decoded.
func Plain(s string) string {
	s = linkTag.ReplaceAllStringFunc(s, func(m string) string {
		p := linkTag.FindStringSubmatch(m)
		href, text := html.UnescapeString(p[1]), p[2]
		if strings.Contains(text, href) {
			return text
		}
		return text + " (" + href + ")"
	})
	s = anyTag.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}
