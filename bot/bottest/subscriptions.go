package bottest

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Subscriptions is an in-memory bot.Subscriptions.
type Subscriptions struct {
	mu   sync.Mutex
	now  func() time.Time
	subs map[string]bot.Subscriber // by chat key
}

var _ bot.Subscriptions = (*Subscriptions)(nil)

// NewSubscriptions returns an empty store that stamps Since with now.
func NewSubscriptions(now func() time.Time) *Subscriptions {
	return &Subscriptions{now: now, subs: map[string]bot.Subscriber{}}
}

// audienceOf is the audience kind a chat belongs to.
func audienceOf(c bot.Chat) string {
	if c.Kind == bot.ChatPrivate {
		return bot.AudienceSubscribers
	}
	return bot.AudienceGroups
}

// Subscribe stores the chat's subscription, moving any it had.
func (m *Subscriptions) Subscribe(_ context.Context, s bot.Subscriber) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s.Since.IsZero() {
		s.Since = m.now()
	}
	m.subs[s.Chat.Key()] = s
	return nil
}

// Unsubscribe removes the chat's subscription and reports whether it had one.
func (m *Subscriptions) Unsubscribe(_ context.Context, chat bot.Chat) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.subs[chat.Key()]
	delete(m.subs, chat.Key())
	return ok, nil
}

// Subscription returns the chat's subscription.
func (m *Subscriptions) Subscription(_ context.Context, chat bot.Chat) (bot.Subscriber, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.subs[chat.Key()]
	if !ok {
		return bot.Subscriber{}, false, nil
	}
	s, err := copyOf(s)
	return s, true, err
}

// Migrate moves a group's registration to its new chat; one the new chat
// has already is kept.
func (m *Subscriptions) Migrate(_ context.Context, from, to bot.Chat) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.subs[from.Key()]
	if !ok || from.Key() == to.Key() {
		return nil
	}
	delete(m.subs, from.Key())
	if _, taken := m.subs[to.Key()]; !taken {
		s.Chat = to
		m.subs[to.Key()] = s
	}
	return nil
}

// Each calls fn for every chat of kind in area, by chat key.
func (m *Subscriptions) Each(_ context.Context, area, kind string, fn func(bot.Subscriber) error) error {
	m.mu.Lock()
	var list []bot.Subscriber
	for _, s := range m.subs {
		if s.Area == area && audienceOf(s.Chat) == kind {
			list = append(list, s)
		}
	}
	m.mu.Unlock()
	slices.SortFunc(list, func(a, b bot.Subscriber) int { return cmp.Compare(a.Chat.Key(), b.Chat.Key()) })
	for _, s := range list {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// Counts returns the number of chats by area, language, kind and channel
// ("" for Telegram), sorted.
func (m *Subscriptions) Counts(context.Context) ([]bot.AudienceCount, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := map[bot.AudienceCount]int{}
	for _, s := range m.subs {
		c := bot.AudienceCount{Area: s.Area, Lang: s.Lang, Kind: audienceOf(s.Chat)}
		if s.Chat.Channel != bot.ChannelTelegram {
			c.Channel = s.Chat.Channel
		}
		n[c]++
	}
	out := make([]bot.AudienceCount, 0, len(n))
	for k, v := range n {
		k.Chats = v
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b bot.AudienceCount) int {
		return cmp.Or(cmp.Compare(a.Area, b.Area), cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Channel, b.Channel))
	})
	return out, nil
}
