package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
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

// walker is the bot a walk runs in: shared data, fresh stores per path.
type walker struct {
	set    *flows.Set
	tr     longDates
	dir    *memoDirectory
	areas  []bot.Area
	values map[bot.Lang]longest
}

// Who walks: a super-admin (so that committee tools are reachable) in a
// private chat, a second committee member who is asked for approvals, and
// a group chat.
var (
	walkUser   = bot.UserID("tg:7")
	walkMember = bot.UserID("tg:8")
	walkGroup  = bot.Chat{Channel: "tg", ID: "-1007", Kind: bot.ChatGroup}
	walkNow    = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) // Monday 09:00 in Vietnam
)

func newWalker(t testing.TB) *walker {
	t.Helper()
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	w := &walker{set: flows.MustLoadEmbedded(), areas: booking.DefaultAreas(), values: map[bot.Lang]longest{},
		dir: &memoDirectory{Reception: booking.NewReception(booking.DefaultPoints(), booking.DefaultCalendar()),
			days: map[string][]time.Time{}, slots: map[string][]bot.Slot{}}}
	for _, lang := range bot.Languages {
		w.values[lang] = longestValues(t, cat, w.set, lang)
	}
	w.tr = longDates{Catalog: cat, values: w.values}
	return w
}

// world is one fresh bot of a walk.
type world struct {
	e          *bot.Engine
	sender     *bottest.Sender
	store      *bottest.Store
	books      *bottest.Bookings
	subs       *bottest.Subscriptions
	camps      *bottest.Campaigns
	committees *committee.Feature
	appts      *appointment.Feature
	id         int
}

func (w *walker) world(t testing.TB) *world {
	t.Helper()
	now := func() time.Time { return walkNow }
	b := &world{sender: &bottest.Sender{}, store: bottest.NewStore(), books: bottest.NewBookings(now),
		subs: bottest.NewSubscriptions(now), camps: bottest.NewCampaigns(now)}
	var err error
	b.appts, err = appointment.New(appointment.Config{Directory: w.dir, Appointments: b.books, Visits: b.books,
		Reminders: b.books, Consents: bottest.NewConsents(now), NewCode: func() string { return "K7Q-4MX" }})
	if err != nil {
		t.Fatal(err)
	}
	roles := bottest.NewRoles()
	for _, a := range w.areas {
		if err := roles.Grant(context.Background(), walkMember, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	b.committees, err = committee.New(committee.Config{Admins: []bot.UserID{walkUser}, Areas: w.areas, Roles: roles,
		Audit: bottest.NewAudit(now), Subscriptions: b.subs, Campaigns: b.camps, Funnel: bottest.NewFunnel(), Directory: w.dir})
	if err != nil {
		t.Fatal(err)
	}
	b.e, err = bot.NewEngine(bot.Config{Flows: w.set, Translator: w.tr, Sessions: b.store, Journal: b.store,
		Sender: b.sender, Erasers: []bot.Eraser{b.books, b.store}, Blocks: b.store, Now: now, BotUsername: "eid_bot",
		Features: []bot.Feature{b.appts, b.committees}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// input is one thing the walker does: a command ("/help"), typed text
// ("'…"), a press of exact button data ("=a|menu|main|book"), or sharing
// the person's own contact ("#contact"); in the group chat when group.
type input struct {
	text  string
	group bool
}

// do runs in for lang and returns what the bot sent.
func (b *world) do(t testing.TB, lang bot.Lang, in input) []bot.Reply {
	t.Helper()
	b.id++
	u := bot.Update{ID: "w" + strconv.Itoa(b.id), Chat: walkUser.PrivateChat(), Addressed: true,
		From: bot.User{ID: walkUser, FirstName: longName, LanguageCode: string(lang)}}
	if in.group {
		u.Chat = walkGroup
	}
	switch s := in.text; {
	case strings.HasPrefix(s, "/"):
		u.Kind = bot.UpdateCommand
		u.Command, u.Payload, _ = strings.Cut(s[1:], " ")
	case strings.HasPrefix(s, "'"):
		u.Kind, u.Text = bot.UpdateText, s[1:]
	case strings.HasPrefix(s, "="):
		u.Kind, u.Button = bot.UpdateButton, &bot.Press{Data: s[1:], CallbackID: "cb", MessageID: 1}
	case s == "#contact":
		u.Kind, u.Contact = bot.UpdateContact, &bot.Contact{Phone: "+84912345678", UserID: walkUser}
	}
	before := len(b.sender.Replies())
	if err := b.e.Handle(context.Background(), u); err != nil {
		t.Fatalf("%s: Handle: %v", in.text, err)
	}
	return b.sender.Replies()[before:]
}

// appointment describes the person's appointment as far as showing it
// depends on it (the point, the kind of person, for someone else, with a
// phone number, how long it takes), or "" when they hold none.
func (b *world) appointment() string {
	a, found, _ := b.books.Active(context.Background(), walkUser.PrivateChat().Key())
	if !found {
		return ""
	}
	return fmt.Sprint(a.PointID, a.Applicant, a.ForOther, a.Phone != "", a.DaysMax > a.Days)
}

// visit describes the person's open home-visit request, or "".
func (b *world) visit() string {
	v, found, _ := b.books.VisitOf(context.Background(), walkUser.PrivateChat().Key())
	if !found || !v.Open() {
		return ""
	}
	return fmt.Sprint("visit ", v.PointID, v.SIM, v.Phone != "")
}

// subscription is the area the person subscribed to, or "".
func (b *world) subscription() string {
	sub, _, _ := b.subs.Subscription(context.Background(), walkUser.PrivateChat())
	return sub.Area
}

// booked reports whether the person holds an appointment.
func (b *world) booked() bool {
	_, found, _ := b.books.Active(context.Background(), walkUser.PrivateChat().Key())
	return found
}

// memoDirectory remembers the days and slots the reception points offer:
// the walk asks the same questions thousands of times, at one time.
type memoDirectory struct {
	*booking.Reception
	mu    sync.Mutex
	days  map[string][]time.Time
	slots map[string][]bot.Slot
}

// Days lists a point's open days, computed once.
func (m *memoDirectory) Days(id string, now time.Time, n int) []time.Time {
	k := fmt.Sprint(id, now.Unix(), n)
	m.mu.Lock()
	defer m.mu.Unlock()
	if d, ok := m.days[k]; ok {
		return d
	}
	m.days[k] = m.Reception.Days(id, now, n)
	return m.days[k]
}

// Slots lists a point's slots of a day, computed once.
func (m *memoDirectory) Slots(id string, day, now time.Time) []bot.Slot {
	k := fmt.Sprint(id, day.Unix(), now.Unix())
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.slots[k]; ok {
		return s
	}
	m.slots[k] = m.Reception.Slots(id, day, now)
	return m.slots[k]
}
