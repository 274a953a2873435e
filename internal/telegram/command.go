package telegram

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

// command is a parsed "/name@target payload" message.
type command struct {
	name    string // lowercase, without "/"
	target  string // the bot named after "@", "" when bare
	payload string // the rest, trimmed
}

// parseCommand recognises a command the way Telegram marks it: a
// bot_command entity at offset 0. Telegram's own documentation examples
// carry no entities at all, so a message without entities that starts with
// a well-formed "/name" counts too.
func parseCommand(text string, entities []tgbotapi.MessageEntity) (command, bool) {
	if !strings.HasPrefix(text, "/") {
		return command{}, false
	}
	var name, target, payload string
	var ok bool
	if len(entities) > 0 {
		e := entities[0]
		if e.Type != "bot_command" || e.Offset != 0 || e.Length < 2 {
			return command{}, false
		}
		name, target, payload, ok = bot.ParseCommandAt(text, utf16Prefix(text, e.Length))
	} else {
		name, target, payload, ok = bot.ParseCommand(text)
	}
	return command{name: name, target: target, payload: payload}, ok
}
