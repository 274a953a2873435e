package appointment_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
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

var private = bot.Chat{Channel: "tg", ID: "42", Kind: bot.ChatPrivate}

// rig is an engine with the real flows and locales and in-memory stores.
type rig struct {
	e        *bot.Engine
	appts    *appointment.Feature
	books    *bottest.Bookings
	consents *bottest.Consents
	store    *bottest.Store
	sender   *bottest.Sender
	id       int // the last update id given out
}

// newRig builds the rig on clock now.
func newRig(t *testing.T, now func() time.Time) *rig {
	t.Helper()
	return newRigReading(t, now, nil)
}

// newRigReading is newRig whose engine reads typed questions with reader
// (the embedded topics); nil: it reads none.
func newRigReading(t *testing.T, now func() time.Time, reader bot.Reader) *rig {
	t.Helper()
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{books: bottest.NewBookings(now), consents: bottest.NewConsents(now), store: bottest.NewStore(), sender: &bottest.Sender{}}
	var n atomic.Int32 // queries of two updates may draw codes at once
	r.appts, err = appointment.New(appointment.Config{Directory: bottest.Directory{}, Appointments: r.books,
		Visits: r.books, Reminders: r.books, Consents: r.consents, NewCode: func() string { return fmt.Sprintf("AB%d-XYZ", n.Add(1)) }})
	if err != nil {
		t.Fatal(err)
	}
	committees, err := committee.New(committee.Config{Areas: bottest.Areas(), Roles: bottest.NewRoles(),
		Audit: bottest.NewAudit(now), Subscriptions: bottest.NewSubscriptions(now), Campaigns: bottest.NewCampaigns(now)})
	if err != nil {
		t.Fatal(err)
	}
	var topics *flows.Topics
	if reader != nil {
		topics = flows.MustLoadEmbeddedTopics()
	}
	r.e, err = bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: cat, Sessions: r.store,
		Journal: r.store, Sender: r.sender, Blocks: r.store, Erasers: []bot.Eraser{r.books, r.consents, r.store}, Now: now, Features: []bot.Feature{r.appts, committees},
		Topics: topics, Reader: reader})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// chat drives the rig through Handle, like a channel would.
type chat struct {
	t    *testing.T
	r    *rig
	lang string
	caps *bot.Caps // what the channel can do; nil: Telegram's all
}

func (r *rig) chat(t *testing.T, lang string) *chat { return &chat{t: t, r: r, lang: lang} }

// update fills in u as an update in the private chat.
func (c *chat) update(u bot.Update) bot.Update {
	c.r.id++
	u.ID, u.Chat, u.Caps = "u"+strconv.Itoa(c.r.id), private, c.caps
	u.From = bot.User{ID: "tg:42", FirstName: "Lan", LanguageCode: c.lang}
	return u
}

func (c *chat) send(u bot.Update) []bot.Reply {
	c.t.Helper()
	before := len(c.r.sender.Replies())
	if err := c.r.e.Handle(context.Background(), c.update(u)); err != nil {
		c.t.Fatalf("Handle: %v", err)
	}
	return c.r.sender.Replies()[before:]
}

func (c *chat) cmd(name, payload string) []bot.Reply {
	return c.send(bot.Update{Kind: bot.UpdateCommand, Command: name, Payload: payload, Addressed: true})
}

func (c *chat) text(s string) []bot.Reply { return c.send(bot.Update{Kind: bot.UpdateText, Text: s}) }

// press presses the newest button whose data ends with "|"+choice, or the
// first picker button when choice is "*".
func (c *chat) press(choice string) []bot.Reply {
	c.t.Helper()
	rs := c.r.sender.Replies()
	for i := len(rs) - 1; i >= 0; i-- {
		for _, row := range rs[i].Buttons {
			for _, b := range row {
				if strings.HasSuffix(b.Data, "|"+choice) || choice == "*" && strings.HasPrefix(b.Data, "p|") {
					return c.send(bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: b.Data, CallbackID: "cb", MessageID: i + 1}})
				}
			}
		}
		if rs[i].Kind == bot.ReplyText && len(rs[i].Buttons) > 0 {
			c.t.Fatalf("no button %q in %+v", choice, rs[i].Buttons)
		}
	}
	c.t.Fatalf("no buttons at all")
	return nil
}

func joined(rs []bot.Reply) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, string(r.Kind)+": "+r.Text)
	}
	return strings.Join(parts, "\n")
}

func kinds(rs []bot.Reply) string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r.Kind))
	}
	return strings.Join(out, " ")
}

// eligible walks the chat to a positive verdict for a citizen.
func (c *chat) eligible() {
	c.cmd("start", "check")
	for _, ch := range []string{"vn", "14_plus", "valid", "mine", "has"} {
		c.press(ch)
	}
}

// toConsent books from a positive verdict for oneself at the station, on
// the first day at the first time, up to the consent question.
func (c *chat) toConsent() []bot.Reply {
	for _, ch := range []string{"book", "self", "point"} {
		c.press(ch)
	}
	c.press("*") // the station
	c.press("*") // the first day
	return c.press("*")
}
