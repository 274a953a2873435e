package bot

import (
	"context"
	"errors"
	"slices"
)

// committeeQueries are the query kinds runCommittee answers.
var committeeQueries = map[QueryKind]bool{
	QueryRoles: true, QueryMembers: true, QuerySubscription: true, QuerySubscribe: true,
	QueryUnsubscribe: true, QueryGrant: true, QueryRevoke: true, QueryCreate: true,
	QueryCampaign: true, QueryApprove: true, QueryStop: true, QueryCampaigns: true,
	QueryCounts: true, QueryFunnel: true,
}

// Member is a committee member (or super-admin) with the language their
// private chat with the bot is in.
type Member struct {
	User UserID
	Lang Lang
}

// runCommittee answers a committee query. Whatever Step concluded from an
// earlier fact, every action checks the caller's role again here, at the
// moment it takes effect, and writes the audit log.
func (e *Engine) runCommittee(ctx context.Context, q Query) (Fact, error) {
	c := e.committee
	if c == nil {
		return Fact{}, errors.New("bot: committees are not configured")
	}
	entry := AuditEntry{Time: e.now(), Actor: q.User, Area: q.Area}
	var f Fact
	var err error
	switch q.Kind {
	case QueryRoles:
		f.Areas, err = c.areasOf(ctx, q.User)
	case QueryMembers:
		f.Members, err = e.members(ctx, q.Chat.Channel, q.Area)
	case QuerySubscription:
		f.Sub, f.Found, err = c.subs.Subscription(ctx, q.Chat)
	case QuerySubscribe:
		return e.subscribe(ctx, q, entry)
	case QueryUnsubscribe:
		return e.unsubscribe(ctx, q, entry)
	case QueryGrant, QueryRevoke:
		return e.grant(ctx, q, entry)
	case QueryCreate:
		return e.createCampaign(ctx, q, entry)
	case QueryCampaign:
		f.Campaign, f.Found, err = c.camps.Get(ctx, q.ID)
	case QueryApprove, QueryStop:
		return e.decide(ctx, q, entry)
	case QueryCampaigns:
		f.Campaigns, err = e.campaignsOf(ctx, q.User)
	case QueryCounts:
		f.Counts, err = c.subs.Counts(ctx)
	case QueryFunnel:
		if e.funnel != nil {
			f.Funnel, err = e.funnel.Counts(ctx)
		}
	}
	return f, err
}

// members lists who can approve in area: its committee and the
// super-admins, each in the language of their private chat with the bot on
// channel (a user's private chat has the user's id).
func (e *Engine) members(ctx context.Context, channel, area string) ([]Member, error) {
	ids, err := e.committee.roles.Members(ctx, area)
	if err != nil {
		return nil, err
	}
	seen := map[UserID]bool{}
	var out []Member
	for _, id := range append(ids, e.committee.admins...) {
		if seen[id] {
			continue
		}
		seen[id] = true
		s, found, err := e.sessions.Load(ctx, id.PrivateChat())
		if err != nil {
			return nil, err
		}
		m := Member{User: id, Lang: Vietnamese}
		if found {
			m.Lang = s.Lang
		}
		out = append(out, m)
	}
	return out, nil
}

// subscribe opts a private chat in, or registers a group chat, which only
// a committee member of the area may do.
func (e *Engine) subscribe(ctx context.Context, q Query, entry AuditEntry) (Fact, error) {
	c := e.committee
	if _, ok := c.byID[q.Area]; !ok {
		return Fact{Err: ErrNoRole}, nil
	}
	if q.Chat.Kind != ChatPrivate {
		entry.Action, entry.Target = "group.register", q.Chat.Key()
		if f, ok, err := c.check(ctx, entry); !ok {
			return f, err
		}
		if err := c.record(ctx, entry); err != nil {
			return Fact{}, err
		}
	}
	sub := Subscriber{Chat: q.Chat, Area: q.Area, Lang: q.Lang, Since: e.now()}
	if q.Chat.Kind != ChatPrivate {
		sub.By = q.User
	}
	return Fact{Sub: sub, Found: true}, c.subs.Subscribe(ctx, sub)
}

// unsubscribe ends a subscription. Anyone may leave; a group's
// registration ends only by a committee member of its area.
func (e *Engine) unsubscribe(ctx context.Context, q Query, entry AuditEntry) (Fact, error) {
	c := e.committee
	if q.Chat.Kind != ChatPrivate {
		sub, found, err := c.subs.Subscription(ctx, q.Chat)
		if err != nil || !found {
			return Fact{}, err
		}
		entry.Action, entry.Area, entry.Target = "group.unregister", sub.Area, q.Chat.Key()
		if f, ok, err := c.check(ctx, entry); !ok {
			return f, err
		}
		if err := c.record(ctx, entry); err != nil {
			return Fact{}, err
		}
	}
	found, err := c.subs.Unsubscribe(ctx, q.Chat)
	return Fact{Found: found}, err
}

