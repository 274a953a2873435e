package webchat

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
)

// message is what the browser posts: exactly one of Text (typed, or a
// /command), Press (a button) and Lang (the language switch), with the
// browser's own id for it and the language it shows.
type message struct {
	ID    string `json:"id"`
	Hint  string `json:"hint"`
	Text  string `json:"text"`
	Press *press `json:"press"`
	Lang  string `json:"lang"`
}

type press struct {
	Data string `json:"data"`
	Msg  int    `json:"msg"`
}

// clientID is the form of a message id: made by the browser, unique per
// visitor, and the engine's update id (so a retried POST is handled once).
var clientID = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// parseMessage checks a posted body against lim.
func parseMessage(body []byte, lim Limits) (message, error) {
	if len(body) > lim.MaxBody {
		return message{}, errTooLarge
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil || !clientID.MatchString(m.ID) {
		return message{}, errBadInput
	}
	m.Text = strings.TrimSpace(m.Text)
	set := 0
	for _, b := range []bool{m.Text != "", m.Press != nil, m.Lang != ""} {
		if b {
			set++
		}
	}
	switch {
	case set != 1, !utf8.ValidString(m.Text), m.Press != nil && (m.Press.Data == "" || len(m.Press.Data) > 64 || m.Press.Msg < 0):
		return message{}, errBadInput
	case utf8.RuneCountInString(m.Text) > lim.MaxText:
		return message{}, errTooLarge
	}
	if m.Lang != "" {
		if _, ok := bot.ParseLang(m.Lang); !ok {
			return message{}, errBadInput
		}
	}
	return m, nil
}

// languagePrefix starts the callback data of the engine's language buttons,
// "l|<lang>" (bot/callback.go): the browser's language switch presses it.
const languagePrefix = "l|"

// update turns a message of chat into the engine's update, and says which
// language the replies will be in.
func (m message) update(chat bot.Chat, now time.Time) (bot.Update, string) {
	u := bot.Update{
		ID: m.ID, Kind: bot.UpdateText, Chat: chat, Time: now,
		From: bot.User{ID: bot.NewUserID(bot.ChannelWeb, chat.ID), LanguageCode: m.Hint},
		Text: m.Text,
		// Buttons and the HTML subset, but no contact or location to
		// share and no links into a chat app.
		Caps: &bot.Caps{},
	}
	lang := string(bot.PickLang(m.Hint))
	switch {
	case m.Lang != "":
		m.Press = &press{Data: languagePrefix + m.Lang}
		fallthrough
	case m.Press != nil:
		u.Kind, u.Text = bot.UpdateButton, ""
		u.Button = &bot.Press{Data: m.Press.Data, CallbackID: "web", MessageID: m.Press.Msg}
		if l, ok := strings.CutPrefix(m.Press.Data, languagePrefix); ok {
			if _, known := bot.ParseLang(l); known {
				lang = l
			}
		}
	case strings.HasPrefix(m.Text, "/"):
		name, payload, _ := strings.Cut(m.Text[1:], " ")
		u.Kind, u.Command, u.Payload, u.Addressed = bot.UpdateCommand, strings.ToLower(name), strings.TrimSpace(payload), true
	}
	return u, lang
}
