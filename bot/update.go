package bot

import (
	"encoding/json"
	"time"
)

// ChatKind tells a private conversation from a group one. The bot never asks
// for personal answers outside a private chat.
type ChatKind string

// Chat kinds.
const (
	ChatPrivate ChatKind = "private"
	ChatGroup   ChatKind = "group" // groups and supergroups
	ChatChannel ChatKind = "channel"
)

// Chat identifies one conversation on one channel.
type Chat struct {
	Channel string   // ChannelTelegram, ChannelZaloBot, …
	ID      string   // the channel's own chat id, e.g. "12345" or "-100987"
	Kind    ChatKind // private, group or channel
}

// Key is the chat's stable storage key, e.g. "tg:12345". Stores use it as the
// owner of every record kept about the chat.
func (c Chat) Key() string { return c.Channel + ":" + c.ID }

// IsZero reports whether c names no chat (an inline message's button).
func (c Chat) IsZero() bool { return c.ID == "" }

// UnmarshalJSON also reads records written before chat ids were strings,
// when Telegram's numeric id was stored as a JSON number.
func (c *Chat) UnmarshalJSON(b []byte) error {
	var raw struct {
		Channel string
		ID      json.RawMessage
		Kind    ChatKind
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	id := ""
	if len(raw.ID) > 0 && string(raw.ID) != "null" {
		var err error
		if id, err = stringOrNumber(raw.ID); err != nil {
			return err
		}
	}
	*c = Chat{Channel: raw.Channel, ID: id, Kind: raw.Kind}
	return nil
}

// User is the person who sent an update.
type User struct {
	ID           UserID // qualified by channel, e.g. "tg:12345"
	FirstName    string // as the channel reports it; untrusted, escape before display
	LanguageCode string // the client's language hint, e.g. "zh-TW"
	IsBot        bool
}

// UpdateKind says what happened in a chat.
type UpdateKind string

// Update kinds. Channels map everything the bot does not act on to
// UpdateIgnored, which is acknowledged and otherwise dropped.
const (
	UpdateText       UpdateKind = "text"       // free text
	UpdateCommand    UpdateKind = "command"    // "/start payload"
	UpdateButton     UpdateKind = "button"     // an inline button was pressed
	UpdateContact    UpdateKind = "contact"    // a shared phone contact
	UpdateLocation   UpdateKind = "location"   // a shared location
	UpdateMembership UpdateKind = "membership" // the user blocked or unblocked the bot
	UpdateMigrate    UpdateKind = "migrate"    // a group became a supergroup
	UpdateIgnored    UpdateKind = "ignored"    // acknowledged, nothing to do
)

// Update is one event from a channel, already stripped of channel detail.
type Update struct {
	ID   string // unique per chat on its channel; the idempotency key
	Kind UpdateKind
	Chat Chat
	From User
	Time time.Time

	Text      string // UpdateText: the text; UpdateCommand: the whole message
	Command   string // UpdateCommand: lowercase name without "/" or "@bot"
	Payload   string // UpdateCommand: what follows the command, trimmed
	Addressed bool   // groups: a command to this bot, a mention of it, or a reply to its message
	// MessageID is the channel's id of the person's message, so that an
	// answer in a busy group can reply to it; 0 when unknown.
	MessageID int

	Button   *Press    // UpdateButton
	Contact  *Contact  // UpdateContact
	Location *Location // UpdateLocation

	Blocked   bool   // UpdateMembership: true when the user blocked the bot
	MigrateTo string // UpdateMigrate: the supergroup's new chat id

	// Caps is what the channel the update came through can do; nil means
	// everything the engine offers (buttons, contact and location
	// sharing, deep links), as on Telegram.
	Caps *Caps
}

// Press is an inline button press.
type Press struct {
	Data       string // the button's callback data
	CallbackID string // must be answered, see ReplyAnswer
	MessageID  int    // the message that carried the button; 0 if unknown
}

// Contact is a phone contact shared through the channel's contact button.
type Contact struct {
	Phone  string
	UserID UserID // the contact's user id; equals From.ID when people share their own
	Name   string
}

// Location is a point a user shared.
type Location struct {
	Lat, Lon float64
}
