package zalooa

import "strings"

// command is a parsed "/name payload" message.
type command struct {
	name    string // lowercase, without "/"
	payload string // the rest, trimmed
}

// parseCommand reads a text that starts with a well-formed "/name" (the
// alphabet of Telegram's commands, which the engine's commands use). Zalo
// marks no commands; "/ hello" or "/đăng_ký" are plain text, and an
// "@mention" after the name is dropped.
func parseCommand(text string) (command, bool) {
	if !strings.HasPrefix(text, "/") {
		return command{}, false
	}
	n := strings.IndexAny(text, " \t\n\r")
	if n < 0 {
		n = len(text)
	}
	name, _, _ := strings.Cut(text[1:n], "@")
	if name == "" || len(name) > 64 {
		return command{}, false
	}
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return command{}, false
		}
	}
	return command{name: strings.ToLower(name), payload: strings.TrimSpace(text[n:])}, true
}
