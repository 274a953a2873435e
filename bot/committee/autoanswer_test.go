package committee_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// newAutoAnswerRig is the committee rig with auto-answer settings.
func newAutoAnswerRig(t *testing.T) (*committeeRig, *bottest.AutoAnswers) {
	t.Helper()
	r, auto := newCommitteeRig(t), bottest.NewAutoAnswers()
	now := func() time.Time { return r.now }
	var err error
	r.committees, err = committee.New(committee.Config{Admins: []bot.UserID{admin}, Areas: bottest.Areas(), Roles: r.roles,
		Audit: r.audit, Subscriptions: r.subs, Campaigns: r.camps, Directory: bottest.Directory{}, AutoAnswers: auto})
	if err != nil {
		t.Fatal(err)
	}
	r.e = newEngine(t, now, r.sender, r.committees)
	return r, auto
}

func TestAutoAnswerOnlyForACommitteeMemberOfTheGroupsArea(t *testing.T) {
	r, auto := newAutoAnswerRig(t)
	group := bot.Chat{Channel: "tg", ID: "-100500", Kind: bot.ChatGroup}
	inGroup := func(user bot.UserID, payload string) string {
		u := r.update(user, bot.Update{Kind: bot.UpdateCommand, Command: "autoanswer", Payload: payload})
		u.Chat = group
		return joined(r.handle(u))
	}
	isOn := func(want bool) {
		t.Helper()
		if on, _ := auto.AutoAnswer(context.Background(), group); on != want {
			t.Fatalf("auto-answer on = %t, want %t", on, want)
		}
	}
	if got := inGroup(memberB, "on"); got != msg(t, "autoanswer.not_registered") {
		t.Fatalf("in an unregistered group: %q", got)
	}
	isOn(false)
	u := r.update(memberB, bot.Update{Kind: bot.UpdateCommand, Command: "register_group"})
	u.Chat = group
	r.handle(u)

	for _, user := range []bot.UserID{outsider, memberA} { // memberA serves another area
		if got := inGroup(user, "on"); got != msg(t, "committee.denied") {
			t.Fatalf("%s: %q", user, got)
		}
		isOn(false)
	}
	if n := len(r.denied()); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}
	if got := inGroup(memberB, "ON"); got != msg(t, "autoanswer.on") {
		t.Fatalf("member: %q", got)
	}
	isOn(true)
	if got := inGroup(outsider, ""); got != msg(t, "autoanswer.status_on") {
		t.Errorf("status: %q", got)
	}
	if got := inGroup(outsider, "off"); got != msg(t, "committee.denied") {
		t.Fatalf("outsider turning it off: %q", got)
	}
	isOn(true)
	if got := inGroup(admin, "off"); got != msg(t, "autoanswer.off") {
		t.Fatalf("super-admin: %q", got)
	}
	isOn(false)
	var actions []string
	for _, e := range r.audit.Entries() {
		if !e.Denied && e.Target == group.Key() {
			actions = append(actions, e.Action)
		}
	}
	if want := []string{"group.register", "group.autoanswer_on", "group.autoanswer_off"}; !slices.Equal(actions, want) {
		t.Errorf("audited %v, want %v", actions, want)
	}

	// The group's registration ends: auto-answer goes with it.
	inGroup(memberB, "on")
	u = r.update(memberB, bot.Update{Kind: bot.UpdateCommand, Command: "unregister_group"})
	u.Chat = group
	r.handle(u)
	isOn(false)

	if got := joined(r.cmd(memberB, "autoanswer", "on")); got != msg(t, "autoanswer.group_only") {
		t.Errorf("in private: %q", got)
	}
}

func TestAutoAnswerFollowsAMigratedGroup(t *testing.T) {
	r, auto := newAutoAnswerRig(t)
	group := bot.Chat{Channel: "tg", ID: "-500", Kind: bot.ChatGroup}
	super := bot.Chat{Channel: "tg", ID: "-1000000000500", Kind: bot.ChatGroup}
	u := r.update(memberB, bot.Update{Kind: bot.UpdateCommand, Command: "register_group"})
	u.Chat = group
	r.handle(u)
	u = r.update(memberB, bot.Update{Kind: bot.UpdateCommand, Command: "autoanswer", Payload: "on"})
	u.Chat = group
	r.handle(u)
	u = r.update(memberB, bot.Update{Kind: bot.UpdateMigrate, MigrateTo: super.ID})
	u.Chat, u.Addressed = group, false
	r.handle(u)
	ctx := context.Background()
	if on, _ := auto.AutoAnswer(ctx, super); !on {
		t.Error("auto-answer is off in the supergroup")
	}
	if on, _ := auto.AutoAnswer(ctx, group); on {
		t.Error("auto-answer is still on in the old group")
	}
}

// msg is message id in English, the language of the rig's users, as
// joined shows a message.
func msg(t *testing.T, id string) string {
	t.Helper()
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	return "text: " + cat.Text(bot.English, id, nil)
}
