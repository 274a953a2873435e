package bot

import (
	"context"
	"errors"
	"fmt"
)

// deliver sends the pending replies of update id, in order, and removes the
// delivered ones from the outbox. Replies of other updates are left to their
// own (retried) update, so two workers never send the same reply.
func (e *Engine) deliver(ctx context.Context, s Session, id int64) error {
	sent, blocked, sendErr := 0, false, error(nil)
	for _, o := range s.Outbox {
		if o.Update != id {
			continue
		}
		_, err := e.sender.Send(ctx, o.Reply)
		switch {
		case err == nil:
		case errors.Is(err, ErrRejected):
			e.log.Warn("reply rejected by channel", "chat", s.Chat.Key(), "kind", o.Reply.Kind, "err", err)
		case errors.Is(err, ErrBlocked):
			blocked = true
		default:
			sendErr = fmt.Errorf("deliver reply %d of update %d: %w", sent, id, err)
		}
		if sendErr != nil || blocked {
			break
		}
		sent++
	}
	if sent == 0 && !blocked {
		return sendErr
	}
	if err := e.settle(ctx, s, id, sent, blocked); err != nil {
		return err
	}
	return sendErr
}

// settle removes the first n pending replies of update id from the stored
// outbox; when the chat blocked the bot it drops all of them instead.
func (e *Engine) settle(ctx context.Context, s Session, id int64, n int, blocked bool) error {
	for range maxConflicts {
		s.Outbox = dropSent(s.Outbox, id, n, blocked)
		if blocked && !s.Blocked {
			s.Blocked = true
			e.setBlocked(ctx, s.Chat, true)
		}
		err := e.sessions.Save(ctx, &s)
		if !errors.Is(err, ErrConflict) {
			return err
		}
		var found bool
		if s, found, err = e.sessions.Load(ctx, s.Chat); err != nil {
			return err
		} else if !found {
			return nil // erased meanwhile: nothing left to settle
		}
	}
	return fmt.Errorf("settle outbox of update %d: %w", id, ErrConflict)
}

// dropSent removes the first n entries of update id (all of them if all).
func dropSent(out []Outgoing, id int64, n int, all bool) []Outgoing {
	kept := out[:0:0]
	for _, o := range out {
		if o.Update == id && (all || n > 0) {
			n--
			continue
		}
		kept = append(kept, o)
	}
	return kept
}

func (e *Engine) setBlocked(ctx context.Context, chat Chat, blocked bool) {
	if e.blocks == nil {
		return
	}
	if err := e.blocks.SetBlocked(ctx, chat, blocked); err != nil {
		e.log.Warn("record blocked chat", "chat", chat.Key(), "err", err)
	}
}
