package telegram

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// mention looks for our bot among the mentions Telegram marked in a
// message: a "mention" entity that reads "@<Username>", or a
// "text_mention" of a user without a username whose id is BotID. It
// returns the text without the mention, which is then what the person
// asks, and whether our bot was mentioned. Mentions of other people and
// "@name" typed without Telegram marking it do not count.
func (d *Decoder) mention(text string, entities []tgbotapi.MessageEntity) (rest string, ok bool) {
	for _, e := range entities {
		if e.Offset < 0 || e.Length <= 0 {
			continue
		}
		start, end := utf16Prefix(text, e.Offset), utf16Prefix(text, e.Offset+e.Length)
		if start >= end {
			continue
		}
		switch {
		case e.Type == "mention" && d.Username != "" &&
			strings.EqualFold(strings.TrimPrefix(text[start:end], "@"), strings.TrimPrefix(d.Username, "@")):
		case e.Type == "text_mention" && d.BotID != 0 && e.User != nil && e.User.ID == d.BotID:
		default:
			continue
		}
		rest = strings.TrimSpace(strings.TrimSpace(text[:start]) + " " + strings.TrimLeft(text[end:], " ,:"))
		return rest, true
	}
	return text, false
}
