package main

import (
	"context"
	"fmt"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/i18n"
)

// channels routes every reply to the sender of its chat's channel, so that
// one engine serves every channel: a reminder, a campaign or an approval
// request goes out wherever its person is. It is a bot.TurnSender; the
// engine hands it turns only for channels without buttons.
type channels map[string]bot.Sender

var _ bot.TurnSender = channels(nil)

// sender is the sender of chat's channel. A reply without a chat (the
// answer to a button of an inline message) is Telegram's.
func (c channels) sender(chat bot.Chat) (bot.Sender, error) {
	name := chat.Channel
	if chat.IsZero() && name == "" {
		name = bot.ChannelTelegram
	}
	if s, ok := c[name]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("no %q channel is configured: %w", name, bot.ErrRejected)
}

// Send delivers r through its chat's channel.
func (c channels) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	s, err := c.sender(r.Chat)
	if err != nil {
		return bot.Sent{}, err
	}
	return s.Send(ctx, r)
}

// SendTurn delivers a turn through chat's channel: whole where the
// channel takes turns, else reply by reply.
func (c channels) SendTurn(ctx context.Context, chat bot.Chat, lang bot.Lang, replies []bot.Reply) error {
	s, err := c.sender(chat)
	if err != nil {
		return err
	}
	if ts, ok := s.(bot.TurnSender); ok {
		return ts.SendTurn(ctx, chat, lang, replies)
	}
	for _, r := range replies {
		if _, err := s.Send(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// textOptions renders for a person who reads lang on a channel without
// buttons: numbered choices with the hint in their language ("" outside a
// turn: the default language), messages of at most limit characters.
func textOptions(cat *i18n.Catalog, lang bot.Lang, limit int) plaintext.Options {
	if _, ok := bot.ParseLang(string(lang)); !ok {
		lang = bot.Vietnamese
	}
	return plaintext.Options{Limit: limit, Hint: cat.Text(lang, "choice.hint", nil)}
}
