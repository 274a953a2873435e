package committee_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// Users of the committee tests. A private chat's id is its user's id.
const (
	admin    bot.UserID = "tg:1"
	memberA  bot.UserID = "tg:11" // committee of area a (approval needed)
	memberA2 bot.UserID = "tg:12" // committee of area a
	memberB  bot.UserID = "tg:21" // committee of area b
	outsider bot.UserID = "tg:99"
)

// committeeRig is an engine with the real flows and locales, in-memory
// booking and committee stores, and one recording sender for every chat.
type committeeRig struct {
	t          *testing.T
	e          *bot.Engine
	committees *committee.Feature
	roles      *bottest.Roles
	audit      *bottest.Audit
	subs       *bottest.Subscriptions
	camps      *bottest.Campaigns
	sender     *bottest.Sender
	now        time.Time
	id         int64
}

func newCommitteeRig(t *testing.T) *committeeRig {
	t.Helper()
	r := &committeeRig{t: t, sender: &bottest.Sender{}, now: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC), id: 5000}
	now := func() time.Time { return r.now }
	r.roles, r.audit, r.subs, r.camps = bottest.NewRoles(), bottest.NewAudit(now), bottest.NewSubscriptions(now), bottest.NewCampaigns(now)
	var err error
	r.committees, err = committee.New(committee.Config{Admins: []bot.UserID{admin}, Areas: bottest.Areas(), Roles: r.roles,
		Audit: r.audit, Subscriptions: r.subs, Campaigns: r.camps, Funnel: bottest.NewFunnel(), Directory: bottest.Directory{}})
	if err != nil {
		t.Fatal(err)
	}
	r.e = newEngine(t, now, r.sender, r.committees)
	ctx := context.Background()
	for user, area := range map[bot.UserID]string{memberA: "a", memberA2: "a", memberB: "b"} {
		if err := r.roles.Grant(ctx, user, area); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// newEngine builds an engine on the real flows and locales with the
// committees feature f and an appointments feature on in-memory stores.
func newEngine(t *testing.T, now func() time.Time, sender bot.Sender, f *committee.Feature) *bot.Engine {
	t.Helper()
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	books := bottest.NewBookings(now)
	appts, err := appointment.New(appointment.Config{Directory: bottest.Directory{}, Appointments: books, Visits: books,
		Reminders: books, Consents: bottest.NewConsents(time.Now), NewCode: func() string { return "AB1-XYZ" }})
	if err != nil {
		t.Fatal(err)
	}
	store := bottest.NewStore()
	e, err := bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: cat, Sessions: store, Journal: store,
		Sender: sender, Now: now, BotUsername: "eid_bot", Features: []bot.Feature{appts, f},
		Channels: map[string]bot.Caps{bot.ChannelZaloBot: {MaxText: 2000}, bot.ChannelWeb: {Buttons: true, HTML: true}}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// campaign reads campaign id.
func (r *committeeRig) campaign(id string) bot.Campaign {
	r.t.Helper()
	c, _, err := r.camps.Get(context.Background(), id)
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

// denied lists the refused actions in the audit log.
func (r *committeeRig) denied() []bot.AuditEntry {
	var out []bot.AuditEntry
	for _, e := range r.audit.Entries() {
		if e.Denied {
			out = append(out, e)
		}
	}
	return out
}

// subscription reads chat's subscription.
func (r *committeeRig) subscription(chat bot.Chat) (bot.Subscriber, bool) {
	r.t.Helper()
	s, found, err := r.subs.Subscription(context.Background(), chat)
	if err != nil {
		r.t.Fatal(err)
	}
	return s, found
}

// areas reads the committee areas of user.
func (r *committeeRig) areas(user bot.UserID) []string {
	r.t.Helper()
	areas, err := r.roles.CommitteeAreas(context.Background(), user)
	if err != nil {
		r.t.Fatal(err)
	}
	return areas
}

// update builds an update from user in their private chat.
func (r *committeeRig) update(user bot.UserID, u bot.Update) bot.Update {
	r.id++
	u.ID, u.Time = strconv.FormatInt(r.id, 10), r.now
	u.Chat = user.PrivateChat()
	u.From = bot.User{ID: user, FirstName: "U" + user.Native(), LanguageCode: "en"}
	u.Addressed = true
	return u
}

func (r *committeeRig) handle(u bot.Update) []bot.Reply {
	r.t.Helper()
	before := len(r.sender.Replies())
	if err := r.e.Handle(context.Background(), u); err != nil {
		r.t.Fatalf("Handle: %v", err)
	}
	return r.sender.Replies()[before:]
}

func (r *committeeRig) cmd(user bot.UserID, name, payload string) []bot.Reply {
	return r.handle(r.update(user, bot.Update{Kind: bot.UpdateCommand, Command: name, Payload: payload}))
}

func (r *committeeRig) text(user bot.UserID, s string) []bot.Reply {
	return r.handle(r.update(user, bot.Update{Kind: bot.UpdateText, Text: s}))
}

func (r *committeeRig) pressData(user bot.UserID, data string) []bot.Reply {
	return r.handle(r.update(user, bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: data, CallbackID: "cb", MessageID: 1}}))
}

// press presses the newest button sent to user whose data ends in
// "|"+choice (or equals it), or the first picker button for "*".
func (r *committeeRig) press(user bot.UserID, choice string) []bot.Reply {
	r.t.Helper()
	rs := r.sender.Replies()
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Chat.Key() != string(user) {
			continue
		}
		for _, row := range rs[i].Buttons {
			for _, b := range row {
				if b.Data != "" && (strings.HasSuffix(b.Data, "|"+choice) || b.Data == choice || choice == "*" && strings.HasPrefix(b.Data, "p|")) {
					return r.pressData(user, b.Data)
				}
			}
		}
	}
	r.t.Fatalf("no button %q for user %s", choice, user)
	return nil
}

