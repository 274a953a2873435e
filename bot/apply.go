package bot

import (
	"context"
	"fmt"
)

// apply carries out the side effects of a Step before its session is
// committed. An effect that fails fails the update, which is then retried.
func (e *Engine) apply(ctx context.Context, s *Session, effects []Effect) error {
	for _, ef := range effects {
		switch ef.Kind {
		case EffectForget:
			for _, er := range e.erasers {
				if err := er.Erase(ctx, s.Chat); err != nil {
					return fmt.Errorf("forget: %w", err)
				}
			}
			// The erasers deleted the stored session: store the fresh one
			// as new. A racing writer makes Save fail and the update retry.
			s.Version = 0
			e.log.Info("chat data erased on request", "chat", s.Chat.Key())
		case EffectBlocked:
			e.setBlocked(ctx, s.Chat, ef.Blocked)
		case EffectMigrate:
			if err := e.migrate(ctx, *s, ef.To); err != nil {
				return err
			}
			if e.committee != nil {
				if err := e.committee.subs.Migrate(ctx, s.Chat, ef.To); err != nil {
					return fmt.Errorf("migrate group registration: %w", err)
				}
			}
		case EffectLanguage:
			if err := e.relanguage(ctx, *s); err != nil {
				return err
			}
		case EffectMark:
			if e.funnel == nil {
				continue
			}
			if _, err := e.funnel.Mark(ctx, s.Chat.Key(), ef.Area, s.Lang, ef.Stage); err != nil {
				return fmt.Errorf("funnel %s: %w", ef.Stage, err)
			}
		}
	}
	return nil
}

// relanguage moves the chat's subscription, if any, to the session's
// language.
func (e *Engine) relanguage(ctx context.Context, s Session) error {
	sub, found, err := e.committee.subs.Subscription(ctx, s.Chat)
	if err != nil || !found || sub.Lang == s.Lang {
		return err
	}
	sub.Lang = s.Lang
	if err := e.committee.subs.Subscribe(ctx, sub); err != nil {
		return fmt.Errorf("subscription language: %w", err)
	}
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
