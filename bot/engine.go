package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/eidbot/eidbot/flows"
)

// Config wires an Engine. Flows, Translator, Sessions, Updates and Sender
// are required.
type Config struct {
	Flows      *flows.Set
	Translator Translator
	Sessions   SessionStore
	Updates    UpdateLog
	Sender     Sender
	Erasers    []Eraser  // run on /forget, in order
	Blocks     BlockList // optional
	Log        *slog.Logger
	Now        func() time.Time
	// BotUsername is used for deep links from group chats; empty disables them.
	BotUsername string
	// ResumeAfter is the pause after which a returning person is asked
	// whether to continue. Default 30 minutes.
	ResumeAfter time.Duration
}

// Engine runs updates of one channel through the path described in
// ARCHITECTURE.md: claim the update, load the session, Step, commit the new
// session together with the replies, deliver them, mark the update done.
// It is safe for concurrent use by many goroutines and processes.
type Engine struct {
	flows       *flows.Set
	tr          Translator
	sessions    SessionStore
	updates     UpdateLog
	sender      Sender
	erasers     []Eraser
	blocks      BlockList
	log         *slog.Logger
	now         func() time.Time
	botUsername string
	resumeAfter time.Duration
}

// NewEngine checks cfg and returns an Engine.
func NewEngine(cfg Config) (*Engine, error) {
	if cfg.Flows == nil || cfg.Translator == nil || cfg.Sessions == nil || cfg.Updates == nil || cfg.Sender == nil {
		return nil, errors.New("bot: engine needs flows, a translator, session and update stores, and a sender")
	}
	e := &Engine{
		flows: cfg.Flows, tr: cfg.Translator, sessions: cfg.Sessions, updates: cfg.Updates,
		sender: cfg.Sender, erasers: cfg.Erasers, blocks: cfg.Blocks, log: cfg.Log, now: cfg.Now,
		botUsername: cfg.BotUsername, resumeAfter: cfg.ResumeAfter,
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.resumeAfter == 0 {
		e.resumeAfter = 30 * time.Minute
	}
	return e, nil
}

// maxConflicts bounds compare-and-set retries for one update. Conflicts
// only happen when updates of one chat race, so a few retries suffice.
const maxConflicts = 8

// Handle processes one update exactly once as far as the chat can tell. It
// returns nil when the update is done (or was done before), ErrBusy when
// another worker holds it, and otherwise an error after which the channel
// must retry: state-store failures wrap ErrUnavailable.
func (e *Engine) Handle(ctx context.Context, u Update) error {
	if u.Time.IsZero() {
		u.Time = e.now()
	}
	if u.Chat.ID == 0 {
		return e.chatless(ctx, u)
	}
	if u.Kind == UpdateIgnored {
		return nil
	}
	claim, err := e.updates.Claim(ctx, u.Chat, u.ID)
	if err != nil {
		return fmt.Errorf("claim update %d: %w", u.ID, err)
	}
	switch claim {
	case ClaimDone:
		return nil
	case ClaimBusy:
		return ErrBusy
	}
	if err := e.process(ctx, u); err != nil {
		if rerr := e.updates.Release(context.WithoutCancel(ctx), u.Chat, u.ID); rerr != nil {
			e.log.Warn("release update claim", "update", u.ID, "err", rerr)
		}
		return err
	}
	if err := e.updates.Finish(ctx, u.Chat, u.ID); err != nil {
		return fmt.Errorf("finish update %d: %w", u.ID, err)
	}
	return nil
}

// chatless answers a button pressed on a message that belongs to no chat
// (an inline message): nothing is stored, but the press must be answered.
func (e *Engine) chatless(ctx context.Context, u Update) error {
	if u.Button == nil {
		return nil
	}
	_, err := e.sender.Send(ctx, Reply{Kind: ReplyAnswer, CallbackID: u.Button.CallbackID})
	if err != nil && !errors.Is(err, ErrRejected) {
		return err
	}
	return nil
}

// process steps the update unless the session shows it was stepped before,
// then delivers the replies it produced that are still pending.
func (e *Engine) process(ctx context.Context, u Update) error {
	for range maxConflicts {
		s, found, err := e.sessions.Load(ctx, u.Chat)
		if err != nil {
			return fmt.Errorf("load session: %w", err)
		}
		if !found {
			s = NewSession(u.Chat, u.From.LanguageCode, u.Time)
		}
		if !s.HasApplied(u.ID) {
			err = e.commit(ctx, &s, u)
			if errors.Is(err, ErrConflict) {
				continue
			}
			if err != nil {
				return err
			}
		}
		return e.deliver(ctx, s, u.ID)
	}
	return fmt.Errorf("update %d: %w after %d attempts", u.ID, ErrConflict, maxConflicts)
}

// commit runs Step, carries out its effects and stores the new session with
// its replies in the outbox, in one compare-and-set.
func (e *Engine) commit(ctx context.Context, s *Session, u Update) error {
	out := e.Step(*s, u)
	next := out.Session
	next.Version = s.Version
	if err := e.apply(ctx, &next, out.Effects); err != nil {
		return err
	}
	next.markApplied(u.ID)
	for _, r := range out.Replies {
		next.Outbox = append(next.Outbox, Outgoing{Update: u.ID, Reply: r})
	}
	if err := e.sessions.Save(ctx, &next); err != nil {
		return err
	}
	*s = next
	return nil
}
