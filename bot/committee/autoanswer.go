package committee

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// errNotRegistered refuses auto-answer in a group no committee registered:
// nobody would be responsible for what the bot says there.
var errNotRegistered = errors.New("committee: the group is not registered")

// errNoAutoAnswers means the server keeps no auto-answer settings.
var errNoAutoAnswers = errors.New("committee: auto-answer is not configured")

// autoQ asks for a group's auto-answer setting, or with set to change it
// to on on behalf of user.
type autoQ struct {
	chat bot.Chat
	user bot.UserID
	set  bool
	on   bool
}

// autoFact is a group's auto-answer setting after the query, or why it
// was not changed (bot.ErrNoRole, errNotRegistered, errNoAutoAnswers).
type autoFact struct {
	on  bool
	err error
}

// registerAutoAnswer registers /autoanswer, with which a committee member
// of a registered group's area lets the bot answer questions there that
// nobody addressed to it (bot.Engine answers them), and the query that
// reads and sets it.
func (f *Feature) registerAutoAnswer(r *bot.Registry) {
	r.Command("autoanswer", bot.Command{
		Private: func(t bot.Turn, _ string) {
			t.Say("autoanswer.group_only", nil)
			t.Flush([][]bot.Button{{t.MenuButton()}})
		},
		Group: f.autoAnswer,
	})
	f.auto = bot.NewQuery(r, "autoanswer", func(q autoQ) string {
		return fmt.Sprintf("%s|%s|%t|%t", q.chat.Key(), q.user, q.set, q.on)
	}, f.runAutoAnswer)
	r.Effect(bot.EffectMigrate, f.migrateAutoAnswer)
}

// autoAnswer handles "/autoanswer on|off" in a group; anything else shows
// whether it is on.
func (f *Feature) autoAnswer(t bot.Turn, payload string) {
	q := autoQ{chat: t.Chat(), user: t.User().ID}
	switch strings.ToLower(strings.TrimSpace(payload)) {
	case "on":
		q.set, q.on = true, true
	case "off":
		q.set = true
	}
	fact, ok := bot.Ask(t, f.auto, q)
	if !ok {
		return
	}
	msg := "autoanswer.off"
	switch {
	case errors.Is(fact.err, errNoAutoAnswers):
		msg = "autoanswer.unavailable"
	case errors.Is(fact.err, errNotRegistered):
		msg = "autoanswer.not_registered"
	case errors.Is(fact.err, bot.ErrNoRole):
		msg = "committee.denied"
	case !q.set && fact.on:
		msg = "autoanswer.status_on"
	case !q.set:
		msg = "autoanswer.status_off"
	case fact.on:
		msg = "autoanswer.on"
	}
	t.Say(msg, nil)
	t.Flush(nil)
}

// runAutoAnswer reads a group's setting or, for a committee member of the
// area the group is registered to (or a super-admin), changes it. Every
// attempt to change it is audited, refused ones too.
func (f *Feature) runAutoAnswer(ctx context.Context, q autoQ) (autoFact, error) {
	store := f.cfg.AutoAnswers
	if store == nil {
		return autoFact{err: errNoAutoAnswers}, nil
	}
	if !q.set {
		on, err := store.AutoAnswer(ctx, q.chat)
		return autoFact{on: on}, err
	}
	sub, found, err := f.cfg.Subscriptions.Subscription(ctx, q.chat)
	if err != nil || !found {
		return autoFact{err: errNotRegistered}, err
	}
	action := "group.autoanswer_off"
	if q.on {
		action = "group.autoanswer_on"
	}
	entry := f.entry(q.user, action, sub.Area, q.chat.Key())
	if ok, err := f.allowed(ctx, entry); !ok {
		return autoFact{err: bot.ErrNoRole}, err
	}
	if err := f.record(ctx, entry); err != nil {
		return autoFact{}, err
	}
	return autoFact{on: q.on}, store.SetAutoAnswer(ctx, q.chat, q.on)
}

// autoAnswerOff turns auto-answer off in a group whose registration ends.
func (f *Feature) autoAnswerOff(ctx context.Context, chat bot.Chat) error {
	if f.cfg.AutoAnswers == nil {
		return nil
	}
	return f.cfg.AutoAnswers.SetAutoAnswer(ctx, chat, false)
}

// migrateAutoAnswer keeps auto-answer on for a group that became a
// supergroup, as its registration moves with it.
func (f *Feature) migrateAutoAnswer(ctx context.Context, s *bot.Session, ef bot.Effect) error {
	store := f.cfg.AutoAnswers
	if store == nil {
		return nil
	}
	on, err := store.AutoAnswer(ctx, s.Chat)
	if err != nil || !on {
		return err
	}
	if err := store.SetAutoAnswer(ctx, ef.To, true); err != nil {
		return fmt.Errorf("migrate auto-answer: %w", err)
	}
	return store.SetAutoAnswer(ctx, s.Chat, false)
}
