package bot

import "net/url"

// group handles hamlet and ward group chats. The bot stays out of ordinary
// conversation, answers what is addressed to it with general guidance in the
// group's language, and never asks for personal answers there: it offers a
// button that opens a private chat where the check starts.
func (t *turn) group() {
	switch {
	case t.u.Kind == UpdateButton:
		cb := parseCallback(t.u.Button.Data)
		switch cb.kind {
		case cbLanguage:
			t.pressLanguage(t.u.Button, cb)
			return
		case cbNoop:
			t.answer(t.say("stale.answered", nil), false)
			return
		case cbRegister:
			t.pressRegister(t.u.Button, cb)
			return
		}
		t.answer(t.say("group.private_only", nil), true)
	case !t.u.Addressed:
		return
	case t.u.Kind == UpdateCommand && t.u.Command == "language":
		t.languagePicker()
	case t.u.Kind == UpdateCommand && t.u.Command == "register_group":
		t.registerGroup()
	case t.u.Kind == UpdateCommand && (t.u.Command == "unsubscribe" || t.u.Command == "unregister_group"):
		t.unsubscribe()
	case t.u.Kind == UpdateCommand && t.u.Command == "subscribe":
		t.groupSubscribe()
	case t.u.Kind == UpdateCommand || t.u.Kind == UpdateText:
		t.groupHelp()
	}
}

// groupSubscribe answers /subscribe in a group: a person subscribes in
// private (a button opens it); the group itself is registered by a
// committee member.
func (t *turn) groupSubscribe() {
	t.toPrivate("group.subscribe", "group.subscribe_private", "subscribe")
}

// groupHelp sends the general guidance with a deep link into a private chat.
func (t *turn) groupHelp() {
	t.toPrivate("group.help", "group.private", "check")
}

// toPrivate says message text with a button labelled label that opens a
// private chat with the bot at /start payload.
func (t *turn) toPrivate(text, label, payload string) {
	t.block(t.say(text, nil))
	link := t.e.deepLink(payload)
	if link == "" {
		t.flush(nil)
		return
	}
	t.flush([][]Button{{{Label: t.say(label, nil), URL: link}}})
}

// deepLink opens a private chat with the bot that starts with /start
// payload; "" when the bot's username is not known.
func (e *Engine) deepLink(payload string) string {
	if e.botUsername == "" {
		return ""
	}
	return "https://t.me/" + url.PathEscape(e.botUsername) + "?start=" + payload
}
