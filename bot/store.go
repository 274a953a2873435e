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

// Journal makes processing an update idempotent and its replies durable,
// across retries and processes. On the happy path an update costs three
// round trips: Begin, Commit, Settle.
type Journal interface {
	// Begin claims update id of chat and, when the claim is new, loads the
	// chat's session with it (found=false and Version 0 when none is
	// stored). The caller then holds the update until Settle or Release.
	Begin(ctx context.Context, chat Chat, id string) (c Claim, s Session, found bool, err error)
	// Commit stores s if the stored version still equals s.Version (0
	// meaning absent), together with the replies of update id as that
	// update's outbox, and increments s.Version. Otherwise it returns
	// ErrConflict and stores nothing.
	Commit(ctx context.Context, s *Session, id string, replies []Reply) error
	// Try claims update id and commits s with its replies in one round
	// trip, for a session the caller already holds (cached from its last
	// commit). It returns ClaimDone or ClaimBusy, storing nothing, when the
	// update is done or held elsewhere, and ErrConflict, storing nothing
	// and claiming nothing, when s is no longer the stored version.
	Try(ctx context.Context, s *Session, id string, replies []Reply) (Claim, error)
	// Pending returns every reply update id produced and how many of them
	// were delivered already.
	Pending(ctx context.Context, chat Chat, id string) (replies []Reply, delivered int, err error)
	// Settle records that the first n replies of update id were delivered.
	// n counts from the first reply, so a resent Settle does no harm. When
	// all are delivered it marks the update done, so that later duplicates
	// are acknowledged without being processed.
	Settle(ctx context.Context, chat Chat, id string, n int) error
	// Release drops an in-progress claim after a failure, so a retry runs.
	Release(ctx context.Context, chat Chat, id string) error
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
	IsBlocked(ctx context.Context, chat Chat) (bool, error)
}
