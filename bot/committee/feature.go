// Package committee is the chat feature of local committees: people
// subscribe to their ward's or commune's notices, committee members
// register group chats, write campaigns (approved by a second member where
// the area wants it), follow their delivery, and see how many people reach
// each stage toward an activated account. Super-admins grant the roles.
// Every action is checked against the actor's role again when it takes
// effect, and audited. The stores are bot interfaces, which internal
// packages implement; cmd/eidbot builds the feature and hands it to the
// engine.
package committee

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/eidbot/eidbot/bot"
)

// Flows of the feature.
const (
	subscribeFlow = "subscribe" // opt in to an area's reminders
	broadcastFlow = "broadcast" // a committee member sets up a campaign
	activatedFlow = "activated" // "I have activated my account"
	noticesFlow   = "notices"   // notices offered after the welcome (a Zalo OA's new follower)
)

// Config is the committees part of the bot's configuration.
type Config struct {
	// Admins are the super-admins (EIDBOT_ADMIN_IDS): they act in every
	// area and grant and revoke committee roles.
	Admins        []bot.UserID
	Areas         []bot.Area // the communes and wards, at least one
	Roles         bot.Roles
	Audit         bot.AuditLog
	Subscriptions bot.Subscriptions
	Campaigns     bot.Campaigns
	Funnel        bot.Funnel // optional: counts people toward the areas' targets
	// Directory names the reception points of an area in /broadcast;
	// optional.
	Directory bot.Directory
	// AutoAnswers keeps which registered groups turned on auto-answer
	// (/autoanswer); optional. The engine reads the same store.
	AutoAnswers bot.AutoAnswers
	// Reachable, optional, counts an area's subscribers whom a campaign
	// could reach now, per channel, for the channels that may not write
	// to everyone at any time (a Zalo OA: only within each person's reply
	// window or the OA's quota). The /broadcast preview shows it.
	Reachable func(ctx context.Context, area string) (map[string]int, error)
}

// Feature is the committees feature of one engine.
type Feature struct {
	cfg    Config
	byID   map[string]bot.Area
	engine *bot.Engine // for the languages of approvers and for messages outside a turn
	q      queries
	auto   *bot.Query[autoQ, autoFact]
}

// New checks cfg and returns the feature, for Config.Features of an engine.
func New(cfg Config) (*Feature, error) {
	switch {
	case cfg.Roles == nil || cfg.Audit == nil || cfg.Subscriptions == nil || cfg.Campaigns == nil:
		return nil, errors.New("committee: needs roles, an audit log, subscriptions and campaigns")
	case len(cfg.Areas) == 0:
		return nil, errors.New("committee: needs at least one area")
	}
	f := &Feature{cfg: cfg, byID: map[string]bot.Area{}}
	f.cfg.Admins = slices.Clone(cfg.Admins)
	for _, a := range cfg.Areas {
		if _, dup := f.byID[a.ID]; dup {
			return nil, fmt.Errorf("committee: area %q is listed twice", a.ID)
		}
		f.byID[a.ID] = a
	}
	return f, nil
}

// Register adds the feature's commands, callbacks, deep link, actions,
// pickers, guard, queries and effects to r. It remembers r's engine, so a
// Feature serves one engine. It reads nothing from the configuration, so
// the zero Feature declares the same names (for checking flow files
// without stores).
func (f *Feature) Register(r *bot.Registry) {
	f.engine = r.Engine()
	f.registerCommands(r)
	r.Link("subscribe", subscribeFlow)
	r.LinkPrefix(noticesLink, f.offerNotices)
	for name, a := range map[string]bot.Action{
		"subscription_show": f.subscriptionShow, "subscribe": f.subscribe, "notices_offer": f.noticesOffer,
		"activated_start": f.activatedStart, "activated_save": f.activatedSave,
		"broadcast_start": f.broadcastStart, "broadcast_preview": f.preview, "broadcast_submit": f.submit,
	} {
		r.Action(name, a)
	}
	r.Picker("all_areas", bot.Picker{Options: f.pickAllAreas})
	r.Picker("my_areas", bot.Picker{Options: f.pickMyAreas})
	r.Picker("area_points", bot.Picker{Options: f.pickAreaPoints})
	r.Guard(broadcastFlow, f.guard)
	r.Reached(f.reached)
	r.Effect(EffectMark, f.applyMark)
	r.Effect(bot.EffectLanguage, f.relanguage)
	r.Effect(bot.EffectMigrate, f.migrate)
	f.q.register(r, f)
	f.registerAutoAnswer(r)
}

// isAdmin reports whether user is a super-admin. Only the id counts: names
// and group admin rights can be faked or changed.
func (f *Feature) isAdmin(user bot.UserID) bool {
	return user != "" && slices.Contains(f.cfg.Admins, user)
}

// areaIDs lists every area id in file order.
func (f *Feature) areaIDs() []string {
	ids := make([]string, len(f.cfg.Areas))
	for i, a := range f.cfg.Areas {
		ids[i] = a.ID
	}
	return ids
}

// areasOf returns the areas user may act in: all for a super-admin, else
// their committee areas as stored now.
func (f *Feature) areasOf(ctx context.Context, user bot.UserID) ([]string, error) {
	if f.isAdmin(user) {
		return f.areaIDs(), nil
	}
	if user == "" {
		return nil, nil
	}
	return f.cfg.Roles.CommitteeAreas(ctx, user)
}

// areaIn is an area's name in lang, or its id when it is not in the data.
func (f *Feature) areaIn(id string, lang bot.Lang) string {
	if a, ok := f.byID[id]; ok {
		return a.Name(lang)
	}
	return id
}

// areaName is an area's name in the session's language, escaped.
func (f *Feature) areaName(t bot.Turn, id string) string { return bot.Escape(f.areaIn(id, t.Lang())) }
