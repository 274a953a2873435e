package zalobot

import (
	"context"
	"fmt"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// Caps is what a Zalo Bot chat can do: plain text of up to MessageLimit
// characters, and nothing else the engine offers — no buttons, no
// formatting, no contact or location sharing, no links that open a chat
// with the bot. [O] The webhook puts it on every update.
func Caps() *bot.Caps { return &bot.Caps{MaxText: MessageLimit} }

// SenderConfig configures a Sender. Client is required.
type SenderConfig struct {
	Client *Client
	// Options gives the rendering options for a chat whose person reads
	// lang ("" outside a turn, when the language is not known): the hint
	// under numbered choices, in that language. Nil renders without a
	// hint. Whatever Limit it sets, messages are cut at MessageLimit;
	// FileURL is set by the Sender from Link.
	Options func(chat bot.Chat, lang bot.Lang) plaintext.Options
	// Link stores a document a reply carries (an .ics) and returns the URL
	// it can be downloaded from, since the Bot Platform sends no files.
	// An error fails the send, which is retried. Nil shows the document's
	// name only.
	Link func(ctx context.Context, chat bot.Chat, d bot.Document) (string, error)
}

// Sender delivers replies to Zalo Bot chats as plain-text messages: a
// bot.TurnSender. Inline buttons become numbered choices; see plaintext.
type Sender struct{ cfg SenderConfig }

var _ bot.TurnSender = (*Sender)(nil)

// NewSender returns a Sender configured by cfg.
func NewSender(cfg SenderConfig) *Sender { return &Sender{cfg: cfg} }

// render renders replies to chat, documents linked through links.
func (s *Sender) render(chat bot.Chat, lang bot.Lang, replies []bot.Reply, links map[string]string) plaintext.Rendering {
	var o plaintext.Options
	if s.cfg.Options != nil {
		o = s.cfg.Options(chat, lang)
	}
	if o.Limit <= 0 || o.Limit > MessageLimit {
		o.Limit = MessageLimit
	}
	o.FileURL = func(d bot.Document) string { return links[d.Name] }
	return plaintext.Render(replies, o)
}

// Send delivers one reply sent outside a turn (a reminder, a campaign, a
// message to an approver), rendered on its own. Its buttons that send data
// are left out: the person's session remembers the choices of their own
// last turn, which a typed number answers, so a number shown here would
// press something else. A reply that renders to nothing (an edit, a button
// answer) succeeds without a call. Errors are as for SendTurn.
func (s *Sender) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	r.Buttons = plaintext.Links(r.Buttons)
	r.Keyboard, r.AskContact = nil, ""
	return bot.Sent{}, s.SendTurn(ctx, r.Chat, "", []bot.Reply{r})
}

// SendTurn delivers the replies of one turn to one chat, merged into as few
// messages as fit, with their choices numbered across the turn as
// bot.Choices numbers them and the hint in lang (bot.TurnSender). Every
// reply must be for chat (or for no chat, as a button answer may be), else
// nothing is sent and the error wraps bot.ErrRejected; other errors are as
// for SendMessage. If a later message of the turn fails, the retry sends the
// earlier ones again: delivery is at least once.
func (s *Sender) SendTurn(ctx context.Context, chat bot.Chat, lang bot.Lang, replies []bot.Reply) error {
	if chat.Channel != Channel || zalojson.ID(zalojson.String(chat.ID)) == "" {
		return rejected("reply to %q, which is not a Zalo Bot chat", chat.Channel)
	}
	for _, r := range replies {
		if !r.Chat.IsZero() && r.Chat.Key() != chat.Key() {
			return rejected("a turn's replies go to more than one chat")
		}
	}
	links, err := plaintext.DocumentLinks(ctx, chat, replies, s.cfg.Link)
	if err != nil {
		return fmt.Errorf("zalobot: %w", err)
	}
	for _, text := range s.render(chat, lang, replies, links).Messages {
		if _, err := s.cfg.Client.SendMessage(ctx, chat.ID, text); err != nil {
			return err
		}
	}
	return nil
}
