package redisstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/redis/go-redis/v9"
)

// After /forget nothing in the whole keyspace names the chat, in a key or
// in a value, but the update markers that expire by themselves (see
// Store.Erase). The anonymous counters stay, and so do another chat's
// data and the staff data (roles, audit) keyed by user id.
func TestEraseLeavesNothingOfTheChatInTheKeyspace(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx, c := testCtx(t), srv.Client()
	subs, funnel := st.Subscriptions(), st.Funnel()
	fill := func(chat bot.Chat) {
		s := bot.NewSession(chat, "vi", time.Now())
		must(t, st.Save(ctx, &s))
		must(t, st.SetBlocked(ctx, chat, true))
		expectClaim(t, st, chat, 1, bot.ClaimNew)
		must(t, subs.Subscribe(ctx, bot.Subscriber{Chat: chat, Area: "tan_dinh", Lang: "vi"}))
		for _, stage := range bot.Stages {
			_, err := funnel.Mark(ctx, chat.Key(), "tan_dinh", "vi", stage)
			must(t, err)
		}
		must(t, st.Roles().Grant(ctx, bot.UserID(chat.Key()), "tan_dinh"))
		must(t, st.Audit().Record(ctx, bot.AuditEntry{Actor: bot.UserID(chat.Key()), Action: "role.grant", Area: "tan_dinh"}))
	}
	fill(tgChat(101))
	fill(tgChat(202))
	must(t, subs.Subscribe(ctx, bot.Subscriber{Chat: groupChat(-303), Area: "tan_dinh", Lang: "en", By: "tg:101"}))

	must(t, st.Erase(ctx, tgChat(101)))
	must(t, st.Erase(ctx, groupChat(-303)))
	must(t, st.Erase(ctx, tgChat(101))) // erasing twice is harmless

	for _, gone := range []string{"tg:101", "tg:-303"} {
		for key, content := range keyspace(t, c) {
			if strings.Contains(key, ":{role}:") || strings.Contains(key, ":{audit}:") {
				continue // staff data, kept by design (checked below)
			}
			if strings.Contains(key, gone) && !strings.Contains(key, ":upd:") {
				t.Errorf("Erase left key %s", key)
			} else if strings.Contains(content, gone) {
				t.Errorf("Erase left %s in %s: %s", gone, key, content)
			}
		}
	}
	if _, found, err := subs.Subscription(ctx, tgChat(202)); err != nil || !found {
		t.Errorf("another chat's subscription was erased: %v, %v", found, err)
	}
	if stages, err := funnel.Stages(ctx, "tg:202"); err != nil || len(stages) != len(bot.Stages) {
		t.Errorf("another chat's funnel marks: %v, %v", stages, err)
	}
	counts, err := subs.Counts(ctx)
	want := []bot.AudienceCount{{Area: "tan_dinh", Lang: "vi", Kind: bot.AudienceSubscribers, Chats: 1}}
	if err != nil || !slices.Equal(counts, want) {
		t.Errorf("subscription counts after Erase: %v, %v; want %v", counts, err, want)
	}
	fc, err := funnel.Counts(ctx)
	if err != nil || len(fc) != len(bot.Stages) || fc[0].Count != 2 {
		t.Errorf("funnel counts after Erase: %v, %v; want 2 people at every stage", fc, err)
	}
	if areas, err := st.Roles().CommitteeAreas(ctx, "tg:101"); err != nil || len(areas) != 1 {
		t.Errorf("Erase removed staff roles: %v, %v", areas, err)
	}
	verified(t, subs)
}

// keyspace returns every key with its content as text.
func keyspace(t testing.TB, c redis.UniversalClient) map[string]string {
	t.Helper()
	ctx := testCtx(t)
	out := map[string]string{}
	for _, key := range allKeys(t, c) {
		var v any
		switch typ := val(t, c.Type(ctx, key)); typ {
		case "string":
			v = val(t, c.Get(ctx, key))
		case "hash":
			v = val(t, c.HGetAll(ctx, key))
		case "set":
			v = val(t, c.SMembers(ctx, key))
		case "zset":
			v = val(t, c.ZRange(ctx, key, 0, -1))
		case "list":
			v = val(t, c.LRange(ctx, key, 0, -1))
		case "stream":
			v = val(t, c.XRange(ctx, key, "-", "+"))
		default:
			t.Fatalf("%s has type %s", key, typ)
		}
		out[key] = fmt.Sprint(v)
	}
	return out
}
