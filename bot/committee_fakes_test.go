package bot_test

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/eidbot/eidbot/bot"
)

// In-memory committee stores with the contracts of bot/committee.go and
// bot/campaign.go. The Redis implementations have their own tests against
// a real redis-server; these let the engine's tests run without one.

type memCommittee struct {
	mu        sync.Mutex
	roles     map[bot.UserID][]string
	audit     []bot.AuditEntry
	subs      map[string]bot.Subscriber
	campaigns map[string]bot.Campaign
	requests  map[string]string
	marks     map[string]bool
	counts    map[bot.FunnelCount]int
}

func newMemCommittee() *memCommittee {
	return &memCommittee{roles: map[bot.UserID][]string{}, subs: map[string]bot.Subscriber{},
		campaigns: map[string]bot.Campaign{}, requests: map[string]string{}, marks: map[string]bool{},
		counts: map[bot.FunnelCount]int{}}
}

func (m *memCommittee) CommitteeAreas(_ context.Context, user bot.UserID) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(slices.Values(m.roles[user])), nil
}

func (m *memCommittee) Grant(_ context.Context, user bot.UserID, area string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.Contains(m.roles[user], area) {
		m.roles[user] = append(m.roles[user], area)
	}
	return nil
}

func (m *memCommittee) Revoke(_ context.Context, user bot.UserID, area string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.roles[user] = slices.DeleteFunc(m.roles[user], func(a string) bool { return a == area })
	return nil
}

func (m *memCommittee) Members(_ context.Context, area string) ([]bot.UserID, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.UserID
	for u, areas := range m.roles {
		if slices.Contains(areas, area) {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (m *memCommittee) Record(_ context.Context, e bot.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.audit = append(m.audit, e)
	return nil
}

func (m *memCommittee) Recent(_ context.Context, n int) ([]bot.AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.audit)
	slices.Reverse(out)
	return out[:min(n, len(out))], nil
}

func (m *memCommittee) Subscribe(_ context.Context, s bot.Subscriber) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.subs[s.Chat.Key()] = s
	return nil
}

func (m *memCommittee) Unsubscribe(_ context.Context, chat bot.Chat) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.subs[chat.Key()]
	delete(m.subs, chat.Key())
	return ok, nil
}

func (m *memCommittee) Subscription(_ context.Context, chat bot.Chat) (bot.Subscriber, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.subs[chat.Key()]
	return s, ok, nil
}

func (m *memCommittee) Migrate(_ context.Context, from, to bot.Chat) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.subs[from.Key()]; ok {
		delete(m.subs, from.Key())
		s.Chat = to
		m.subs[to.Key()] = s
	}
	return nil
}

func (m *memCommittee) Each(_ context.Context, area, kind string, fn func(bot.Subscriber) error) error {
	m.mu.Lock()
	var list []bot.Subscriber
	for _, s := range m.subs {
		if s.Area == area && kindOf(s.Chat) == kind {
			list = append(list, s)
		}
	}
	m.mu.Unlock()
	for _, s := range list {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func kindOf(c bot.Chat) string {
	if c.Kind == bot.ChatPrivate {
		return bot.AudienceSubscribers
	}
	return bot.AudienceGroups
}

func (m *memCommittee) Counts(context.Context) ([]bot.AudienceCount, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := map[bot.AudienceCount]int{}
	for _, s := range m.subs {
		n[bot.AudienceCount{Area: s.Area, Lang: s.Lang, Kind: kindOf(s.Chat)}]++
	}
	var out []bot.AudienceCount
	for k, v := range n {
		k.Chats = v
		out = append(out, k)
	}
	return out, nil
}

func (m *memCommittee) Create(_ context.Context, c bot.Campaign, approval bool, req string) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.requests[req]; ok {
		return m.campaigns[id], nil
	}
	c.ID = fmt.Sprintf("%d", len(m.campaigns)+1)
	c.Status = bot.CampaignScheduled
	if approval {
		c.Status = bot.CampaignAwaiting
	}
	m.campaigns[c.ID], m.requests[req] = c, c.ID
	return c, nil
}

func (m *memCommittee) Get(_ context.Context, id string) (bot.Campaign, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.campaigns[id]
	return c, ok, nil
}

func (m *memCommittee) Approve(_ context.Context, id string, by bot.UserID) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.campaigns[id]
	switch {
	case !ok:
		return c, bot.ErrNoCampaign
	case c.Author == by:
		return c, bot.ErrSelfApproval
	case c.Status != bot.CampaignAwaiting:
		return c, bot.ErrCampaignState
	}
	c.Status, c.Approver = bot.CampaignScheduled, by
	m.campaigns[id] = c
	return c, nil
}

func (m *memCommittee) Cancel(_ context.Context, id string, by bot.UserID) (bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.campaigns[id]
	switch {
	case !ok:
		return c, bot.ErrNoCampaign
	case c.Status == bot.CampaignDone:
		return c, bot.ErrCampaignState
	}
	c.Status, c.Canceller = bot.CampaignCancelled, by
	m.campaigns[id] = c
	return c, nil
}

func (m *memCommittee) List(_ context.Context, area string, n int) ([]bot.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.Campaign
	for _, c := range m.campaigns {
		if area == "" || c.Area == area {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b bot.Campaign) int { return b.Created.Compare(a.Created) })
	return out[:min(n, len(out))], nil
}

func (m *memCommittee) Mark(_ context.Context, person, area string, lang bot.Lang, stage string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.marks[person+"|"+stage] {
		return false, nil
	}
	m.marks[person+"|"+stage] = true
	m.counts[bot.FunnelCount{Area: area, Lang: lang, Stage: stage}]++
	return true, nil
}

func (m *memCommittee) FunnelCounts() []bot.FunnelCount {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.FunnelCount
	for k, v := range m.counts {
		k.Count = v
		out = append(out, k)
	}
	return out
}

// memFunnel adapts memCommittee to bot.Funnel, whose Counts clashes with
// Subscriptions.Counts.
type memFunnel struct{ *memCommittee }

func (f memFunnel) Counts(context.Context) ([]bot.FunnelCount, error) { return f.FunnelCounts(), nil }

func (m *memCommittee) denied() []bot.AuditEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.AuditEntry
	for _, e := range m.audit {
		if e.Denied {
			out = append(out, e)
		}
	}
	return out
}

func (m *memCommittee) campaign(id string) bot.Campaign {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.campaigns[id]
}
