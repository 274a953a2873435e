package committee

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/eidbot/eidbot/bot"
)

// queries are the reads and writes of committee state the feature's steps
// ask for. Every one that acts checks the caller's role when it runs,
// whatever the step concluded from an earlier fact, and is audited.
type queries struct {
	roles        *bot.Query[bot.UserID, []string]
	members      *bot.Query[string, []member]
	subscription *bot.Query[bot.Chat, subFact]
	subscribe    *bot.Query[subscribeQ, subFact]
	unsubscribe  *bot.Query[subscribeQ, subFact]
	grant        *bot.Query[grantQ, bool]
	create       *bot.Query[createQ, campaignFact]
	decide       *bot.Query[decideQ, campaignFact]
	campaigns    *bot.Query[bot.UserID, []bot.Campaign]
	counts       *bot.Query[struct{}, []bot.AudienceCount]
	funnel       *bot.Query[struct{}, []bot.FunnelCount]
	reachable    *bot.Query[string, map[string]int]
}

// member is a committee member (or super-admin) with the language their
// private chat with the bot is in.
type member struct {
	user bot.UserID
	lang bot.Lang
}

// subscribeQ subscribes (or unsubscribes) chat; user is who asks, which
// matters for a group.
type subscribeQ struct {
	chat bot.Chat
	area string
	lang bot.Lang
	user bot.UserID
}

// subFact is a chat's subscription, or bot.ErrNoRole.
type subFact struct {
	sub   bot.Subscriber
	found bool
	err   error
}

// grantQ gives (or takes back) target's role in area; user asks.
type grantQ struct {
	user, target bot.UserID
	area         string
	revoke       bool
}

// createQ stores a campaign user wrote.
type createQ struct {
	user      bot.UserID
	campaign  bot.Campaign
	requestID string
}

// decideQ approves or cancels campaign id for user.
type decideQ struct {
	user    bot.UserID
	id      string
	approve bool
}

// campaignFact is a campaign after an action, or the refusal that explains
// why nothing changed.
type campaignFact struct {
	c   bot.Campaign
	err error
}

func (q *queries) register(r *bot.Registry, f *Feature) {
	user := func(u bot.UserID) string { return string(u) }
	none := func(struct{}) string { return "" }
	sub := func(q subscribeQ) string {
		return q.chat.Key() + "|" + q.area + "|" + string(q.lang) + "|" + string(q.user)
	}
	q.roles = bot.NewQuery(r, "roles", user, f.areasOf)
	q.members = bot.NewQuery(r, "members", func(area string) string { return area }, f.runMembers)
	q.subscription = bot.NewQuery(r, "subscription", bot.Chat.Key, func(ctx context.Context, c bot.Chat) (subFact, error) {
		s, found, err := f.cfg.Subscriptions.Subscription(ctx, c)
		return subFact{sub: s, found: found}, err
	})
	q.subscribe = bot.NewQuery(r, "subscribe", sub, f.runSubscribe)
	q.unsubscribe = bot.NewQuery(r, "unsubscribe", sub, f.runUnsubscribe)
	q.grant = bot.NewQuery(r, "grant", func(g grantQ) string {
		return string(g.user) + "|" + string(g.target) + "|" + g.area + "|" + strconv.FormatBool(g.revoke)
	}, f.runGrant)
	q.create = bot.NewQuery(r, "create", func(c createQ) string { return c.requestID }, f.runCreate)
	q.decide = bot.NewQuery(r, "decide", func(d decideQ) string {
		return string(d.user) + "|" + d.id + "|" + strconv.FormatBool(d.approve)
	}, f.runDecide)
	q.campaigns = bot.NewQuery(r, "campaigns", user, f.campaignsOf)
	q.counts = bot.NewQuery(r, "counts", none, func(ctx context.Context, _ struct{}) ([]bot.AudienceCount, error) {
		return f.cfg.Subscriptions.Counts(ctx)
	})
	q.reachable = bot.NewQuery(r, "reachable", func(area string) string { return area }, func(ctx context.Context, area string) (map[string]int, error) {
		if f.cfg.Reachable == nil {
			return nil, nil
		}
		return f.cfg.Reachable(ctx, area)
	})
	q.funnel = bot.NewQuery(r, "funnel", none, func(ctx context.Context, _ struct{}) ([]bot.FunnelCount, error) {
		if f.cfg.Funnel == nil {
			return nil, nil
		}
		return f.cfg.Funnel.Counts(ctx)
	})
}

