package bot

import (
	"context"
	"errors"
	"fmt"
)

// deliver sends the replies of update id from number from on, in order,
// and settles what was sent. Only the update's own worker sends its replies,
// so two workers never send the same one. A chat that blocked the bot drops
// them all.
func (e *Engine) deliver(ctx context.Context, chat Chat, id string, replies []Reply, from int) error {
	sent, sendErr := from, error(nil)
	for _, r := range replies[min(from, len(replies)):] {
		_, err := e.sender.Send(ctx, r)
		if errors.Is(err, ErrBlocked) && r.Kind != ReplyAnswer && r.Chat != chat {
			// A message to someone else (an approver) who blocked the bot
			// or never started it: no reason to stop this chat's replies.
			e.log.Warn("reply to another chat refused", "chat", r.Chat.Key())
			sent++
			continue
		}
		if errors.Is(err, ErrBlocked) {
			e.blocked(ctx, chat)
			sent = len(replies)
			break
		}
		if errors.Is(err, ErrRejected) {
			e.log.Warn("reply rejected by channel", "chat", chat.Key(), "kind", r.Kind, "err", err)
		} else if err != nil {
			sendErr = fmt.Errorf("deliver reply %d of update %s: %w", sent, id, err)
			break
		}
		sent++
	}
	if err := e.journal.Settle(ctx, chat, id, sent); err != nil {
		return errors.Join(sendErr, fmt.Errorf("settle update %s: %w", id, err))
	}
	return sendErr
}

// blocked records that the chat blocked the bot, in the session and in the
// block list that reminders and broadcasts consult.
func (e *Engine) blocked(ctx context.Context, chat Chat) {
	e.setBlocked(ctx, chat, true)
	for range maxConflicts {
		s, found, err := e.sessions.Load(ctx, chat)
		if err != nil || !found || s.Blocked {
			return
		}
		s.Blocked = true
		if err := e.sessions.Save(ctx, &s); !errors.Is(err, ErrConflict) {
			return
		}
	}
}

func (e *Engine) setBlocked(ctx context.Context, chat Chat, blocked bool) {
	if e.blocks == nil {
		return
	}
	if err := e.blocks.SetBlocked(ctx, chat, blocked); err != nil {
		e.log.Warn("record blocked chat", "chat", chat.Key(), "err", err)
	}
}