// buttonData finds the data of the newest button to user starting with prefix.
func (r *committeeRig) buttonData(user bot.UserID, prefix string) string {
	rs := r.sender.Replies()
	for i := len(rs) - 1; i >= 0; i-- {
		for _, row := range rs[i].Buttons {
			for _, b := range row {
				if rs[i].Chat.Key() == string(user) && strings.HasPrefix(b.Data, prefix) {
					return b.Data
				}
			}
		}
	}
	r.t.Fatalf("no %q button for user %s", prefix, user)
	return ""
}

// writeCampaign walks /broadcast for user up to the created campaign: a
// mobile team visit to subscribers, now.
func (r *committeeRig) writeCampaign(user bot.UserID) []bot.Reply {
	r.t.Helper()
	rs := r.cmd(user, "broadcast", "")
	if strings.Contains(joined(rs), "For which area?") {
		r.press(user, "*")
	}
	r.press(user, "subscribers")
	r.press(user, "mobile_team")
	r.text(user, "Nhà văn hóa <khu 3>")
	r.text(user, "28/11")
	r.text(user, "7:30-11:30")
	rs = r.press(user, "now")
	if !strings.Contains(joined(rs), "Preview") || !strings.Contains(joined(rs), "Nhà văn hóa &lt;khu 3&gt;") {
		r.t.Fatalf("preview:\n%s", joined(rs))
	}
	return r.press(user, "send")
}

