package committee_test

import (
	"context"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/booking"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// TestGoldenCommittees replays the committee's work in every language on
// the shipped areas (Sai Gon Ward wants a second member's approval) and
// compares each conversation with testdata/golden/<name>.<lang>.txt:
// a notice written, approved and received, the statistics a member and a
// super-admin see, and the notices offered after the welcome (a Zalo OA's
// new follower). go test ./bot/... -update rewrites them.
func TestGoldenCommittees(t *testing.T) {
	g := bottest.NewGolden("testdata/golden")
	for _, lang := range bot.Languages {
		g.Run(t, "broadcast-with-approval."+string(lang), func(t *testing.T) string {
			r := newGoldenCommittee(t)
			resident, author, approver := r.actors(lang)
			admin := bottest.Person("super-admin", goldenAdmin, "Quân", string(lang))
			r.usedBefore(t, lang, approver, admin) // so they are asked in their language
			s := bottest.NewScript(t, r.e, r.sender, resident, author, approver, admin)
			s.As(resident).Do("/subscribe", "sai_gon")
			s.As(author).Do("/broadcast", "subscribers", "mobile_team", "'Nhà văn hóa khu phố 3, 12 Lê Thánh Tôn",
				"'28/11", "'7:30-11:30", "now", "send")
			s.As(approver).Do("ca|1")
			s.Event("the notice goes out to the subscribers", func() { r.deliver(t, "1", resident, lang) })
			return s.String()
		})
		g.Run(t, "stats."+string(lang), func(t *testing.T) string {
			r := newGoldenCommittee(t)
			resident, author, _ := r.actors(lang)
			admin := bottest.Person("super-admin", goldenAdmin, "Quân", string(lang))
			s := bottest.NewScript(t, r.e, r.sender, resident, author, admin)
			s.As(resident).Do("/subscribe", "sai_gon", "/start check", "vn", "14_plus", "valid", "mine", "has", "/activated")
			s.As(author).Do("/stats")
			s.As(admin).Do("/stats")
			return s.String()
		})
		g.Run(t, "notices-offered."+string(lang), func(t *testing.T) string {
			r := newGoldenCommittee(t)
			resident, _, _ := r.actors(lang)
			s := bottest.NewScript(t, r.e, r.sender, resident)
			// A ward's Zalo OA greets a new follower so; a poster's QR code
			// can carry the link too.
			s.As(resident).Do("/start notices_sai_gon", "yes", "/unsubscribe", "/start notices", "subscribe", "sai_gon")
			return s.String()
		})
	}
	g.Stale(t)
}

// The people of the committee goldens.
const (
	goldenResident bot.UserID = "tg:501"
	goldenAuthor   bot.UserID = "tg:511" // committee of Sai Gon Ward
	goldenApprover bot.UserID = "tg:512" // committee of Sai Gon Ward
	goldenAdmin    bot.UserID = "tg:1"
)

// goldenCommittee is an engine on the real flows, catalogue, areas and
// reception points, with in-memory stores.
type goldenCommittee struct {
	e          *bot.Engine
	committees *committee.Feature
	camps      *bottest.Campaigns
	sender     *bottest.Sender
	store      *bottest.Store
}

func newGoldenCommittee(t *testing.T) *goldenCommittee {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	dir := booking.NewReception(booking.DefaultPoints(), booking.DefaultCalendar())
	roles := bottest.NewRoles()
	for _, u := range []bot.UserID{goldenAuthor, goldenApprover} {
		if err := roles.Grant(context.Background(), u, "sai_gon"); err != nil {
			t.Fatal(err)
		}
	}
	r := &goldenCommittee{camps: bottest.NewCampaigns(now), sender: &bottest.Sender{}}
	r.committees, err = committee.New(committee.Config{Admins: []bot.UserID{goldenAdmin}, Areas: booking.DefaultAreas(),
		Roles: roles, Audit: bottest.NewAudit(now), Subscriptions: bottest.NewSubscriptions(now), Campaigns: r.camps,
		Funnel: bottest.NewFunnel(), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	books := bottest.NewBookings(now)
	appts, err := appointment.New(appointment.Config{Directory: dir, Appointments: books, Visits: books, Reminders: books,
		Consents: bottest.NewConsents(time.Now), NewCode: func() string { return "K7Q-4MX" }})
	if err != nil {
		t.Fatal(err)
	}
	store := bottest.NewStore()
	r.store = store
	r.e, err = bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: cat, Sessions: store, Journal: store,
		Sender: r.sender, Now: now, BotUsername: "eid_bot", Features: []bot.Feature{appts, r.committees}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// actors are a resident, the member who writes a notice and the member
// who approves it, all writing in lang.
func (r *goldenCommittee) actors(lang bot.Lang) (resident, author, approver bottest.Actor) {
	return bottest.Person("resident", goldenResident, "Lan", string(lang)),
		bottest.Person("author", goldenAuthor, "Hùng", string(lang)),
		bottest.Person("approver", goldenApprover, "Mai", string(lang))
}

// usedBefore stores a session in lang for each of the actors, as if they
// had used the bot before: what it sends them on its own is in lang.
func (r *goldenCommittee) usedBefore(t *testing.T, lang bot.Lang, actors ...bottest.Actor) {
	for _, a := range actors {
		s := bot.NewSession(a.Chat, string(lang), time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC))
		s.LangSet = true
		if err := r.store.Save(context.Background(), &s); err != nil {
			t.Fatal(err)
		}
	}
}

// deliver sends campaign id to the resident, as the delivery worker does.
func (r *goldenCommittee) deliver(t *testing.T, id string, resident bottest.Actor, lang bot.Lang) {
	c, found, err := r.camps.Get(context.Background(), id)
	if err != nil || !found {
		t.Fatalf("campaign %s: %v %v", id, found, err)
	}
	m := r.committees.CampaignMessage(c, bot.Recipient{Chat: resident.Chat, Lang: lang, Subscribed: true})
	if err := r.e.Notify(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}