// grant gives or takes a committee role; only super-admins may.
func (e *Engine) grant(ctx context.Context, q Query, entry AuditEntry) (Fact, error) {
	c := e.committee
	entry.Action, entry.Target = "role.grant", string(q.Target)
	if q.Kind == QueryRevoke {
		entry.Action = "role.revoke"
	}
	if !c.isAdmin(q.User) {
		return c.deny(ctx, entry)
	}
	if _, ok := c.byID[q.Area]; !ok || q.Target == "" {
		return Fact{Err: ErrNoRole}, nil
	}
	if err := c.record(ctx, entry); err != nil {
		return Fact{}, err
	}
	if q.Kind == QueryRevoke {
		return Fact{}, c.roles.Revoke(ctx, q.Target, q.Area)
	}
	return Fact{}, c.roles.Grant(ctx, q.Target, q.Area)
}

// createCampaign stores a campaign a committee member of its area wrote.
func (e *Engine) createCampaign(ctx context.Context, q Query, entry AuditEntry) (Fact, error) {
	c := e.committee
	camp := *q.Campaign
	entry.Action, entry.Area = "campaign.create", camp.Area
	entry.Detail = camp.Template + " → " + camp.Audience.Kind
	if err := camp.Check(c.byID[camp.Area]); err != nil {
		// Answers left from an earlier run (a point of another area):
		// checked here, where the campaign is made, not only in Step.
		return Fact{Err: ErrBadCampaign}, nil
	}
	if f, ok, err := c.check(ctx, entry); !ok {
		return f, err
	}
	camp.Author = q.User
	created, err := c.camps.Create(ctx, camp, c.byID[camp.Area].Approval, q.RequestID)
	if err != nil {
		return Fact{}, err
	}
	entry.Target = created.ID
	return Fact{Campaign: created, Found: true}, c.record(ctx, entry)
}

// decide approves or cancels a campaign for a committee member of its area.
// A retried approval by the same person is applied again, which the store
// allows, so that a retry after a failure half-way completes it.
func (e *Engine) decide(ctx context.Context, q Query, entry AuditEntry) (Fact, error) {
	c := e.committee
	entry.Action, entry.Target = "campaign.approve", q.ID
	if q.Kind == QueryStop {
		entry.Action = "campaign.cancel"
	}
	camp, found, err := c.camps.Get(ctx, q.ID)
	if err != nil {
		return Fact{}, err
	}
	if !found {
		return Fact{Err: ErrNoCampaign}, nil
	}
	entry.Area = camp.Area
	if f, ok, err := c.check(ctx, entry); !ok {
		return f, err
	}
	if q.Kind == QueryApprove {
		// Approving again is harmless and finishes what a failed first try
		// left undone (the store's index of campaigns to send).
		camp, err = c.camps.Approve(ctx, q.ID, q.User)
	} else {
		camp, err = c.camps.Cancel(ctx, q.ID, q.User)
	}
	if err != nil {
		if errors.Is(err, ErrSelfApproval) || errors.Is(err, ErrCampaignState) {
			cur, _, gerr := c.camps.Get(ctx, q.ID)
			if gerr != nil {
				return Fact{}, gerr
			}
			return Fact{Campaign: cur, Found: true}, err
		}
		return Fact{}, err
	}
	return Fact{Campaign: camp, Found: true}, c.record(ctx, entry)
}

// campaignsOf lists recent campaigns of the areas user may act in.
func (e *Engine) campaignsOf(ctx context.Context, user UserID) ([]Campaign, error) {
	c := e.committee
	areas, err := c.areasOf(ctx, user)
	if err != nil {
		return nil, err
	}
	var out []Campaign
	for _, a := range areas {
		list, err := c.camps.List(ctx, a, recentCampaigns)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	sortCampaigns(out)
	if len(out) > recentCampaigns {
		out = out[:recentCampaigns]
	}
	return out, nil
}

// recentCampaigns is how many campaigns /campaigns lists.
const recentCampaigns = 8

// sortCampaigns orders campaigns newest first.
func sortCampaigns(cs []Campaign) {
	slices.SortStableFunc(cs, func(a, b Campaign) int { return b.Created.Compare(a.Created) })
}
