package webchat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// Caps is what a web chat can do: inline buttons, and the bot's HTML
// subset (the browser rebuilds it from an allow-list, see event), with no
// limit on a message's length; but no contact or location to share, and
// no links that open a chat app. Every update of the web chat carries it,
// and the engine is told it for the messages it writes on its own
// (reminders, campaigns). Documents need no flag: they travel in the
// event (see file), so the web chat needs no download link.
func Caps() *bot.Caps { return &bot.Caps{Buttons: true, HTML: true} }

// BroadcastRate is the most campaign messages per second to web chats, all
// bot processes together: the global window of the campaign limiter for
// this channel. No provider limits it (a message is an append to the
// visitor's stream and a notice in the store); the window keeps a campaign
// from crowding the store that replies to people use.
const BroadcastRate = 50

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
// the Sent.MessageID that later edits name. Outside a posted update, a
// visitor who is gone refuses the message as blocked (see reachable).
func (s *Sender) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	if r.Chat.Channel != bot.ChannelWeb || r.Chat.ID == "" {
		return bot.Sent{}, fmt.Errorf("webchat: reply to %q: %w", r.Chat.Key(), bot.ErrRejected)
	}
	ev, numbered, ok := render(r)
	if !ok {
		return bot.Sent{}, nil
	}
	in, _ := ctx.Value(postKey{}).(posted)
	if in.update == "" {
		if err := s.reachable(ctx, r.Chat); err != nil {
			return bot.Sent{}, err
		}
	}
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

// reachable checks, for a message the engine writes on its own (a
// reminder, a campaign, a staff notice), that the visitor still exists.
// One whose record expired can never read the chat again — no token
// authenticates it any more — so the chat counts as blocked
// (bot.ErrBlocked): the engine stops its reminders, and the campaign
// worker ends its subscription instead of writing to it for ever.
func (s *Sender) reachable(ctx context.Context, chat bot.Chat) error {
	h, err := s.store.VisitorHash(ctx, chat, false)
	if err != nil {
		return err
	}
	if h == "" {
		return fmt.Errorf("webchat: visitor %s is gone: %w", chat.ID, bot.ErrBlocked)
	}
	return nil
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