func TestBroadcastNeedsASecondApprover(t *testing.T) {
	r := newCommitteeRig(t)
	rs := r.writeCampaign(memberA)
	if !strings.Contains(joined(rs), "waits for approval") {
		t.Fatalf("after send:\n%s", joined(rs))
	}
	c := r.campaign("1")
	if c.Status != bot.CampaignAwaiting || c.Author != memberA || c.Params["place"] != "Nhà văn hóa <khu 3>" ||
		c.Params["date"] != "2026-11-28" || c.Params["hours"] != "07:30-11:30" || c.Audience.Kind != bot.AudienceSubscribers {
		t.Fatalf("campaign %+v", c)
	}
	// The other member of area a and the super-admin were asked.
	for _, u := range []bot.UserID{memberA2, admin} {
		if d := r.buttonData(u, "ca|"); d != "ca|1" {
			t.Fatalf("approval button for %s: %q", u, d)
		}
	}

	// Forged or misplaced presses change nothing and are audited.
	for _, u := range []bot.UserID{outsider, memberB} {
		for _, data := range []string{"ca|1", "cx|1"} {
			rs := r.pressData(u, data)
			if !strings.Contains(joined(rs), "Only members of the local committee") {
				t.Fatalf("%s pressing %s:\n%s", u, data, joined(rs))
			}
		}
	}
	if r.campaign("1").Status != bot.CampaignAwaiting {
		t.Fatal("a refused press changed the campaign")
	}
	if n := len(r.denied()); n != 4 {
		t.Fatalf("%d denied actions audited, want 4", n)
	}
	rs = r.pressData(memberA, "ca|1")
	if !strings.Contains(joined(rs), "cannot approve your own") || r.campaign("1").Status != bot.CampaignAwaiting {
		t.Fatalf("self-approval:\n%s", joined(rs))
	}

	rs = r.press(memberA2, "ca|1")
	if c := r.campaign("1"); c.Status != bot.CampaignScheduled || c.Approver != memberA2 {
		t.Fatalf("after approval: %+v", c)
	}
	toAuthor := false
	for _, rep := range rs {
		toAuthor = toAuthor || rep.Chat == memberA.PrivateChat() && strings.Contains(rep.Text, "was approved by")
	}
	if !toAuthor {
		t.Fatalf("author not told:\n%s", joined(rs))
	}
	// A second approval (the admin's old button) is answered, not applied.
	rs = r.pressData(admin, "ca|1")
	if !strings.Contains(joined(rs), "approved already") {
		t.Fatalf("second approval:\n%s", joined(rs))
	}
	// The author cancels it.
	r.pressData(memberA, "cx|1")
	if c := r.campaign("1"); c.Status != bot.CampaignCancelled || c.Canceller != memberA {
		t.Fatalf("after cancel: %+v", c)
	}
}

func TestBroadcastWithoutApprovalIsScheduled(t *testing.T) {
	r := newCommitteeRig(t)
	rs := r.writeCampaign(memberB)
	if !strings.Contains(joined(rs), "will go out now") {
		t.Fatalf("after send:\n%s", joined(rs))
	}
	if c := r.campaign("1"); c.Status != bot.CampaignScheduled || c.Area != "b" {
		t.Fatalf("campaign %+v", c)
	}
}

func TestBroadcastRefusedToOutsiders(t *testing.T) {
	r := newCommitteeRig(t)
	rs := r.cmd(outsider, "broadcast", "")
	if !strings.Contains(joined(rs), "Only members of the local committee") {
		t.Fatalf("outsider /broadcast:\n%s", joined(rs))
	}
	// Typed commands of other committee tools are refused the same way.
	for _, c := range []string{"stats", "campaigns"} {
		if rs := r.cmd(outsider, c, ""); !strings.Contains(joined(rs), "Only members of the local committee") {
			t.Fatalf("outsider /%s:\n%s", c, joined(rs))
		}
	}
}

func TestRoleRevokedHalfWayStopsTheWizard(t *testing.T) {
	r := newCommitteeRig(t)
	r.cmd(memberB, "broadcast", "")
	r.press(memberB, "subscribers")
	if err := r.roles.Revoke(context.Background(), memberB, "b"); err != nil {
		t.Fatal(err)
	}
	rs := r.press(memberB, "notice")
	if !strings.Contains(joined(rs), "Only members of the local committee") {
		t.Fatalf("after revoke:\n%s", joined(rs))
	}
	if list, err := r.camps.List(context.Background(), "", 10); err != nil || len(list) != 0 {
		t.Fatal("a campaign was created")
	}
}

