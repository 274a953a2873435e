package bot

import "net/url"

// group handles hamlet and ward group chats. The bot stays out of ordinary
// conversation (unaddressed messages never reach Step: Engine.overheard),
// answers the questions addressed to it briefly in the group's language
// (group_question.go), and never asks for personal answers there: it
// offers a button that opens a private chat. Commands and buttons
// registered for groups (Command.Group, Callback.Group) are the
// exceptions.
func (t *turn) group() {
	switch {
	case t.u.Kind == UpdateButton:
		cb := parseCallback(t.u.Button.Data)
		if c := t.r.callbacks[cb.kind]; c.Group != nil {
			c.Group(t, cb.args)
			return
		}
		t.answer(t.say("group.private_only", nil), true)
	case !t.u.Addressed:
		return
	case t.u.Kind == UpdateCommand:
		if c := t.r.commands[t.u.Command]; c.Group != nil {
			c.Group(t, t.u.Payload)
			return
		}
		t.groupHelp()
	case t.u.Kind == UpdateText:
		t.groupAsk(t.u.Text)
	}
}

// groupHelp sends the general guidance with a deep link into a private
// chat, or where the channel has none, how to write to the bot privately.
func (t *turn) groupHelp() {
	t.block(t.say("group.help", nil))
	link := t.DeepLink("check")
	if link == "" {
		t.block(t.say("group.private_how", nil))
		t.flush(nil)
		return
	}
	t.flush([][]Button{{{Label: t.say("group.private", nil), URL: link}}})
}

// DeepLink is a link that opens a private chat with the bot at /start
// payload, or "" where the channel has none.
func (t *turn) DeepLink(payload string) string {
	if !t.caps.DeepLinks {
		return ""
	}
	return t.e.DeepLink(payload)
}

// DeepLink is a link that opens a private chat with the bot that starts
// with /start payload; "" when the bot's username is not known.
func (e *Engine) DeepLink(payload string) string {
	if e.botUsername == "" {
		return ""
	}
	return "https://t.me/" + url.PathEscape(e.botUsername) + "?start=" + payload
}