// runMembers lists who can approve in area: its committee and the
// super-admins, each in the language of their private chat with the bot
// (a user's private chat has the user's id).
func (f *Feature) runMembers(ctx context.Context, area string) ([]member, error) {
	ids, err := f.cfg.Roles.Members(ctx, area)
	if err != nil {
		return nil, err
	}
	seen := map[bot.UserID]bool{}
	var out []member
	for _, id := range append(ids, f.cfg.Admins...) {
		if seen[id] {
			continue
		}
		seen[id] = true
		s, found, err := f.engine.Session(ctx, id.PrivateChat())
		if err != nil {
			return nil, err
		}
		m := member{user: id, lang: bot.Vietnamese}
		if found {
			m.lang = s.Lang
		}
		out = append(out, m)
	}
	return out, nil
}

// runSubscribe opts a private chat in, or registers a group chat, which
// only a committee member of the area may do.
func (f *Feature) runSubscribe(ctx context.Context, q subscribeQ) (subFact, error) {
	if _, ok := f.byID[q.area]; !ok {
		return subFact{err: bot.ErrNoRole}, nil
	}
	sub := bot.Subscriber{Chat: q.chat, Area: q.area, Lang: q.lang, Since: f.engine.Now()}
	if q.chat.Kind != bot.ChatPrivate {
		entry := f.entry(q.user, "group.register", q.area, q.chat.Key())
		if ok, err := f.allowed(ctx, entry); !ok {
			return subFact{err: bot.ErrNoRole}, err
		}
		if err := f.record(ctx, entry); err != nil {
			return subFact{}, err
		}
		sub.By = q.user
	}
	return subFact{sub: sub, found: true}, f.cfg.Subscriptions.Subscribe(ctx, sub)
}

// runUnsubscribe ends a subscription. Anyone may leave; a group's
// registration ends only by a committee member of its area.
func (f *Feature) runUnsubscribe(ctx context.Context, q subscribeQ) (subFact, error) {
	if q.chat.Kind != bot.ChatPrivate {
		sub, found, err := f.cfg.Subscriptions.Subscription(ctx, q.chat)
		if err != nil || !found {
			return subFact{}, err
		}
		entry := f.entry(q.user, "group.unregister", sub.Area, q.chat.Key())
		if ok, err := f.allowed(ctx, entry); !ok {
			return subFact{err: bot.ErrNoRole}, err
		}
		if err := f.record(ctx, entry); err != nil {
			return subFact{}, err
		}
		if err := f.autoAnswerOff(ctx, q.chat); err != nil {
			return subFact{}, err
		}
	}
	found, err := f.cfg.Subscriptions.Unsubscribe(ctx, q.chat)
	return subFact{found: found}, err
}

// runGrant gives or takes a committee role; only super-admins may. The
// fact says whether it was done.
func (f *Feature) runGrant(ctx context.Context, q grantQ) (bool, error) {
	action := "role.grant"
	if q.revoke {
		action = "role.revoke"
	}
	entry := f.entry(q.user, action, q.area, string(q.target))
	if !f.isAdmin(q.user) {
		return false, f.deny(ctx, entry)
	}
	if _, ok := f.byID[q.area]; !ok || q.target == "" {
		return false, nil
	}
	if err := f.record(ctx, entry); err != nil {
		return false, err
	}
	if q.revoke {
		return true, f.cfg.Roles.Revoke(ctx, q.target, q.area)
	}
	return true, f.cfg.Roles.Grant(ctx, q.target, q.area)
}

// entry starts the audit entry of an action by actor.
func (f *Feature) entry(actor bot.UserID, action, area, target string) bot.AuditEntry {
	return bot.AuditEntry{Time: f.engine.Now(), Actor: actor, Action: action, Area: area, Target: target}
}

// may reports whether user may act in area, reading the roles afresh.
func (f *Feature) may(ctx context.Context, user bot.UserID, area string) (bool, error) {
	if _, ok := f.byID[area]; !ok {
		return false, nil
	}
	areas, err := f.areasOf(ctx, user)
	return slices.Contains(areas, area), err
}

// allowed reads afresh whether e.Actor may act in e.Area. A refusal is
// audited; err reports a failure to read the roles or to audit.
func (f *Feature) allowed(ctx context.Context, e bot.AuditEntry) (ok bool, err error) {
	if ok, err = f.may(ctx, e.Actor, e.Area); ok || err != nil {
		return ok, err
	}
	return false, f.deny(ctx, e)
}

// record writes an audit entry. A failure fails the action: an admin
// action that cannot be audited is not carried out.
func (f *Feature) record(ctx context.Context, e bot.AuditEntry) error {
	if err := f.cfg.Audit.Record(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// deny audits a refused action.
func (f *Feature) deny(ctx context.Context, e bot.AuditEntry) error {
	e.Denied = true
	return f.record(ctx, e)
}
