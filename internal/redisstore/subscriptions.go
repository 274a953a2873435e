package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// eachPage is how many chats Each reads per round trip: it bounds Each's
// memory whatever the audience's size.
const eachPage = 500

// Subscriptions is the Redis implementation of bot.Subscriptions. Every
// change is one script over the chat's record, the audience index and the
// counters (all under the {sub} tag, see keys.go), so Counts always equals
// what Each would visit. Private chats are AudienceSubscribers; groups
// (and channels) are AudienceGroups.
type Subscriptions struct {
	st  *Store
	now func() time.Time
}

var _ bot.Subscriptions = (*Subscriptions)(nil)

// Subscriptions returns the subscription store on st's Redis. Closing st
// closes it.
func (st *Store) Subscriptions() *Subscriptions { return &Subscriptions{st: st, now: time.Now} }

// WithClock returns the store stamping subscriptions without a Since
// from now.
func (s *Subscriptions) WithClock(now func() time.Time) *Subscriptions {
	c := *s
	c.now = now
	return &c
}

// audienceOf is the audience kind a chat belongs to.
func audienceOf(chat bot.Chat) string {
	if chat.Kind == bot.ChatPrivate {
		return bot.AudienceSubscribers
	}
	return bot.AudienceGroups
}

// audiencePrefix starts the audience members of one area and kind.
func audiencePrefix(kind, area string) string { return kind + "|" + area + "|" }

// entry lays a subscription out as the record's counter field, audience
// member and JSON.
func entry(sub bot.Subscriber) (field, member string, data []byte, err error) {
	switch {
	case checkArea(sub.Area) != nil:
		return "", "", nil, checkArea(sub.Area)
	case strings.Contains(string(sub.Lang), "|"):
		return "", "", nil, fmt.Errorf("bad language %q", sub.Lang)
	case sub.Chat.Channel == "":
		return "", "", nil, errors.New("chat has no channel")
	}
	kind := audienceOf(sub.Chat)
	data, err = json.Marshal(sub)
	return counterField(sub.Area, sub.Lang, kind, sub.Chat.Channel), audiencePrefix(kind, sub.Area) + sub.Chat.Key(), data, err
}

// counterField names a subscription counter: "area|lang|kind" for
// Telegram, as every counter was named before other channels came, and
// "area|lang|kind|channel" for the others.
func counterField(area string, lang bot.Lang, kind, channel string) string {
	f := area + "|" + string(lang) + "|" + kind
	if channel != bot.ChannelTelegram {
		f += "|" + channel
	}
	return f
}

// Subscribe stores the chat's subscription (or group registration),
// moving it from the area or language it had. Since is set to now when
// zero.
func (s *Subscriptions) Subscribe(ctx context.Context, sub bot.Subscriber) error {
	if sub.Since.IsZero() {
		sub.Since = s.now()
	}
	field, member, data, err := entry(sub)
	if err != nil {
		return fmt.Errorf("redisstore: subscribe %s: %w", sub.Chat.Key(), err)
	}
	st := s.st
	keys := []string{st.subChatKey(sub.Chat), st.subCountsKey(), st.audienceKey()}
	err = subscribeScript.Run(ctx, st.batch, keys, field, member, data).Err()
	return unavailable("subscribe "+sub.Chat.Key(), err)
}

// Unsubscribe removes the chat's subscription or group registration and
// reports whether there was one. (A retry after a lost reply reports
// false: the first attempt removed it.)
func (s *Subscriptions) Unsubscribe(ctx context.Context, chat bot.Chat) (bool, error) {
	st := s.st
	keys := []string{st.subChatKey(chat), st.subCountsKey(), st.audienceKey()}
	n, err := unsubscribeScript.Run(ctx, st.batch, keys).Int()
	if err != nil {
		return false, unavailable("unsubscribe "+chat.Key(), err)
	}
	return n == 1, nil
}

// Subscription returns the chat's subscription or group registration.
func (s *Subscriptions) Subscription(ctx context.Context, chat bot.Chat) (bot.Subscriber, bool, error) {
	data, err := s.st.rdb.HGet(ctx, s.st.subChatKey(chat), "d").Result()
	if errors.Is(err, redis.Nil) {
		return bot.Subscriber{}, false, nil
	}
	if err != nil {
		return bot.Subscriber{}, false, unavailable("read subscription of "+chat.Key(), err)
	}
	sub, err := decodeSubscriber(chat.Key(), data)
	return sub, err == nil, err
}

func decodeSubscriber(chat, data string) (bot.Subscriber, error) {
	var sub bot.Subscriber
	if err := json.Unmarshal([]byte(data), &sub); err != nil {
		return bot.Subscriber{}, fmt.Errorf("redisstore: subscription of %s: %w", chat, err)
	}
	return sub, nil
}

