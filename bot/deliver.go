package bot

import (
	"context"
	"errors"
	"fmt"
)

// delivery is how an update's replies go out: on a channel without
// buttons whose sender is a TurnSender, the replies to the chat as one turn
// with hints in lang; else one by one.
type delivery struct {
	turn bool
	lang Lang
}

// delivery is how the replies of update u go out, lang being the
// session's language after it.
func (e *Engine) delivery(u Update, lang Lang) delivery {
	_, ok := e.sender.(TurnSender)
	return delivery{turn: ok && !u.caps().Buttons, lang: lang}
}

// deliver sends the replies of update id from number from on, in order,
// and settles what was sent. Only the update's own worker sends its replies,
// so two workers never send the same one. A chat that blocked the bot drops
// them all. On a turn channel the replies to the chat, which Step put
// first, go out together and are settled together.
//
// What a crash can repeat: a reply the platform took is recorded (Settle)
// before the next visible one is sent, so a worker that dies between a send
// and its record leaves at most one visible reply (or one turn) per update
// unrecorded, which the platform's redelivery of the update sends again; and
// at most Config.MaxDeliveries updates deliver at once in a process. That is
// the in-flight window the README states.
func (e *Engine) deliver(ctx context.Context, chat Chat, id string, replies []Reply, from int, d delivery) error {
	select {
	case e.delivering <- struct{}{}:
		defer func() { <-e.delivering }()
	case <-ctx.Done():
		return fmt.Errorf("deliver update %s: %w: %w", id, ErrUndelivered, ctx.Err())
	}
	sent, sendErr := from, error(nil)
	if own := ownReplies(chat, replies); d.turn && from < own {
		sent, sendErr = e.sendTurn(ctx, chat, id, replies, from, own, d.lang)
	}
	if sendErr == nil {
		sent, sendErr = e.sendEach(ctx, chat, id, replies, from, sent)
	}
	if err := e.journal.Settle(ctx, chat, id, sent); err != nil {
		return errors.Join(sendErr, fmt.Errorf("settle update %s: %w", id, err))
	}
	return sendErr
}

// ownReplies counts the replies to chat at the start of replies.
func ownReplies(chat Chat, replies []Reply) int {
	n := 0
	for n < len(replies) && replies[n].Chat.Key() == chat.Key() {
		n++
	}
	return n
}

// sendTurn sends replies[from:to], all to chat, as one turn, and returns
// how many of replies count as sent.
func (e *Engine) sendTurn(ctx context.Context, chat Chat, id string, replies []Reply, from, to int, lang Lang) (int, error) {
	err := e.sender.(TurnSender).SendTurn(ctx, chat, lang, replies[from:to])
	switch {
	case errors.Is(err, ErrBlocked):
		e.blocked(ctx, chat)
		return len(replies), nil
	case errors.Is(err, ErrRejected):
		e.log.Warn("turn rejected by channel", "chat", chat.Key(), "err", err)
	case err != nil:
		return from, fmt.Errorf("deliver replies %d-%d of update %s: %w: %w", from, to-1, id, ErrUndelivered, err)
	}
	return to, nil
}

// sendEach sends the replies from number from on, one by one, and returns
// how many count as sent. The journal knows of the first recorded; before
// a reply is sent, sent ones that showed something are recorded.
func (e *Engine) sendEach(ctx context.Context, chat Chat, id string, replies []Reply, recorded, from int) (int, error) {
	sent := from
	for _, r := range replies[min(from, len(replies)):] {
		if shows(replies[recorded:sent]) {
			if err := e.journal.Settle(ctx, chat, id, sent); err != nil {
				return sent, fmt.Errorf("record replies %d-%d of update %s: %w", recorded, sent-1, id, err)
			}
			recorded = sent
		}
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
			return len(replies), nil
		}
		if errors.Is(err, ErrRejected) {
			e.log.Warn("reply rejected by channel", "chat", chat.Key(), "kind", r.Kind, "err", err)
		} else if err != nil {
			return sent, fmt.Errorf("deliver reply %d of update %s: %w: %w", sent, id, ErrUndelivered, err)
		}
		sent++
	}
	return sent, nil
}

// shows reports whether any of replies is seen by a person: all but the
// answer to a button press, which only stops its spinner (and which
// Telegram refuses to take twice).
func shows(replies []Reply) bool {
	for _, r := range replies {
		if r.Kind != ReplyAnswer || r.Alert {
			return true
		}
	}
	return false
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
