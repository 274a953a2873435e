package bottest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// TestRoles checks the contract of bot.Roles.
func TestRoles(t *testing.T, open func(t *testing.T) bot.Roles) {
	st, ctx := open(t), contractCtx(t)
	for _, g := range []struct {
		user bot.UserID
		area string
	}{{"tg:2", "ben_thanh"}, {"tg:1", "sai_gon"}, {"tg:1", "ben_thanh"}, {"tg:1", "ben_thanh"}, {"zb:ab12", "ben_thanh"}} {
		must(t, "Grant", st.Grant(ctx, g.user, g.area))
	}
	if got, err := st.CommitteeAreas(ctx, "tg:1"); err != nil || !slices.Equal(got, []string{"ben_thanh", "sai_gon"}) {
		t.Fatalf("CommitteeAreas = %v, %v", got, err)
	}
	if got, err := st.Members(ctx, "ben_thanh"); err != nil || !slices.Equal(got, []bot.UserID{"tg:1", "tg:2", "zb:ab12"}) {
		t.Fatalf("Members = %v, %v", got, err)
	}
	must(t, "Revoke", st.Revoke(ctx, "tg:1", "ben_thanh"))
	must(t, "Revoke again", st.Revoke(ctx, "tg:1", "ben_thanh"))
	if got, err := st.CommitteeAreas(ctx, "tg:1"); err != nil || !slices.Equal(got, []string{"sai_gon"}) {
		t.Fatalf("CommitteeAreas after Revoke = %v, %v", got, err)
	}
	if got, err := st.Members(ctx, "ben_thanh"); err != nil || !slices.Equal(got, []bot.UserID{"tg:2", "zb:ab12"}) {
		t.Fatalf("Members after Revoke = %v, %v", got, err)
	}
	if got, err := st.CommitteeAreas(ctx, "tg:9"); err != nil || len(got) != 0 {
		t.Fatalf("a user without a role: %v, %v", got, err)
	}
}

// TestAuditLog checks the contract of bot.AuditLog: entries come back
// newest first.
func TestAuditLog(t *testing.T, open func(t *testing.T) bot.AuditLog) {
	st, ctx := open(t), contractCtx(t)
	at := time.Date(2031, 3, 10, 2, 0, 0, 0, time.UTC)
	for i, action := range []string{"role.grant", "campaign.create", "campaign.cancel"} {
		e := bot.AuditEntry{Time: at.Add(time.Duration(i) * time.Minute), Actor: "tg:1", Action: action, Area: "ben_thanh",
			Denied: action == "campaign.cancel"}
		must(t, "Record", st.Record(ctx, e))
	}
	got, err := st.Recent(ctx, 2)
	if err != nil || len(got) != 2 || got[0].Action != "campaign.cancel" || !got[0].Denied || got[1].Action != "campaign.create" ||
		!got[1].Time.Equal(at.Add(time.Minute)) || got[1].Actor != "tg:1" {
		t.Fatalf("Recent(2) = %+v, %v", got, err)
	}
	if got, err := st.Recent(ctx, 10); err != nil || len(got) != 3 {
		t.Fatalf("Recent(10) = %d entries, %v", len(got), err)
	}
}

// TestFunnel checks the contract of bot.Funnel: a person counts once per
// stage, where they were first counted.
func TestFunnel(t *testing.T, open func(t *testing.T) bot.Funnel) {
	st, ctx := open(t), contractCtx(t)
	marks := []struct {
		person, area string
		lang         bot.Lang
		stage        string
		counted      bool
	}{
		{"tg:1", "a", bot.Vietnamese, bot.StageChecked, true},
		{"tg:1", "a", bot.Vietnamese, bot.StageChecked, false},
		{"tg:1", "b", bot.English, bot.StageChecked, false},
		{"tg:2", "a", bot.Vietnamese, bot.StageChecked, true},
		{"tg:1", "a", bot.Vietnamese, bot.StageEligible, true},
		{"tg:3", "", bot.Korean, bot.StageActivated, true},
	}
	for _, m := range marks {
		counted, err := st.Mark(ctx, m.person, m.area, m.lang, m.stage)
		if err != nil || counted != m.counted {
			t.Fatalf("Mark(%+v) = %v, %v", m, counted, err)
		}
	}
	got, err := st.Counts(ctx)
	want := []bot.FunnelCount{
		{Area: "", Lang: bot.Korean, Stage: bot.StageActivated, Count: 1},
		{Area: "a", Lang: bot.Vietnamese, Stage: bot.StageChecked, Count: 2},
		{Area: "a", Lang: bot.Vietnamese, Stage: bot.StageEligible, Count: 1},
	}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Counts = %+v, %v; want %+v", got, err, want)
	}
}