// Migrate moves a group's registration to its new supergroup chat, keeping
// area, language, Since and By. Nothing happens when from has no
// registration. When to has one already (somebody registered the
// supergroup), to's is kept and from's is deleted.
func (s *Subscriptions) Migrate(ctx context.Context, from, to bot.Chat) error {
	if from.Key() == to.Key() {
		return nil
	}
	st := s.st
	keys := []string{st.subChatKey(from), st.subChatKey(to), st.subCountsKey(), st.audienceKey()}
	for range maxAttempts {
		old, err := st.rdb.HGet(ctx, st.subChatKey(from), "d").Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		if err != nil {
			return unavailable("read subscription of "+from.Key(), err)
		}
		sub, err := decodeSubscriber(from.Key(), old)
		if err != nil {
			return err
		}
		sub.Chat = to
		field, member, data, err := entry(sub)
		if err != nil {
			return fmt.Errorf("redisstore: migrate %s: %w", from.Key(), err)
		}
		n, err := migrateScript.Run(ctx, st.batch, keys, old, field, member, data).Int()
		if err != nil {
			return unavailable("migrate "+from.Key()+" to "+to.Key(), err)
		}
		if n >= 0 {
			return nil
		}
	}
	return unavailable("migrate "+from.Key(), errContended)
}

// Each calls fn for every chat of kind (bot.AudienceSubscribers or
// bot.AudienceGroups) in area, ordered by chat key, reading eachPage chats
// at a time. It resumes each page after the last chat it saw, so a chat
// that stays subscribed throughout is visited exactly once even while
// others come and go; a chat that subscribes meanwhile may or may not be
// visited. fn's error stops Each and is returned as it is.
func (s *Subscriptions) Each(ctx context.Context, area, kind string, fn func(bot.Subscriber) error) error {
	if kind != bot.AudienceSubscribers && kind != bot.AudienceGroups {
		return fmt.Errorf("redisstore: each: audience kind %q is not subscribers or groups", kind)
	}
	if err := checkArea(area); err != nil {
		return fmt.Errorf("redisstore: each: %w", err)
	}
	prefix := audiencePrefix(kind, area)
	start := "[" + prefix
	for {
		subs, last, err := s.page(ctx, prefix, start)
		if err != nil || last == "" {
			return err
		}
		for _, sub := range subs {
			if err := fn(sub); err != nil {
				return err
			}
		}
		start = "(" + last
	}
}

// page reads up to eachPage chats of an audience from start on, and
// returns them with the last member read ("" at the end). Members whose
// chat left or moved since are skipped.
func (s *Subscriptions) page(ctx context.Context, prefix, start string) ([]bot.Subscriber, string, error) {
	st := s.st
	members, err := st.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{
		Key: st.audienceKey(), Start: start, Stop: "(" + prefix + "\xff", ByLex: true, Count: eachPage,
	}).Result()
	if err != nil || len(members) == 0 {
		return nil, "", unavailable("read audience "+prefix, err)
	}
	cmds := make([]*redis.SliceCmd, len(members))
	_, err = st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, m := range members {
			cmds[i] = p.HMGet(ctx, st.subTag()+"chat:"+strings.TrimPrefix(m, prefix), "m", "d")
		}
		return nil
	})
	if err != nil {
		return nil, "", unavailable("read audience "+prefix, err)
	}
	subs := make([]bot.Subscriber, 0, len(members))
	for i, c := range cmds {
		v := c.Val()
		m, _ := v[0].(string)
		data, _ := v[1].(string)
		if m != members[i] {
			continue
		}
		sub, err := decodeSubscriber(strings.TrimPrefix(m, prefix), data)
		if err != nil {
			return nil, "", err
		}
		subs = append(subs, sub)
	}
	return subs, members[len(members)-1], nil
}

// Counts returns the number of chats by area, language, kind and channel,
// sorted in that order; zero counts are left out. It reads the
// counters the scripts keep, one hash, never the audiences.
func (s *Subscriptions) Counts(ctx context.Context) ([]bot.AudienceCount, error) {
	fields, err := s.st.rdb.HGetAll(ctx, s.st.subCountsKey()).Result()
	if err != nil {
		return nil, unavailable("read subscription counts", err)
	}
	out := make([]bot.AudienceCount, 0, len(fields))
	for f, v := range fields {
		parts := strings.Split(f, "|")
		n, err := strconv.Atoi(v)
		if len(parts) < 3 || len(parts) > 4 || err != nil {
			return nil, fmt.Errorf("redisstore: bad subscription counter %q = %q", f, v)
		}
		if n > 0 {
			c := bot.AudienceCount{Area: parts[0], Lang: bot.Lang(parts[1]), Kind: parts[2], Chats: n}
			if len(parts) == 4 {
				c.Channel = parts[3]
			}
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b bot.AudienceCount) int {
		return cmp.Or(cmp.Compare(a.Area, b.Area), cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Channel, b.Channel))
	})
	return out, nil
}
