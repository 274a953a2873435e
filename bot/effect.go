package bot

import (
	"context"
	"fmt"
)

// EffectKind names a side effect a Step asks the Engine to carry out. Step
// itself never does I/O; it describes what must happen and the Engine does
// it before committing the session, through the functions registered for
// the kind (Registry.Effect).
type EffectKind string

// The core's effect kinds. Features add their own.
const (
	// EffectForget erases everything stored about the chat (/forget).
	EffectForget EffectKind = "forget"
	// EffectBlocked records that the user blocked or unblocked the bot.
	EffectBlocked EffectKind = "blocked"
	// EffectMigrate moves a group's session to its new supergroup id.
	EffectMigrate EffectKind = "migrate"
	// EffectLanguage tells the features that the chat's language changed,
	// so that what they keep (a subscription) follows it. Step asks for
	// it only when a feature registered for it.
	EffectLanguage EffectKind = "language"
)

// Effect is one side effect requested by Step.
type Effect struct {
	Kind    EffectKind
	Blocked bool // EffectBlocked
	To      Chat // EffectMigrate
	// Value is what a feature's own effect carries (a funnel mark's stage
	// and area); it must be comparable.
	Value any
}

// apply carries out the side effects of a Step before its session is
// committed. An effect that fails fails the update, which is then retried.
func (e *Engine) apply(ctx context.Context, s *Session, effects []Effect) error {
	for _, ef := range effects {
		fns := e.reg.effects[ef.Kind]
		if len(fns) == 0 {
			return fmt.Errorf("bot: nothing carries out effect %q", ef.Kind)
		}
		for _, fn := range fns {
			if err := fn(ctx, s, ef); err != nil {
				return err
			}
		}
	}
	return nil
}

// registerEffects registers the core's effects.
func registerEffects(r *Registry) {
	e := r.engine
	r.Effect(EffectForget, func(ctx context.Context, s *Session, _ Effect) error { return e.forget(ctx, s) })
	r.Effect(EffectBlocked, func(ctx context.Context, s *Session, ef Effect) error {
		e.setBlocked(ctx, s.Chat, ef.Blocked)
		return nil
	})
	r.Effect(EffectMigrate, func(ctx context.Context, s *Session, ef Effect) error { return e.migrate(ctx, *s, ef.To) })
}

// forget runs every Eraser on the chat.
func (e *Engine) forget(ctx context.Context, s *Session) error {
	for _, er := range e.erasers {
		if err := er.Erase(ctx, s.Chat); err != nil {
			return fmt.Errorf("forget: %w", err)
		}
	}
	// The erasers deleted the stored session: store the fresh one as new.
	// A racing writer makes Save fail and the update retry.
	s.Version = 0
	e.log.Info("chat data erased on request", "chat", s.Chat.Key())
	return nil
}

// migrate copies a group's session to its new supergroup id: Telegram moves
// the group and the bot must keep its language and place.
func (e *Engine) migrate(ctx context.Context, s Session, to Chat) error {
	_, found, err := e.sessions.Load(ctx, to)
	if err != nil || found {
		return err
	}
	moved := s.clone()
	moved.Chat, moved.Version, moved.Applied = to, 0, nil
	if err := e.sessions.Save(ctx, &moved); err != nil && err != ErrConflict {
		return fmt.Errorf("migrate session: %w", err)
	}
	return nil
}
