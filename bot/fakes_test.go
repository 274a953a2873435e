package bot_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/flows"
)

// testFlows loads bot/testdata/flows.
func testFlows(t testing.TB) *flows.Set {
	t.Helper()
	set, probs := flows.Load(os.DirFS("testdata/flows"))
	if len(probs) > 0 {
		t.Fatalf("test flows: %v", probs)
	}
	return set
}

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// newTestEngine builds an engine on the test flows with in-memory fakes.
func newTestEngine(t testing.TB) (*bot.Engine, *bottest.Store, *bottest.Sender) {
	t.Helper()
	store, sender := bottest.NewStore(), &bottest.Sender{}
	e, err := bot.NewEngine(bot.Config{
		Flows: testFlows(t), Translator: bottest.Translator{}, Sessions: store, Journal: store,
		Sender: sender, Erasers: []bot.Eraser{store}, BotUsername: "eidbot", Now: func() time.Time { return t0 },
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, store, sender
}

// testFeatures builds the appointments and committees features on
// in-memory stores, which the real flows need.
func testFeatures(t testing.TB) []bot.Feature {
	t.Helper()
	now := func() time.Time { return t0 }
	books, n := bottest.NewBookings(now), 0
	appts, err := appointment.New(appointment.Config{Directory: bottest.Directory{}, Appointments: books,
		Visits: books, Reminders: books, Consents: bottest.NewConsents(time.Now),
		NewCode: func() string { n++; return fmt.Sprintf("AB%d-XYZ", n) }})
	if err != nil {
		t.Fatal(err)
	}
	committees, err := committee.New(committee.Config{Areas: bottest.Areas(), Roles: bottest.NewRoles(),
		Audit: bottest.NewAudit(now), Subscriptions: bottest.NewSubscriptions(now), Campaigns: bottest.NewCampaigns(now),
		Directory: bottest.Directory{}})
	if err != nil {
		t.Fatal(err)
	}
	return []bot.Feature{appts, committees}
}

var private = bot.Chat{Channel: "tg", ID: "42", Kind: bot.ChatPrivate}

var nextID int64 = 1000

func cmd(name, payload string) bot.Update {
	nextID++
	return bot.Update{ID: strconv.FormatInt(nextID, 10), Kind: bot.UpdateCommand, Chat: private, From: bot.User{ID: "tg:42", FirstName: "Lan", LanguageCode: "vi"},
		Command: name, Payload: payload, Addressed: true, Time: t0}
}

func text(s string) bot.Update {
	nextID++
	return bot.Update{ID: strconv.FormatInt(nextID, 10), Kind: bot.UpdateText, Chat: private, From: bot.User{ID: "tg:42", FirstName: "Lan", LanguageCode: "vi"}, Text: s, Time: t0}
}

func press(data string, msg int) bot.Update {
	nextID++
	return bot.Update{ID: strconv.FormatInt(nextID, 10), Kind: bot.UpdateButton, Chat: private, From: bot.User{ID: "tg:42", FirstName: "Lan", LanguageCode: "vi"},
		Button: &bot.Press{Data: data, CallbackID: fmt.Sprintf("cb%d", nextID), MessageID: msg}, Time: t0}
}
