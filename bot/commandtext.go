package bot

import "strings"

// ParseCommand reads a command typed as text: "/name payload" or
// "/name@target payload", for channels that do not mark commands (Zalo,
// the web chat, and Telegram messages without entities). n is where the
// name (and target) end: the first space, or len(text). It returns the
// lowercase name, the target ("" when bare) and the trimmed payload; ok is
// false when text does not start with a well-formed name ("/ hello",
// "/đăng_ký" are plain text).
func ParseCommand(text string) (name, target, payload string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	n := strings.IndexAny(text, " \t\n\r")
	if n < 0 {
		n = len(text)
	}
	return ParseCommandAt(text, n)
}

// ParseCommandAt reads "/name[@target]" in text[:n] and the payload after
// it, for a channel that knows where the command ends (Telegram's
// bot_command entity).
func ParseCommandAt(text string, n int) (name, target, payload string, ok bool) {
	name, target, _ = strings.Cut(text[1:n], "@")
	if !ValidCommandName(name) {
		return "", "", "", false
	}
	return strings.ToLower(name), target, strings.TrimSpace(text[n:]), true
}

// ValidCommandName accepts Telegram's command alphabet (letters, digits,
// "_"; at most 64), which the engine's commands use on every channel.
func ValidCommandName(s string) bool {
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
