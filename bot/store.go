package bot

import (
	"context"
	"errors"
)

// ErrConflict is returned by SessionStore.Save when the stored version is no
// longer the one the session was loaded at: somebody else committed first.
var ErrConflict = errors.New("bot: session changed concurrently")

// ErrUnavailable wraps failures of the state store. The webhook answers them
// with 503 so that the channel retries later.
var ErrUnavailable = errors.New("bot: state store unavailable")

// ErrBusy means another worker is processing the same update right now.
var ErrBusy = errors.New("bot: update is being processed elsewhere")

// SessionStore keeps one versioned Session record per chat.
type SessionStore interface {
	// Load returns the chat's session, or a session with Version 0 and
	// found=false when none is stored.
	Load(ctx context.Context, chat Chat) (s Session, found bool, err error)
	// Save stores s if the stored version still equals s.Version (0 meaning
	// "absent") and then increments s.Version. Otherwise it returns
	// ErrConflict and stores nothing.
	Save(ctx context.Context, s *Session) error
}

// Claim is the outcome of claiming an update for processing.
type Claim int

// Claim outcomes.
const (
	ClaimNew  Claim = iota // first delivery: process it
	ClaimDone              // already processed: acknowledge and do nothing
	ClaimBusy              // being processed elsewhere: ask the channel to retry
)

// UpdateLog makes update processing idempotent across retries and processes.
type UpdateLog interface {
	// Claim atomically marks update id of chat as in progress.
	Claim(ctx context.Context, chat Chat, id int64) (Claim, error)
	// Finish marks the update done, so later duplicates are acknowledged.
	Finish(ctx context.Context, chat Chat, id int64) error
	// Release drops an in-progress claim after a failure, so a retry runs.
	Release(ctx context.Context, chat Chat, id int64) error
}

// Eraser deletes everything one part of the system stores about a chat. The
// engine calls every registered Eraser when the user sends /forget.
type Eraser interface {
	Erase(ctx context.Context, chat Chat) error
}

// BlockList records which chats blocked the bot, so reminders and broadcasts
// skip them.
type BlockList interface {
	SetBlocked(ctx context.Context, chat Chat, blocked bool) error
}
