package zalobot

import (
	"context"
	"strconv"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
)

// Sender delivers replies to Zalo Bot chats as plain-text messages (a
// bot.Sender). Inline buttons become numbered choices; see plaintext.
type Sender struct {
	client  *Client
	options func(bot.Chat) plaintext.Options
}

// NewSender returns a Sender that sends through client. options gives the
// rendering options for a chat — the hint in its user's language and the
// links to documents; nil renders without a hint and without document
// links. Whatever Limit it sets, messages are cut at MessageLimit.
func NewSender(client *Client, options func(bot.Chat) plaintext.Options) *Sender {
	return &Sender{client: client, options: options}
}

// Render renders replies to chat as Send and SendTurn would send them.
// The engine can use it to map a typed number back to a button.
func (s *Sender) Render(chat bot.Chat, replies []bot.Reply) plaintext.Rendering {
	var o plaintext.Options
	if s.options != nil {
		o = s.options(chat)
	}
	if o.Limit <= 0 || o.Limit > MessageLimit {
		o.Limit = MessageLimit
	}
	return plaintext.Render(replies, o)
}

// Send delivers one reply (bot.Sender), rendered on its own: its choices
// are numbered from 1. A reply that renders to nothing (an edit, a button
// answer) succeeds without a call. A reply to a chat that is not a Zalo
// Bot chat is refused with bot.ErrRejected; other errors are as for
// SendMessage. If a later message of a long reply fails, a retry sends the
// earlier ones again: delivery is at least once.
func (s *Sender) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	return s.SendTurn(ctx, r.Chat, []bot.Reply{r})
}

// SendTurn delivers the replies of one turn to one chat, merged into as few
// messages as fit, with their choices numbered across the turn. Every
// reply must be for chat (or for no chat, as a button answer may be), else
// nothing is sent and the error wraps bot.ErrRejected. It returns the last message's id when Zalo's id is a
// number (bot.Sent holds an int; Zalo's ids are hexadecimal, so usually 0).
func (s *Sender) SendTurn(ctx context.Context, chat bot.Chat, replies []bot.Reply) (bot.Sent, error) {
	rd := s.Render(chat, replies)
	if len(rd.Messages) == 0 {
		return bot.Sent{}, nil
	}
	if chat.Channel != Channel || id(flexString(chat.ID)) == "" {
		return bot.Sent{}, rejected("reply to %q, which is not a Zalo Bot chat", chat.Channel)
	}
	for _, r := range replies {
		if !r.Chat.IsZero() && (r.Chat.Channel != chat.Channel || r.Chat.ID != chat.ID) {
			return bot.Sent{}, rejected("a turn's replies go to more than one chat")
		}
	}
	var last Message
	for _, text := range rd.Messages {
		m, err := s.client.SendMessage(ctx, chat.ID, text)
		if err != nil {
			return bot.Sent{}, err
		}
		last = m
	}
	n, _ := strconv.Atoi(last.ID) // 0 unless the id is a decimal number
	return bot.Sent{MessageID: n}, nil
}
