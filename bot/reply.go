package bot

import "unicode/utf16"

// ReplyKind says what a Reply asks the channel to do.
type ReplyKind string

// Reply kinds.
const (
	ReplyText     ReplyKind = "text"     // send a message
	ReplyEdit     ReplyKind = "edit"     // edit message EditID in place
	ReplyAnswer   ReplyKind = "answer"   // answer a button press (stops the spinner)
	ReplyVenue    ReplyKind = "venue"    // send a place with coordinates
	ReplyDocument ReplyKind = "document" // send a small file, e.g. an .ics
)

// Reply is one thing to send, in channel-neutral form. Text is HTML as
// Telegram understands it (b, i, a, code): markup comes from the locale files,
// and every user-supplied string has been escaped before it was inserted.
type Reply struct {
	Kind    ReplyKind
	Chat    Chat
	Text    string
	Buttons [][]Button // inline buttons, row by row

	// AskContact shows a one-time keyboard whose button shares the user's
	// own phone number; its label is the value. Keyboard adds plain buttons
	// below it that send their label as text (e.g. "Skip"). A message
	// carries either inline Buttons or this keyboard, never both.
	// RemoveKeyboard hides it.
	AskContact     string   `json:",omitempty"`
	Keyboard       []string `json:",omitempty"`
	RemoveKeyboard bool     `json:",omitempty"`

	EditID int `json:",omitempty"` // ReplyEdit: the message to edit
	// ReplyTo is the message a ReplyText answers (shown quoted above it)
	// where the channel can reply to messages (Caps.Replies); 0 for none.
	ReplyTo    int    `json:",omitempty"`
	CallbackID string `json:",omitempty"` // ReplyAnswer: the press to answer
	Alert      bool   `json:",omitempty"` // ReplyAnswer: show Text as a pop-up

	Venue    *Venue    `json:",omitempty"`
	Document *Document `json:",omitempty"`
}

// Button is an inline button: it either sends Data back to the bot or opens URL.
type Button struct {
	Label string
	Data  string `json:",omitempty"`
	URL   string `json:",omitempty"`
}

// Venue is a place to show on a map.
type Venue struct {
	Lat, Lon float64
	Title    string
	Address  string
}

// Document is a small file sent with the reply.
type Document struct {
	Name    string
	MIME    string
	Data    []byte
	Caption string
}

// MaxText is the longest text the bot sends in one message, counted by
// TextLen: a phone shows it without a long scroll, and an elderly reader
// gets to its end (docs/CONTENT.md §2). The catalogue is written to stay
// under it; what the bot composes from a varying number of parts (a
// committee's statistics) is split to fit.
const MaxText = 700

// TextLen is the length of s as Telegram counts a message: UTF-16 code
// units. Markup counts too, so it is never less than what Telegram counts.
func TextLen(s string) int { return len(utf16.Encode([]rune(s))) }
