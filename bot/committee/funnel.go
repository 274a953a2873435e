package committee

import (
	"context"
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// EffectMark counts the person at a funnel stage in an area (its Value
// says which). Marking is idempotent, so a retried update does no harm.
const EffectMark bot.EffectKind = "mark"

// funnelMark is the stage and area of a funnel mark; area is "" when the
// person's area is not known.
type funnelMark struct {
	stage, area string
}

// mark requests a funnel mark, if the funnel is configured.
func (f *Feature) mark(t bot.Turn, stage, area string) {
	if f.cfg.Funnel != nil {
		t.Effect(bot.Effect{Kind: EffectMark, Value: funnelMark{stage: stage, area: area}})
	}
}

// applyMark counts the person (the chat) at the mark's stage.
func (f *Feature) applyMark(ctx context.Context, s *bot.Session, ef bot.Effect) error {
	m := ef.Value.(funnelMark)
	if _, err := f.cfg.Funnel.Mark(ctx, s.Chat.Key(), m.area, s.Lang, m.stage); err != nil {
		return fmt.Errorf("funnel %s: %w", m.stage, err)
	}
	return nil
}

// reached counts a person who reached a stage: in their area as far as it
// is known, or in the area of the reception point it happened at. A person
// whose area is not known yet is taken to live there.
func (f *Feature) reached(t bot.Turn, stage, point string) {
	area := t.Area()
	if point != "" {
		area = bot.AreaOf(f.cfg.Areas, point)
		if t.Area() == "" {
			t.SetArea(area)
		}
	}
	f.mark(t, stage, area)
}

// activatedStart handles "I have activated my level-2 account". With the
// person's area known it counts them at once (outcome done); otherwise the
// flow asks for the area.
func (f *Feature) activatedStart(t bot.Turn) string {
	if t.Area() != "" {
		f.mark(t, bot.StageActivated, t.Area())
		return "done"
	}
	return ""
}

// activatedSave counts the person in the area they chose; "elsewhere"
// counts them under no area.
func (f *Feature) activatedSave(t bot.Turn) string {
	area := t.Answer("act_area")
	if _, ok := f.byID[area]; ok {
		t.SetArea(area)
	} else {
		area = ""
	}
	f.mark(t, bot.StageActivated, area)
	return ""
}

// relanguage moves the chat's subscription, if any, to the session's
// language, so that notices follow it.
func (f *Feature) relanguage(ctx context.Context, s *bot.Session, _ bot.Effect) error {
	sub, found, err := f.cfg.Subscriptions.Subscription(ctx, s.Chat)
	if err != nil || !found || sub.Lang == s.Lang {
		return err
	}
	sub.Lang = s.Lang
	if err := f.cfg.Subscriptions.Subscribe(ctx, sub); err != nil {
		return fmt.Errorf("subscription language: %w", err)
	}
	return nil
}

// migrate moves a group's registration to its new supergroup chat.
func (f *Feature) migrate(ctx context.Context, s *bot.Session, ef bot.Effect) error {
	if err := f.cfg.Subscriptions.Migrate(ctx, s.Chat, ef.To); err != nil {
		return fmt.Errorf("migrate group registration: %w", err)
	}
	return nil
}