func TestGrantAndRevokeByAdminOnly(t *testing.T) {
	r := newCommitteeRig(t)
	rs := r.cmd(memberA, "grant", "77 a")
	if !strings.Contains(joined(rs), "Only administrators") {
		t.Fatalf("member /grant:\n%s", joined(rs))
	}
	if areas := r.areas("tg:77"); len(areas) != 0 {
		t.Fatal("a member granted a role")
	}
	if len(r.denied()) != 1 {
		t.Fatal("the refused grant was not audited")
	}
	if rs := r.cmd(admin, "grant", "oops"); !strings.Contains(joined(rs), "Usage") {
		t.Fatalf("bad /grant:\n%s", joined(rs))
	}
	r.cmd(admin, "grant", "77 A")
	if areas := r.areas("tg:77"); len(areas) != 1 || areas[0] != "a" {
		t.Fatalf("after grant: %v", areas)
	}
	r.cmd(admin, "revoke", "77 a")
	if areas := r.areas("tg:77"); len(areas) != 0 {
		t.Fatalf("after revoke: %v", areas)
	}
}

func TestSubscribeAndUnsubscribe(t *testing.T) {
	r := newCommitteeRig(t)
	person := outsider.PrivateChat()
	rs := r.cmd(outsider, "subscribe", "")
	if !strings.Contains(joined(rs), "no name, no phone number") {
		t.Fatalf("/subscribe:\n%s", joined(rs))
	}
	r.press(outsider, "b")
	if s, ok := r.subscription(person); !ok || s.Area != "b" || s.Lang != bot.English {
		t.Fatalf("subscription %+v %v", s, ok)
	}
	rs = r.cmd(outsider, "subscribe", "")
	if !strings.Contains(joined(rs), "Commune B") {
		t.Fatalf("second /subscribe:\n%s", joined(rs))
	}
	// The button under a notice unsubscribes.
	r.pressData(outsider, "u")
	if _, ok := r.subscription(person); ok {
		t.Fatal("still subscribed")
	}
	if rs := r.cmd(outsider, "unsubscribe", ""); !strings.Contains(joined(rs), "not subscribed") {
		t.Fatalf("/unsubscribe again:\n%s", joined(rs))
	}
}

func TestGroupRegistrationNeedsACommitteeMember(t *testing.T) {
	r := newCommitteeRig(t)
	group := bot.Chat{Channel: "tg", ID: "-100500", Kind: bot.ChatGroup}
	inGroup := func(user bot.UserID, u bot.Update) []bot.Reply {
		u = r.update(user, u)
		u.Chat = group
		return r.handle(u)
	}
	rs := inGroup(outsider, bot.Update{Kind: bot.UpdateCommand, Command: "subscribe"})
	if len(rs) != 1 || len(rs[0].Buttons) != 1 || !strings.HasSuffix(rs[0].Buttons[0][0].URL, "start=subscribe") {
		t.Fatalf("/subscribe in a group: %+v", rs)
	}
	rs = inGroup(outsider, bot.Update{Kind: bot.UpdateCommand, Command: "register_group"})
	if !strings.Contains(joined(rs), "Only members") {
		t.Fatalf("outsider:\n%s", joined(rs))
	}
	inGroup(memberB, bot.Update{Kind: bot.UpdateCommand, Command: "register_group"})
	if s, ok := r.subscription(group); !ok || s.Area != "b" || s.By != memberB {
		t.Fatalf("registration %+v %v", s, ok)
	}
	// An outsider cannot take the group off the list.
	inGroup(outsider, bot.Update{Kind: bot.UpdateCommand, Command: "unsubscribe"})
	if _, ok := r.subscription(group); !ok {
		t.Fatal("an outsider unregistered the group")
	}
	// The super-admin serves every area and picks one with a button; a
	// forged press by an outsider does nothing.
	rs = inGroup(outsider, bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: "rg|a", CallbackID: "x"}})
	if s, _ := r.subscription(group); s.Area != "b" {
		t.Fatalf("forged press moved the group:\n%s", joined(rs))
	}
	inGroup(admin, bot.Update{Kind: bot.UpdateCommand, Command: "register_group"})
	inGroup(admin, bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: "rg|a", CallbackID: "y"}})
	if s, _ := r.subscription(group); s.Area != "a" {
		t.Fatalf("admin's choice: %+v", s)
	}
}