// TestSubscriptions checks the contract of bot.Subscriptions: one
// subscription per chat, counted by area, language, kind and channel.
func TestSubscriptions(t *testing.T, open func(t *testing.T) bot.Subscriptions) {
	st, ctx := open(t), contractCtx(t)
	group := bot.Chat{Channel: bot.ChannelTelegram, ID: "-100500", Kind: bot.ChatGroup}
	since := time.Date(2031, 3, 10, 2, 0, 0, 0, time.UTC)
	for _, s := range []bot.Subscriber{
		{Chat: chatB, Area: "a", Lang: bot.Korean, Since: since},
		{Chat: chatA, Area: "b", Lang: bot.Vietnamese, Since: since},
		{Chat: chatA, Area: "a", Lang: bot.Vietnamese, Since: since}, // moves chatA to a
		{Chat: group, Area: "a", Lang: bot.Vietnamese, Since: since, By: "tg:11"},
	} {
		must(t, "Subscribe", st.Subscribe(ctx, s))
	}
	if s, found, err := st.Subscription(ctx, group); err != nil || !found || s.Area != "a" || s.By != "tg:11" || !s.Since.Equal(since) {
		t.Fatalf("Subscription = %+v, %v, %v", s, found, err)
	}
	var seen []string
	err := st.Each(ctx, "a", bot.AudienceSubscribers, func(s bot.Subscriber) error {
		seen = append(seen, s.Chat.Key())
		return nil
	})
	if err != nil || !slices.Equal(seen, []string{chatA.Key(), chatB.Key()}) {
		t.Fatalf("Each subscribers of a: %v, %v", seen, err)
	}
	stop := errors.New("stop")
	if err := st.Each(ctx, "a", bot.AudienceGroups, func(bot.Subscriber) error { return stop }); err != stop {
		t.Fatalf("Each did not return fn's error: %v", err)
	}
	counts, err := st.Counts(ctx)
	want := []bot.AudienceCount{
		{Area: "a", Lang: bot.Korean, Kind: bot.AudienceSubscribers, Chats: 1, Channel: chatB.Channel},
		{Area: "a", Lang: bot.Vietnamese, Kind: bot.AudienceGroups, Chats: 1},
		{Area: "a", Lang: bot.Vietnamese, Kind: bot.AudienceSubscribers, Chats: 1},
	}
	if err != nil || !slices.Equal(counts, want) {
		t.Fatalf("Counts = %+v, %v; want %+v", counts, err, want)
	}
	subscriptionsLeave(t, st, group)
}

// subscriptionsLeave: a group's registration moves with the group; a chat
// that leaves is no longer counted.
func subscriptionsLeave(t *testing.T, st bot.Subscriptions, group bot.Chat) {
	ctx := contractCtx(t)
	super := bot.Chat{Channel: bot.ChannelTelegram, ID: "-100900", Kind: bot.ChatGroup}
	must(t, "Migrate", st.Migrate(ctx, group, super))
	if s, found, err := st.Subscription(ctx, super); err != nil || !found || s.Area != "a" || s.By != "tg:11" || s.Chat != super {
		t.Fatalf("after Migrate: %+v, %v, %v", s, found, err)
	}
	if _, found, err := st.Subscription(ctx, group); err != nil || found {
		t.Fatalf("the old group is still registered: %v, %v", found, err)
	}
	if left, err := st.Unsubscribe(ctx, chatA); err != nil || !left {
		t.Fatalf("Unsubscribe = %v, %v", left, err)
	}
	if left, err := st.Unsubscribe(ctx, chatA); err != nil || left {
		t.Fatalf("Unsubscribe again = %v, %v", left, err)
	}
	counts, err := st.Counts(ctx)
	if err != nil || len(counts) != 2 {
		t.Fatalf("Counts after leaving = %+v, %v", counts, err)
	}
}
