package zalooa

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// Channel is the bot.Chat.Channel of every OA chat.
const Channel = bot.ChannelZaloOA

// ErrMalformedEvent is returned by Decode for a body that is not a JSON
// object. Any object is decoded, if only to an ignored event.
var ErrMalformedEvent = errors.New("zalooa: malformed event")

// EventKind says what an event asks of the bot.
type EventKind string

// Event kinds.
const (
	KindMessage  EventKind = "message"  // a text: Update is text or a command
	KindNonText  EventKind = "non_text" // an image, a sticker, a location, …: the bot reads text only
	KindFollow   EventKind = "follow"   // the user followed the OA: Update is the command "start"
	KindUnfollow EventKind = "unfollow" // the user unfollowed: Update is a membership update, blocked
	KindIgnored  EventKind = "ignored"  // an echo, a "seen", an unknown event: acknowledge and drop
)

// Event is one decoded webhook event.
type Event struct {
	Name string // Zalo's event_name
	Kind EventKind
	// Key is the idempotency key: the message id, or for events without
	// one (follow, unfollow) event name + ":" + user id + ":" + timestamp.
	// Empty for ignored events.
	Key       string
	UserID    string    // the user's Zalo id, as a string
	MessageID string    // the user's message id; "" for follow/unfollow
	Timestamp string    // Zalo's timestamp as sent (unix ms)
	Time      time.Time // the timestamp read; zero when missing
	Update    bot.Update
}

// NonText reports a message the bot cannot read: the engine should answer
// "I can read text only", at most once per NonTextNoticeInterval. Its
// Update is bot.UpdateIgnored with the chat, sender and id filled in.
func (e Event) NonText() bool { return e.Kind == KindNonText }

// OpensWindow reports an event that opens the user's reply window: any
// message the user sent, text or not, and a follow (FollowOpensWindow).
func (e Event) OpensWindow() bool {
	return e.Kind == KindMessage || e.Kind == KindNonText || e.Kind == KindFollow && FollowOpensWindow
}

// rawEvent is the part of an event body the channel reads [T].
type rawEvent struct {
	EventName zalojson.String `json:"event_name"`
	Timestamp zalojson.String `json:"timestamp"`
	Sender    struct {
		ID zalojson.String `json:"id"`
	} `json:"sender"`
	Follower struct {
		ID zalojson.String `json:"id"`
	} `json:"follower"`
	Message struct {
		MsgID zalojson.String `json:"msg_id"`
		Text  zalojson.String `json:"text"`
	} `json:"message"`
}

// Decode maps a webhook body to an Event. A user's text becomes a
// bot.UpdateText, or bot.UpdateCommand when it starts with "/name"; other
// messages of the user are KindNonText; follow and unfollow are kept; the
// OA's echoes (oa_send_*), "seen" and "received" notices and unknown
// events are KindIgnored, as is any event without a valid user id. Only a
// body that is not a JSON object fails (ErrMalformedEvent). Ids and
// timestamps stay strings; a member of the wrong type reads as missing.
// Decode does not authenticate: call Webhook.Verify first.
func Decode(body []byte) (Event, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return Event{}, fmt.Errorf("%w: not a JSON object", ErrMalformedEvent)
	}
	raw := parseEvent(top)
	ev := Event{Name: clean(string(raw.EventName)), Kind: KindIgnored, Timestamp: zalojson.ID(raw.Timestamp)}
	ev.Time = eventTime(ev.Timestamp)
	ev.Update = bot.Update{Kind: bot.UpdateIgnored}
	switch name := ev.Name; {
	case !validName(name):
		// Names go into idempotency keys: only Zalo's alphabet.
	case name == EventFollow || name == EventUnfollow:
		follow(&ev, zalojson.ID(raw.Follower.ID))
	case strings.HasPrefix(name, userSendPrefix):
		message(&ev, zalojson.ID(raw.Sender.ID), zalojson.ID(raw.Message.MsgID), clean(string(raw.Message.Text)))
	}
	return ev, nil
}

// parseEvent reads each member on its own, so that one of the wrong type
// costs only its own fields.
func parseEvent(top map[string]json.RawMessage) rawEvent {
	var ev rawEvent
	_ = json.Unmarshal(top["event_name"], &ev.EventName)
	_ = json.Unmarshal(top["timestamp"], &ev.Timestamp)
	_ = json.Unmarshal(top["sender"], &ev.Sender)
	_ = json.Unmarshal(top["follower"], &ev.Follower)
	_ = json.Unmarshal(top["message"], &ev.Message)
	return ev
}

// follow fills in a follow or unfollow. Without a user or a timestamp
// there is neither a chat nor an idempotency key: ignored.
func follow(ev *Event, user string) {
	if user == "" || ev.Timestamp == "" {
		return
	}
	ev.UserID = user
	ev.Key = ev.Name + ":" + user + ":" + ev.Timestamp
	u := base(ev, ev.Key)
	if ev.Name == EventFollow {
		ev.Kind = KindFollow
		u.Kind, u.Text, u.Command, u.Addressed = bot.UpdateCommand, "/start", "start", true
	} else {
		ev.Kind = KindUnfollow
		u.Kind, u.Blocked = bot.UpdateMembership, true
	}
	ev.Update = u
}

// message fills in a message of the user. A text event without text, or a
// message without an id or a timestamp to key it by, stays ignored.
func message(ev *Event, user, msgID, text string) {
	if user == "" {
		return
	}
	key := msgID
	if key == "" {
		if ev.Timestamp == "" {
			return
		}
		key = ev.Name + ":" + user + ":" + ev.Timestamp
	}
	ev.UserID, ev.MessageID = user, msgID
	u := base(ev, key)
	if ev.Name != EventUserSendText {
		ev.Kind, ev.Key, ev.Update = KindNonText, key, u
		return
	}
	if strings.TrimSpace(text) == "" {
		return
	}
	ev.Kind, ev.Key = KindMessage, key
	u.Text, u.Addressed, u.Kind = text, true, bot.UpdateText
	// Zalo marks no commands, and has no user names to address a bot
	// by: a "@target" is dropped.
	if name, _, payload, ok := bot.ParseCommand(text); ok {
		u.Kind, u.Command, u.Payload = bot.UpdateCommand, name, payload
	}
	ev.Update = u
}

// base is the update of an event of the user's private chat.
func base(ev *Event, id string) bot.Update {
	return bot.Update{
		ID: id, Kind: bot.UpdateIgnored, Time: ev.Time,
		Chat: bot.Chat{Channel: Channel, ID: ev.UserID, Kind: bot.ChatPrivate},
		From: bot.User{ID: bot.NewUserID(Channel, ev.UserID)},
		Caps: Caps(),
	}
}

// validName reports an event name of Zalo's alphabet: 1-64 lowercase
// letters, digits and '_'.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// eventTime reads Zalo's unix-millisecond timestamp; a value too small to
// be milliseconds after 1973 is read as seconds, an unreadable one or one
// past the year 5000 as the zero time.
func eventTime(s string) time.Time {
	v, err := json.Number(s).Int64()
	switch {
	case err != nil || v <= 0 || v > 1e14:
		return time.Time{}
	case v < 1e11:
		return time.Unix(v, 0).UTC()
	}
	return time.UnixMilli(v).UTC()
}

// clean replaces invalid UTF-8.
func clean(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
