package zalobot

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// Channel is the bot.Chat.Channel value of every Zalo Bot chat.
const Channel = bot.ChannelZaloBot

// ErrMalformedEvent is returned by Decode for a body that is not a JSON
// object. Only then should the webhook answer 400: any JSON object is
// acknowledged with 200, even one without the fields the bot needs, since
// Zalo might otherwise post it again and again (its retry policy is not
// documented).
var ErrMalformedEvent = errors.New("zalobot: malformed event")

// Webhook authenticates and decodes the events Zalo posts to the bot's
// webhook URL. It is safe for concurrent use.
type Webhook struct {
	secret [sha256.Size]byte // hash of the secret: compared in constant time
	log    *slog.Logger
}

// NewWebhook returns a Webhook for the secret given to setWebhook, which
// must pass ValidSecret. log (nil discards) gets one line per event the
// channel does not act on, with the event's name and never its content.
func NewWebhook(secret string, log *slog.Logger) (*Webhook, error) {
	if err := ValidSecret(secret); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Webhook{secret: sha256.Sum256([]byte(secret)), log: log}, nil
}

// ValidSecret checks a webhook secret: MinSecretLen to MaxSecretLen
// printable ASCII characters without spaces, so that it survives an HTTP
// header unchanged. Zalo itself accepts 8 to 256 characters.
func ValidSecret(secret string) error {
	if len(secret) < MinSecretLen || len(secret) > MaxSecretLen {
		return fmt.Errorf("zalobot: the webhook secret must be %d-%d characters, got %d", MinSecretLen, MaxSecretLen, len(secret))
	}
	for i := 0; i < len(secret); i++ {
		if c := secret[i]; c <= ' ' || c >= 0x7F {
			return errors.New("zalobot: the webhook secret must be printable ASCII without spaces")
		}
	}
	return nil
}

// Authenticate reports whether header, the value of the SecretHeader of a
// request, is the configured secret. It takes the same time whatever the
// header holds: both sides are hashed before a constant-time comparison,
// so not even the secret's length leaks.
func (w *Webhook) Authenticate(header string) bool {
	got := sha256.Sum256([]byte(header))
	return header != "" && subtle.ConstantTimeCompare(got[:], w.secret[:]) == 1
}

// Event is one decoded webhook event.
type Event struct {
	Name   string     // Zalo's event_name, e.g. EventText
	Update bot.Update // what the engine gets
	// NonText marks a message the bot cannot read (an image, a sticker, a
	// voice message, or content Zalo withholds): its Update is
	// bot.UpdateUnsupported with the chat, sender and id filled in, which
	// the engine answers with "I can read text only", at most once per
	// chat per bot.NoticeEvery.
	NonText bool
}

// Decode maps one webhook body to a bot.Update; see DecodeEvent.
func (w *Webhook) Decode(body []byte) (bot.Update, error) {
	ev, err := w.DecodeEvent(body)
	return ev.Update, err
}

// DecodeEvent maps one webhook body, with or without Zalo's
// {"ok":true,"result":{…}} envelope, to an Event. A text message becomes
// bot.UpdateText, or bot.UpdateCommand when it starts with "/name"; an
// image, sticker, voice or unsupported message bot.UpdateUnsupported; every
// other event, and one without a message id or a chat, or a text event
// without a text, comes back as bot.UpdateIgnored with a nil error. Every
// update carries Caps. The error (wrapping
// ErrMalformedEvent) is reserved for bodies that are not a JSON object.
// Strings are kept raw except that invalid UTF-8 is replaced; escaping is
// the caller's job, and so is the limit on the body's size. The update's
// ID, the idempotency key, is Zalo's message_id.
func (w *Webhook) DecodeEvent(body []byte) (Event, error) {
	top, ok := object(body)
	if !ok {
		return Event{}, fmt.Errorf("%w: not a JSON object", ErrMalformedEvent)
	}
	raw := parseEvent(unwrap(top))
	ev := Event{Name: clean(string(raw.EventName)), Update: bot.Update{Kind: bot.UpdateIgnored, Caps: Caps()}}
	m := raw.Message
	if m == nil {
		w.ignored(ev, "no message")
		return ev, nil
	}
	u := &ev.Update
	u.ID, u.Time, u.From = zalojson.ID(m.MessageID), eventTime(m.Date), user(m.From)
	u.Chat = chat(m.Chat, u.From.ID)
	switch {
	case u.ID == "" || u.Chat.ID == "":
		w.ignored(ev, "no message id or chat")
	case ev.Name == EventText:
		text(u, clean(string(m.Text)))
	case nonText(ev.Name):
		ev.NonText, u.Kind = true, bot.UpdateUnsupported
	default:
		w.ignored(ev, "event not handled")
	}
	return ev, nil
}

// nonText reports the events of messages the bot cannot read.
func nonText(name string) bool {
	switch name {
	case EventImage, EventSticker, EventVoice, EventUnsupported:
		return true
	}
	return false
}

// text maps a text message to a command or free text. A message with no
// text at all stays ignored.
func text(u *bot.Update, s string) {
	if s == "" {
		return
	}
	u.Text = s
	u.Addressed = u.Chat.Kind == bot.ChatPrivate
	// Zalo marks no commands, and has no user names to address a bot
	// by: a "@target" is dropped.
	name, _, payload, ok := bot.ParseCommand(s)
	if !ok {
		u.Kind = bot.UpdateText
		return
	}
	u.Kind, u.Command, u.Payload, u.Addressed = bot.UpdateCommand, name, payload, true
}

// ignored logs an event the channel does not act on: its name and kind of
// problem only, since events carry names and texts.
func (w *Webhook) ignored(ev Event, why string) {
	w.log.Info("zalobot: event ignored", "event", ev.Name, "reason", why, "message_id", ev.Update.ID)
}

// chat maps Zalo's chat. chat_type is PRIVATE or GROUP [O]; when it is
// missing or unknown, a chat whose id is the sender's is private and any
// other a group, where the bot never asks for personal data.
func chat(c rawChat, from bot.UserID) bot.Chat {
	out := bot.Chat{Channel: Channel, ID: zalojson.ID(c.ID)}
	if out.ID == "" {
		return bot.Chat{}
	}
	switch strings.ToUpper(string(c.ChatType)) {
	case "PRIVATE":
		out.Kind = bot.ChatPrivate
	case "GROUP":
		out.Kind = bot.ChatGroup
	default:
		out.Kind = bot.ChatGroup
		if from != "" && from.Native() == out.ID {
			out.Kind = bot.ChatPrivate
		}
	}
	return out
}

// user maps the sender. Zalo sends display_name or first_name depending on
// the version of its docs; Zalo gives no language hint.
func user(u rawUser) bot.User {
	name := string(u.DisplayName)
	if strings.TrimSpace(name) == "" {
		name = string(u.FirstName)
	}
	return bot.User{ID: bot.NewUserID(Channel, zalojson.ID(u.ID)), FirstName: clean(name), IsBot: u.IsBot}
}

// clean replaces invalid UTF-8. encoding/json already does so for what it
// decodes; this keeps the guarantee independent of how a string arrived.
func clean(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
