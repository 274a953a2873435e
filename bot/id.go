package bot

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Channel names. A channel is one way people reach the bot; every chat and
// user id is qualified by the channel it belongs to, because the same
// string may name different people on two platforms.
const (
	ChannelTelegram = "tg"  // Telegram Bot API
	ChannelZaloBot  = "zb"  // Zalo Bot Platform
	ChannelZaloOA   = "zo"  // Zalo Official Account
	ChannelWeb      = "web" // the embeddable web chat
	ChannelTerminal = "cli" // the local terminal chat
)

// UserID identifies a person on one channel: the channel name, a colon and
// the platform's own id as a string, e.g. "tg:12345" or "zb:e4ea2cd5189d".
// Ids are strings because Zalo's are hexadecimal and web visitors' random;
// the zero value means nobody (the system, or the admin API).
type UserID string

// NewUserID qualifies a platform's user id with its channel.
func NewUserID(channel, id string) UserID {
	if id == "" {
		return ""
	}
	return UserID(channel + ":" + id)
}

// ParseUserID reads a configured or typed user id. A bare number is a
// Telegram id, as EIDBOT_ADMIN_IDS and /grant took before other channels
// existed; anything else must be channel:id.
func ParseUserID(s string) (UserID, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n <= 0 {
			return "", false
		}
		return NewUserID(ChannelTelegram, s), true
	}
	ch, id, ok := strings.Cut(s, ":")
	if !ok || !validChannel(ch) || id == "" || len(id) > 128 || strings.ContainsAny(id, " \t\n{}|,") {
		return "", false
	}
	return UserID(s), true
}

// validChannel reports whether ch is a channel name the bot knows.
func validChannel(ch string) bool {
	switch ch {
	case ChannelTelegram, ChannelZaloBot, ChannelZaloOA, ChannelWeb, ChannelTerminal:
		return true
	}
	return false
}

// Channel is the channel part of the id.
func (u UserID) Channel() string {
	ch, _, _ := strings.Cut(string(u), ":")
	return ch
}

// Native is the platform's own id, without the channel.
func (u UserID) Native() string {
	_, id, _ := strings.Cut(string(u), ":")
	return id
}

// PrivateChat is the person's private chat with the bot. On every channel
// the bot has, a private chat has its user's id.
func (u UserID) PrivateChat() Chat {
	return Chat{Channel: u.Channel(), ID: u.Native(), Kind: ChatPrivate}
}

// UnmarshalJSON also reads the bare Telegram user ids (JSON numbers) that
// records written before ids were qualified hold; 0 is nobody.
func (u *UserID) UnmarshalJSON(b []byte) error {
	s, err := stringOrNumber(b)
	switch {
	case err != nil:
		return err
	case len(b) > 0 && b[0] != '"':
		if s == "0" {
			s = ""
		}
		*u = NewUserID(ChannelTelegram, s)
	default:
		*u = UserID(s)
	}
	return nil
}

// UpdateIDs lists update ids. Records written before ids were strings hold
// them as JSON numbers; both read the same.
type UpdateIDs []string

// UnmarshalJSON reads strings and, from older records, numbers.
func (ids *UpdateIDs) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(UpdateIDs, len(raw))
	for i, r := range raw {
		s, err := stringOrNumber(r)
		if err != nil {
			return err
		}
		out[i] = s
	}
	*ids = out
	return nil
}

// stringOrNumber reads a JSON string, or a JSON number as its text.
func stringOrNumber(r json.RawMessage) (string, error) {
	if len(r) > 0 && r[0] != '"' {
		var n json.Number
		err := json.Unmarshal(r, &n)
		return n.String(), err
	}
	var s string
	err := json.Unmarshal(r, &s)
	return s, err
}
