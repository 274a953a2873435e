package telegram

import (
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

// mapUpdate maps the three update types the bot acts on and reduces every
// other one to UpdateIgnored, keeping its chat and sender when it has them.
func (d *Decoder) mapUpdate(raw *tgbotapi.Update) bot.Update {
	switch {
	case raw.Message != nil:
		return d.message(raw.Message)
	case raw.CallbackQuery != nil:
		return d.callback(raw.CallbackQuery)
	case raw.MyChatMember != nil:
		return membership(raw.MyChatMember)
	}
	return ignored(raw)
}

// message maps a new message in a chat.
func (d *Decoder) message(m *tgbotapi.Message) bot.Update {
	u := bot.Update{Kind: bot.UpdateIgnored, Chat: chat(m.Chat), From: user(m.From), Time: unix(m.Date), MessageID: m.MessageID}
	u.Addressed = u.Chat.Kind == bot.ChatPrivate || d.repliesToUs(m)
	switch {
	case m.MigrateToChatID != 0:
		u.Kind, u.MigrateTo = bot.UpdateMigrate, strconv.FormatInt(m.MigrateToChatID, 10)
	case m.Text != "":
		d.text(&u, m)
	case m.Contact != nil:
		u.Kind = bot.UpdateContact
		u.Contact = &bot.Contact{
			Phone:  clean(m.Contact.PhoneNumber),
			UserID: userID(m.Contact.UserID),
			Name:   clean(strings.TrimSpace(m.Contact.FirstName + " " + m.Contact.LastName)),
		}
	case m.Location != nil:
		u.Kind, u.Location = bot.UpdateLocation, &bot.Location{Lat: m.Location.Latitude, Lon: m.Location.Longitude}
	case m.Venue != nil:
		loc := m.Venue.Location
		u.Kind, u.Location = bot.UpdateLocation, &bot.Location{Lat: loc.Latitude, Lon: loc.Longitude}
	}
	return u
}

// text maps a text message to a command or free text. In a group, a command
// for another bot ("/help@otherbot") is none of our business, and free
// text is addressed to us when it mentions our bot (the mention is taken
// out of the text) or replies to our message; other group text comes as
// it is, not addressed, for the engine to decide (auto-answer).
func (d *Decoder) text(u *bot.Update, m *tgbotapi.Message) {
	u.Text = clean(m.Text)
	cmd, ok := parseCommand(u.Text, m.Entities)
	if !ok {
		u.Kind = bot.UpdateText
		if u.Chat.Kind != bot.ChatPrivate {
			if rest, mentioned := d.mention(u.Text, m.Entities); mentioned {
				u.Text, u.Addressed = rest, true
			}
		}
		return
	}
	if u.Chat.Kind != bot.ChatPrivate {
		if !d.isUs(cmd.target) {
			u.Kind, u.Addressed, u.Text = bot.UpdateIgnored, false, ""
			return
		}
		u.Addressed = true
	}
	u.Kind, u.Command, u.Payload = bot.UpdateCommand, cmd.name, cmd.payload
}

// isUs reports whether a command's @target names our bot. A bare command is
// for every bot in the group, and so for us; a Decoder that does not know its
// username accepts every target rather than silently dropping commands.
func (d *Decoder) isUs(target string) bool {
	return target == "" || d.Username == "" || strings.EqualFold(target, strings.TrimPrefix(d.Username, "@"))
}

// repliesToUs reports whether m replies to a message our bot sent. With
// privacy mode on, that is how group members talk to the bot without a
// command.
func (d *Decoder) repliesToUs(m *tgbotapi.Message) bool {
	r := m.ReplyToMessage
	return d.BotID != 0 && r != nil && r.From != nil && r.From.ID == d.BotID
}

// callback maps an inline button press. A press on a button of an inline-mode
// message (or of a message too old for Telegram to include) has no message:
// Chat then has ID 0, but the press is still returned so that the engine can
// answer it and stop the client's spinner.
func (d *Decoder) callback(q *tgbotapi.CallbackQuery) bot.Update {
	u := bot.Update{
		Kind:      bot.UpdateButton,
		Chat:      bot.Chat{Channel: Channel},
		From:      user(q.From),
		Addressed: true, // only our own buttons reach us
		Button:    &bot.Press{Data: clean(q.Data), CallbackID: q.ID},
	}
	if q.Message != nil {
		u.Chat = chat(q.Message.Chat)
		u.Button.MessageID = q.Message.MessageID
	}
	return u
}

// membership maps a change of our bot's own membership. In a private chat
// that is the user blocking ("kicked") or unblocking ("member") the bot;
// joining or leaving groups changes nothing the bot keeps.
func membership(m *tgbotapi.ChatMemberUpdated) bot.Update {
	u := bot.Update{Kind: bot.UpdateIgnored, Chat: chat(&m.Chat), From: user(&m.From), Time: unix(m.Date)}
	if u.Chat.Kind != bot.ChatPrivate {
		return u
	}
	switch m.NewChatMember.Status {
	case "kicked":
		u.Kind, u.Blocked, u.Addressed = bot.UpdateMembership, true, true
	case "member":
		u.Kind, u.Blocked, u.Addressed = bot.UpdateMembership, false, true
	}
	return u
}

// ignored keeps what is known about where an ignored update came from, so
// that logs and metrics can still attribute it.
func ignored(raw *tgbotapi.Update) bot.Update {
	u := bot.Update{Kind: bot.UpdateIgnored}
	for _, m := range []*tgbotapi.Message{raw.EditedMessage, raw.ChannelPost, raw.EditedChannelPost} {
		if m != nil {
			u.Chat, u.From, u.Time = chat(m.Chat), user(m.From), unix(m.Date)
			return u
		}
	}
	switch {
	case raw.ChatMember != nil:
		u.Chat, u.From, u.Time = chat(&raw.ChatMember.Chat), user(&raw.ChatMember.From), unix(raw.ChatMember.Date)
	case raw.ChatJoinRequest != nil:
		u.Chat, u.From, u.Time = chat(&raw.ChatJoinRequest.Chat), user(&raw.ChatJoinRequest.From), unix(raw.ChatJoinRequest.Date)
	case raw.InlineQuery != nil:
		u.From = user(raw.InlineQuery.From)
	case raw.ChosenInlineResult != nil:
		u.From = user(raw.ChosenInlineResult.From)
	case raw.ShippingQuery != nil:
		u.From = user(raw.ShippingQuery.From)
	case raw.PreCheckoutQuery != nil:
		u.From = user(raw.PreCheckoutQuery.From)
	case raw.PollAnswer != nil:
		u.From = user(&raw.PollAnswer.User)
	}
	return u
}

// chat maps a Telegram chat; a missing one maps to the zero chat.
func chat(c *tgbotapi.Chat) bot.Chat {
	if c == nil {
		return bot.Chat{}
	}
	out := bot.Chat{Channel: Channel, ID: strconv.FormatInt(c.ID, 10)}
	switch c.Type {
	case "private":
		out.Kind = bot.ChatPrivate
	case "group", "supergroup":
		out.Kind = bot.ChatGroup
	case "channel":
		out.Kind = bot.ChatChannel
	}
	return out
}

func user(u *tgbotapi.User) bot.User {
	if u == nil {
		return bot.User{}
	}
	return bot.User{ID: userID(u.ID), FirstName: clean(u.FirstName), LanguageCode: clean(u.LanguageCode), IsBot: u.IsBot}
}

// userID qualifies a Telegram user id; 0 (absent) is nobody.
func userID(id int64) bot.UserID {
	if id == 0 {
		return ""
	}
	return bot.NewUserID(Channel, strconv.FormatInt(id, 10))
}

// unix converts a Telegram date; 0 (absent) stays the zero time.
func unix(sec int) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(int64(sec), 0).UTC()
}

// clean replaces invalid UTF-8. encoding/json already does so for what it
// decodes; this keeps the guarantee independent of how a string arrived.
func clean(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
