package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// What an Engine offers features for their work outside a turn: sending a
// reminder, rendering a campaign message, telling a person what staff did.

// Translator is the engine's message catalogue.
func (e *Engine) Translator() Translator { return e.tr }

// Now reads the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// Log is the engine's logger.
func (e *Engine) Log() *slog.Logger { return e.log }

// Session loads the session of chat, e.g. for the language of someone the
// bot writes to on its own.
func (e *Engine) Session(ctx context.Context, chat Chat) (Session, bool, error) {
	return e.sessions.Load(ctx, chat)
}

// Notify sends r on the engine's channel outside any update: a reminder, a
// notice. It returns the Sender's error; a chat that blocked the bot
// (ErrBlocked) is recorded in the block list first.
func (e *Engine) Notify(ctx context.Context, r Reply) error {
	_, err := e.sender.Send(ctx, r)
	if errors.Is(err, ErrBlocked) {
		e.setBlocked(ctx, r.Chat, true)
	}
	return err
}

// Blocked reports whether chat blocked the bot, as far as the block list
// knows; without a block list, or when it cannot be read, it says no.
func (e *Engine) Blocked(ctx context.Context, chat Chat) bool {
	if e.blocks == nil {
		return false
	}
	blocked, err := e.blocks.IsBlocked(ctx, chat)
	return err == nil && blocked
}