func TestFunnelCountsAndStats(t *testing.T) {
	r := newCommitteeRig(t)
	// A citizen subscribes in area a, passes the check, says they activated.
	r.cmd(outsider, "subscribe", "")
	r.press(outsider, "a")
	r.cmd(outsider, "start", "check")
	for _, ch := range []string{"vn", "14_plus", "valid", "mine", "has"} {
		r.press(outsider, ch)
	}
	rs := r.cmd(outsider, "activated", "")
	if !strings.Contains(joined(rs), "counted as activated") {
		t.Fatalf("/activated:\n%s", joined(rs))
	}
	r.cmd(outsider, "activated", "") // counted once
	// Someone whose area is unknown is asked for it.
	if rs := r.cmd("tg:72", "activated", ""); !strings.Contains(joined(rs), "which ward or commune") {
		t.Fatalf("unknown area:\n%s", joined(rs))
	}
	r.press("tg:72", "a")

	rs = r.cmd(memberA, "stats", "")
	out := joined(rs)
	if !strings.Contains(out, "Ward A") || !strings.Contains(out, "1 → 1 → 0 → 0 → 2") || !strings.Contains(out, "2 of 1000") {
		t.Fatalf("/stats:\n%s", out)
	}
	if strings.Contains(out, "Commune B") {
		t.Fatalf("a member of a sees area b:\n%s", out)
	}
}

func TestCampaignMessageInEveryLanguage(t *testing.T) {
	r := newCommitteeRig(t)
	c := bot.Campaign{ID: "9", Area: "a", Template: bot.TemplateMobileTeam,
		Params: map[string]string{"place": "Nhà văn hóa & sân", "date": "2026-11-28", "hours": "07:30-11:30"}}
	for _, lang := range bot.Languages {
		to := bot.Recipient{Chat: bot.Chat{Channel: "tg", ID: "5", Kind: bot.ChatPrivate}, Lang: lang, Subscribed: true}
		m := r.committees.CampaignMessage(c, to)
		if !strings.Contains(m.Text, "Nhà văn hóa &amp; sân") || !strings.Contains(m.Text, "07:30-11:30") || strings.Contains(m.Text, "bc.msg") {
			t.Fatalf("%s: %s", lang, m.Text)
		}
		if len(m.Buttons) != 2 || m.Buttons[1][0].Data != "u" || !strings.Contains(m.Buttons[0][0].URL, "start=check") {
			t.Fatalf("%s buttons: %+v", lang, m.Buttons)
		}
		group := r.committees.CampaignMessage(c, bot.Recipient{Chat: bot.Chat{Channel: "tg", ID: "-5", Kind: bot.ChatGroup}, Lang: lang})
		if len(group.Buttons) != 1 {
			t.Fatalf("%s: a group gets an unsubscribe button", lang)
		}
	}
	free := r.committees.CampaignMessage(bot.Campaign{Area: "a", Template: bot.TemplateFree, Params: map[string]string{"text": "<b>x</b>"}},
		bot.Recipient{Lang: bot.Korean})
	if !strings.Contains(free.Text, "&lt;b&gt;x&lt;/b&gt;") {
		t.Fatalf("free text not escaped: %s", free.Text)
	}
	c.Progress = bot.CampaignProgress{Total: 100, Sent: 40, Blocked: 2, Rate: 1}
	c.AuthorLang, c.Status = bot.Vietnamese, bot.CampaignRunning
	rep := r.committees.CampaignReport(c, false)
	if !strings.Contains(rep.Text, "40") || !strings.Contains(rep.Text, "58") || rep.Buttons[0][0].Data != "cx|9" {
		t.Fatalf("report: %+v", rep)
	}
}

