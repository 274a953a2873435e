package bot

// Caps is what a channel can show and do. The channel hands it to the
// engine with every update (Update.Caps), so that the engine offers only
// what works there, instead of asking which channel it is: no "share my
// number" button where a contact cannot be shared, no tip to send a
// location where none can be sent.
type Caps struct {
	// ShareContact: a button can share the person's own, verified phone
	// number (Telegram's contact button). Without it people type it.
	ShareContact bool
	// ShareLocation: people can send a location.
	ShareLocation bool
	// DeepLinks: a link can open a private chat with the bot at a /start
	// payload, which group chats offer instead of asking there.
	DeepLinks bool
	// Commands are commands the channel handles itself (the terminal's
	// /quit); /help lists them, each with its help.<name> line.
	Commands []string
}

// fullCaps is what a channel can do that says nothing: everything the
// engine offers, as the Telegram Bot API allows it.
func fullCaps() Caps { return Caps{ShareContact: true, ShareLocation: true, DeepLinks: true} }

// caps is what the update's channel can do.
func (u Update) caps() Caps {
	if u.Caps != nil {
		return *u.Caps
	}
	return fullCaps()
}
