package bot

// Caps is what a channel can show and do. The channel hands it to the
// engine with every update (Update.Caps), so that the engine offers only
// what works there, instead of asking which channel it is: no "share my
// number" button where a contact cannot be shared, no tip to send a
// location where none can be sent, numbered choices where there are no
// buttons.
type Caps struct {
	// Buttons: messages can carry inline buttons. Without them the replies
	// are rendered as plain text with numbered choices (bot/plaintext), a
	// turn's replies to the chat go out together (TurnSender), and the
	// session remembers the choices shown, so that a typed number presses
	// the button it stands for.
	Buttons bool
	// HTML: texts are shown with Telegram's HTML formatting. Without it
	// the channel's renderer drops the markup.
	HTML bool
	// MaxText is the most characters (UTF-16 code units) one message may
	// hold; 0 means no limit. The channel's sender splits longer texts.
	MaxText int
	// ShareContact: a button can share the person's own, verified phone
	// number (Telegram's contact button). Without it people type it.
	ShareContact bool
	// ShareLocation: people can send a location.
	ShareLocation bool
	// DeepLinks: a link can open a private chat with the bot at a /start
	// payload, which group chats offer instead of asking there.
	DeepLinks bool
	// Replies: a message can be sent as a reply to an earlier one
	// (Reply.ReplyTo), which a busy group chat shows quoted above it.
	Replies bool
	// InTurn: the channel takes the person's next message only after the
	// replies to the last one are shown (the terminal), so a message
	// always answers what was shown last. Without it a message can cross
	// the bot's reply, and on a channel without buttons a number typed
	// within ShownGrace of the previous message answers the question shown
	// before.
	InTurn bool
	// Commands are commands the channel handles itself (the terminal's
	// /quit); /help lists them, each with its help.<name> line.
	Commands []string
}

// telegramMaxText is the Bot API's limit on a message's text.
const telegramMaxText = 4096

// fullCaps is what a channel can do that says nothing: everything the
// engine offers, as the Telegram Bot API allows it.
func fullCaps() Caps {
	return Caps{Buttons: true, HTML: true, MaxText: telegramMaxText, ShareContact: true, ShareLocation: true, DeepLinks: true, Replies: true}
}

// caps is what the update's channel can do.
func (u Update) caps() Caps {
	if u.Caps != nil {
		return *u.Caps
	}
	return fullCaps()
}

// Caps is what channel can do when the engine writes there on its own (a
// campaign, a reminder), as Config.Channels says; a channel it does not
// list can do everything, as Telegram.
func (e *Engine) Caps(channel string) Caps {
	if c, ok := e.channels[channel]; ok {
		return c
	}
	return fullCaps()
}

// LinkFor is a link that opens a private chat with the bot at /start
// payload, for a message to chat; "" where chat's channel has no such
// links (Caps.DeepLinks) or the bot's username is not known.
func (e *Engine) LinkFor(chat Chat, payload string) string {
	if !e.Caps(chat.Channel).DeepLinks {
		return ""
	}
	return e.DeepLink(payload)
}