// TestCampaignMessageOnATextChannel: a Zalo Bot subscriber gets no
// Telegram link and no button (a number typed to a message outside a turn
// would answer the last question instead), but the commands to send.
func TestCampaignMessageOnATextChannel(t *testing.T) {
	r := newCommitteeRig(t)
	c := bot.Campaign{ID: "9", Area: "a", Template: bot.TemplateNotice}
	for _, lang := range bot.Languages {
		to := bot.Recipient{Chat: bot.Chat{Channel: bot.ChannelZaloBot, ID: "e4ea2cd5", Kind: bot.ChatPrivate}, Lang: lang, Subscribed: true}
		m := r.committees.CampaignMessage(c, to)
		if len(m.Buttons) != 0 || strings.Contains(m.Text, "t.me") || !strings.Contains(m.Text, "/start") || !strings.Contains(m.Text, "/unsubscribe") {
			t.Fatalf("%s: %q with buttons %+v", lang, m.Text, m.Buttons)
		}
	}
}

// TestCampaignMessageOnTheWebChat: a web chat subscriber gets no Telegram
// link (the web chat has no deep links), so the text says which command
// starts the check, and the unsubscribe button, as the web chat has
// buttons.
func TestCampaignMessageOnTheWebChat(t *testing.T) {
	r := newCommitteeRig(t)
	c := bot.Campaign{ID: "9", Area: "a", Template: bot.TemplateNotice}
	for _, lang := range bot.Languages {
		to := bot.Recipient{Chat: bot.Chat{Channel: bot.ChannelWeb, ID: "v1", Kind: bot.ChatPrivate}, Lang: lang, Subscribed: true}
		m := r.committees.CampaignMessage(c, to)
		if strings.Contains(m.Text, "t.me") || !strings.Contains(m.Text, "/start") || strings.Contains(m.Text, "/unsubscribe") ||
			len(m.Buttons) != 1 || m.Buttons[0][0].Data != "u" {
			t.Fatalf("%s: %q with buttons %+v", lang, m.Text, m.Buttons)
		}
	}
}

// TestApproverWhoBlockedTheBot: an approval request to a member who blocked
// the bot (or never started it) is dropped; the author's own replies still
// arrive and the author's chat is not taken for blocked.
func TestApproverWhoBlockedTheBot(t *testing.T) {
	r := newCommitteeRig(t)
	r.sender.Fail(func(_ int, rep bot.Reply) error {
		if rep.Chat == memberA2.PrivateChat() {
			return fmt.Errorf("telegram: 403: %w", bot.ErrBlocked)
		}
		return nil
	})
	rs := r.writeCampaign(memberA)
	if !strings.Contains(joined(rs), "waits for approval") {
		t.Fatalf("author's reply:\n%s", joined(rs))
	}
	if d := r.buttonData(admin, "ca|"); d != "ca|1" {
		t.Fatalf("the admin was not asked: %q", d)
	}
	// The author goes on using the bot normally.
	if rs := r.cmd(memberA, "campaigns", ""); !strings.Contains(joined(rs), "#1") {
		t.Fatalf("/campaigns after:\n%s", joined(rs))
	}
}

// TestSubscriptionFollowsTheLanguage: notices go out in the language the
// person uses now, not the one they subscribed in.
func TestSubscriptionFollowsTheLanguage(t *testing.T) {
	r := newCommitteeRig(t)
	r.cmd(outsider, "subscribe", "")
	r.press(outsider, "a")
	r.cmd(outsider, "language", "")
	r.press(outsider, "l|ko")
	s, ok := r.subscription(outsider.PrivateChat())
	if !ok || s.Lang != bot.Korean || s.Area != "a" {
		t.Fatalf("subscription after /language: %+v %v", s, ok)
	}
}

func joined(rs []bot.Reply) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, string(r.Kind)+": "+r.Text)
	}
	return strings.Join(parts, "\n")
}
