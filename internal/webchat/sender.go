package webchat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// Sender delivers the engine's replies to web chats: each becomes an
// event on the visitor's stream. It implements bot.Sender.
type Sender struct {
	store Store
}

// NewSender returns a Sender that appends to store.
func NewSender(store Store) *Sender { return &Sender{store: store} }

// Send appends r to its chat's event stream. While an update posted
// through Service.Post is being handled, the append is keyed by the
// update and the event's content, so that the engine's retry of a reply
// whose delivery was not recorded (a failure between the append and the
// journal's settle) does not show it twice. The event's message number is
// the Sent.MessageID that later edits name.
func (s *Sender) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	if r.Chat.Channel != bot.ChannelWeb || r.Chat.ID == "" {
		return bot.Sent{}, fmt.Errorf("webchat: reply to %q: %w", r.Chat.Key(), bot.ErrRejected)
	}
	ev, numbered, ok := render(r)
	if !ok {
		return bot.Sent{}, nil
	}
	in, _ := ctx.Value(postKey{}).(posted)
	ev.Lang = in.lang
	body, err := json.Marshal(ev)
	if err != nil {
		return bot.Sent{}, err
	}
	key := ""
	if in.update != "" {
		// The reply, not the event: a retry may come with another lang.
		raw, err := json.Marshal(r)
		if err != nil {
			return bot.Sent{}, err
		}
		sum := sha256.Sum256(raw)
		key = in.update + ":" + hex.EncodeToString(sum[:8])
	}
	msg, err := s.store.Append(ctx, r.Chat, key, numbered, body)
	if err != nil {
		return bot.Sent{}, err
	}
	return bot.Sent{MessageID: msg}, nil
}

// posted is what the Sender needs to know about the update being handled.
type posted struct {
	update string // the update's id
	lang   string // the language the visitor reads in
}

type postKey struct{}

// withPosted marks ctx as handling update id for a visitor reading lang.
func withPosted(ctx context.Context, p posted) context.Context {
	return context.WithValue(ctx, postKey{}, p)
}
