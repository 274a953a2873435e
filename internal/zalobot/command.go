package zalobot

import "strings"

// command is a parsed "/name payload" message.
type command struct {
	name    string // lowercase, without "/"
	payload string // the rest, trimmed
}

// parseCommand reads a text that starts with a well-formed "/name", as the
// Telegram channel does for messages without entities: Zalo marks no
// commands. A "@mention" after the name is dropped, since Zalo has no
// usernames to address a bot by. "/ hello" or "/đăng_ký" are plain text.
func parseCommand(text string) (command, bool) {
	if !strings.HasPrefix(text, "/") {
		return command{}, false
	}
	n := strings.IndexAny(text, " \t\n\r")
	if n < 0 {
		n = len(text)
	}
	name, _, _ := strings.Cut(text[1:n], "@")
	if !validCommandName(name) {
		return command{}, false
	}
	return command{name: strings.ToLower(name), payload: strings.TrimSpace(text[n:])}, true
}

// validCommandName accepts Telegram's command alphabet, which the engine's
// commands use.
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
