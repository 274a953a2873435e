package telegram

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
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
	var n int
	if len(entities) > 0 {
		e := entities[0]
		if e.Type != "bot_command" || e.Offset != 0 || e.Length < 2 {
			return command{}, false
		}
		n = utf16Prefix(text, e.Length)
	} else {
		n = strings.IndexAny(text, " \t\n\r")
		if n < 0 {
			n = len(text)
		}
	}
	name, target, _ := strings.Cut(text[1:n], "@")
	if !validCommandName(name) {
		return command{}, false
	}
	return command{name: strings.ToLower(name), target: target, payload: strings.TrimSpace(text[n:])}, true
}

// validCommandName accepts Telegram's command alphabet, with some slack on
// the length: Telegram itself decides what it marks as a command.
func validCommandName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
