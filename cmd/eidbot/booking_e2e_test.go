package main

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// clock is a settable clock for Main.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

// afterHours is a clock at 17:30 in Vietnam on a Monday to Thursday at
// least a day ahead: the stations have closed, so the first free slot is on
// a later day and both reminders (19:00 the evening before, two hours
// before) are still ahead. A clock at the real time of day would make the
// tests depend on when they run. It is in the future, not the past, because
// Redis expires records by the real clock.
func afterHours() *clock {
	ict := bot.Vietnam
	d := time.Now().In(ict).AddDate(0, 0, 1)
	for d.Weekday() < time.Monday || d.Weekday() > time.Thursday {
		d = d.AddDate(0, 0, 1)
	}
	return &clock{t: time.Date(d.Year(), d.Month(), d.Day(), 17, 30, 0, 0, ict)}
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// startBookingMain runs a Main whose clock the test controls and whose
// reminder loop is off, so reminders are sent when the test says.
func (h *harness) startBookingMain(c *clock) *Main {
	h.t.Helper()
	m := &Main{
		Config:        h.config(),
		Log:           h.mains[0].Log,
		Now:           c.now,
		ReminderEvery: -1,
		CampaignPoll:  -1,
	}
	return h.start(m)
}

// pickFirst presses the first button a picker offered on the newest
// keyboard (a point, a day, a time).
func (p *person) pickFirst() []fakeapi.Call { return p.pickNth(0) }

// pickNth presses the n-th (from 0) picker button on the newest keyboard.
func (p *person) pickNth(n int) []fakeapi.Call {
	p.h.t.Helper()
	calls := p.h.api.CallsTo("sendMessage")
	for i := len(calls) - 1; i >= 0; i-- {
		c := calls[i]
		if c.ChatID() != uid(p.id) || len(c.InlineKeyboard()) == 0 {
			continue
		}
		for _, row := range c.InlineKeyboard() {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, "p|") && n > 0 {
					n--
				} else if strings.HasPrefix(b.CallbackData, "p|") {
					p.mark = len(p.h.api.Calls())
					p.h.mustPost(p.callback(b.CallbackData, c.MessageID))
					return p.h.api.Calls()[p.mark:]
				}
			}
		}
		p.h.t.Fatalf("no picker buttons on the last keyboard:\n%s", c.Params["text"])
	}
	return nil
}

var codePattern = regexp.MustCompile(`<b>([0-9A-Z]{3}-[0-9A-Z]{3})</b>`)

// book walks p through the check and a booking, and returns the calls of
// the final confirmation.
func (p *person) book(name string) []fakeapi.Call {
	p.h.t.Helper()
	p.walkToConfirm(name)
	return p.press("yes")
}

// walkToConfirm is book without the final "yes".
func (p *person) walkToConfirm(name string) {
	p.h.t.Helper()
	p.say("/start check")
	for _, c := range []string{"vn", "14_plus", "valid", "mine", "has", "book", "self", "point"} {
		p.press(c)
	}
	p.pickFirst() // point
	p.pickFirst() // day
	p.pickFirst() // time
	for _, c := range []string{"agree", "yes"} {
		p.press(c)
	}
	p.say(name)
	p.say("0912 345 678")
}

func TestBookingRescheduleCancelAndReminders(t *testing.T) {
	h := newHarness(t, 1)
	c := afterHours()
	base := c.now()
	h.mains = []*Main{h.startBookingMain(c)}
	for _, lang := range []string{"vi", "ko"} {
		t.Run(lang, func(t *testing.T) {
			h.t = t
			p := h.person(map[string]int64{"vi": 501, "ko": 502}[lang], lang)
			calls := p.book("Nguyễn Văn An")
			// The code and summary, then the checklist on its own.
			if got := methods(calls); got != "answerCallbackQuery editMessageReplyMarkup sendMessage sendMessage sendVenue sendDocument" {
				t.Fatalf("confirmation calls: %s", got)
			}
			if !strings.Contains(calls[3].Params["text"], "/myappointment") || strings.Contains(calls[3].Params["text"], "+84912345678") {
				t.Fatalf("checklist message:\n%s", calls[3].Params["text"])
			}
			text := calls[2].Params["text"]
			m := codePattern.FindStringSubmatch(text)
			if m == nil || !strings.Contains(text, "Nguyễn Văn An") || !strings.Contains(text, "+84912345678") {
				t.Fatalf("confirmation lacks the code or the escaped name:\n%s", text)
			}
			code := m[1]
			ics := string(calls[5].Files["document"].Data)
			for _, want := range []string{"UID:" + strings.ReplaceAll(code, "-", "") + "@eidbot", "SEQUENCE:0", "TZID=Asia/Ho_Chi_Minh"} {
				if !strings.Contains(ics, want) {
					t.Fatalf("calendar file lacks %q:\n%s", want, ics)
				}
			}
			a, found, err := h.mains[0].core.bookings.Active(context.Background(), bot.Chat{Channel: "tg", ID: uid(p.id)}.Key())
			if err != nil || !found || a.Code != code || !a.Reminders || a.Lang != bot.Lang(lang) {
				t.Fatalf("stored appointment %+v %v %v", a, found, err)
			}

			// Reschedule: same code, SEQUENCE 1, a new time.
			p.say("/myappointment")
			p.press("move")
			p.pickFirst() // day: the same first day
			p.pickNth(1)  // the second time of that day: not the booked one
			calls = p.press("yes")
			moved := h.active(a.Person)
			if moved.Code != code || moved.Sequence != 1 {
				t.Fatalf("after reschedule: %+v", moved)
			}
			if ics := string(calls[len(calls)-1].Files["document"].Data); !strings.Contains(ics, "SEQUENCE:1") {
				t.Fatalf("rescheduled calendar file:\n%s", ics)
			}

			// The evening before, the reminder goes out in the person's language.
			start := moved.Start.In(bot.Vietnam)
			c.set(time.Date(start.Year(), start.Month(), start.Day()-1, 19, 1, 0, 0, start.Location()))
			before := len(h.api.CallsTo("sendMessage"))
			if n, err := h.mains[0].engine.appointments.SendDueReminders(context.Background()); err != nil || n < 1 {
				t.Fatalf("reminders sent: %d, %v", n, err)
			}
			sent := h.api.CallsTo("sendMessage")[before:]
			if !strings.Contains(lastText(sent), code) {
				t.Fatalf("reminder lacks the code: %s", lastText(sent))
			}
			c.set(base)

			// Cancel: the seat is free and no reminder is left.
			p.say("/myappointment")
			p.press("cancel")
			p.press("yes")
			if _, found, err := h.mains[0].core.bookings.Active(context.Background(), a.Person); err != nil || found {
				t.Fatalf("still booked after cancel: %v, %v", found, err)
			}
			c.set(moved.Start.Add(-time.Hour))
			if n, err := h.mains[0].engine.appointments.SendDueReminders(context.Background()); err != nil || n != 0 {
				t.Fatalf("%d reminders sent for a cancelled appointment (%v)", n, err)
			}
			c.set(base)
		})
	}
}

// TestReminderSurvivesRestart books, stops the bot, starts a new process on
// the same Redis, and lets that one send the reminder.
func TestReminderSurvivesRestart(t *testing.T) {
	h := newHarness(t, 1)
	c := afterHours()
	first := h.startBookingMain(c)
	h.mains = []*Main{first}
	p := h.person(601, "en")
	p.book("Tran Thi Mai")
	a := h.active(bot.Chat{Channel: "tg", ID: "601"}.Key())
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := h.startBookingMain(c)
	c.set(a.Start.Add(-2*time.Hour + time.Minute))
	before := len(h.api.CallsTo("sendMessage"))
	n, err := second.engine.appointments.SendDueReminders(context.Background())
	if err != nil || n != 2 { // the evening one (overdue) and the two-hour one
		t.Fatalf("after restart: %d reminders, %v", n, err)
	}
	if n, err := second.engine.appointments.SendDueReminders(context.Background()); err != nil || n != 0 {
		t.Fatalf("a reminder went out twice: %d (%v)", n, err)
	}
	if got := len(h.api.CallsTo("sendMessage")) - before; got != 2 {
		t.Fatalf("%d reminder messages", got)
	}
}

// active is the person's booked appointment in the first process's store;
// an error, or no booked appointment, fails the test.
func (h *harness) active(person string) bot.Appointment {
	h.t.Helper()
	a, found, err := h.mains[0].core.bookings.Active(context.Background(), person)
	if err != nil || !found {
		h.t.Fatalf("Active(%s) = %v, %v; want a booked appointment", person, found, err)
	}
	return a
}

// TestBookingNeedsAPositiveCheck: without an eligibility result the bot
// asks for the check first and books nothing.
func TestBookingNeedsAPositiveCheck(t *testing.T) {
	h := newHarness(t, 1)
	p := h.person(701, "en")
	calls := p.say("/start book")
	cat := catalog(t)
	if !strings.Contains(lastText(calls), firstLine(cat.Text(bot.English, "book.q.need_check", nil))) {
		t.Fatalf("got: %s", lastText(calls))
	}
}

// TestReminderLoop: the background loop of a running bot sends a due
// reminder by itself.
func TestReminderLoop(t *testing.T) {
	h := newHarness(t, 1)
	c := afterHours()
	h.mains = []*Main{h.startBookingMain(c)}
	p := h.person(801, "zh")
	p.book("Lý Văn Bình")
	a := h.active(bot.Chat{Channel: "tg", ID: "801"}.Key())
	c.set(a.Start.Add(-2*time.Hour + time.Minute))
	before := len(h.api.CallsTo("sendMessage"))
	looping := &Main{Config: h.mains[0].Config, Log: h.mains[0].Log, Now: c.now, ReminderEvery: 20 * time.Millisecond}
	h.start(looping)
	h.api.WaitFor("sendMessage", before+2) // the evening one (overdue) and the two-hour one
}

// TestForgetFreesTheSeat: /forget deletes the appointment and gives the
// seat back, as the consent text promises.
func TestForgetFreesTheSeat(t *testing.T) {
	h := newHarness(t, 1)
	c := afterHours()
	h.mains = []*Main{h.startBookingMain(c)}
	p := h.person(901, "vi")
	p.book("Đỗ Văn Nam")
	ctx := context.Background()
	b := h.mains[0].core.bookings
	person := bot.Chat{Channel: "tg", ID: "901"}.Key()
	a := h.active(person)
	if taken, err := b.Taken(ctx, a.PointID, []string{a.SlotID}); err != nil || taken[0] != 1 {
		t.Fatalf("taken before forget: %v, %v", taken, err)
	}
	p.say("/forget")
	p.press("f|y")
	if _, found, err := b.Active(ctx, person); err != nil || found {
		t.Fatalf("appointment kept after /forget: %v, %v", found, err)
	}
	if _, found, err := b.Get(ctx, a.Code); err != nil || found {
		t.Fatalf("appointment record kept after /forget: %v, %v", found, err)
	}
	if taken, err := b.Taken(ctx, a.PointID, []string{a.SlotID}); err != nil || taken[0] != 0 {
		t.Fatalf("seat not freed: %v, %v", taken, err)
	}
	s, found, err := h.mains[0].core.store.Load(ctx, bot.Chat{Channel: "tg", ID: "901"})
	if err != nil || (found && (s.Case.Outcome != "" || len(s.Dialog.Answers) > 0)) {
		t.Fatalf("session still holds data: %+v, %v", s, err)
	}
}

// TestForgetKeepsOnlyTheConsentRecord: after a booking for someone else
// and /forget, Redis holds nothing personal of the person: no key or
// value has the name, the phone number or the check's answers, and the
// only record left is the consent record, named by the hash of the chat
// id, with the purposes, text versions and times (Decree 330/2026 as
// reported, SOURCES.md §11.4).
func TestForgetKeepsOnlyTheConsentRecord(t *testing.T) {
	h := newHarness(t, 1)
	c := afterHours()
	h.mains = []*Main{h.startBookingMain(c)}
	p := h.person(902, "vi")
	p.say("/start check")
	for _, ch := range []string{"vn", "14_plus", "valid", "mine", "has", "book", "other", "point"} {
		p.press(ch)
	}
	p.pickFirst()
	p.pickFirst()
	p.pickFirst()
	for _, ch := range []string{"agree", "yes", "yes"} { // consent, the person agreed, reminders
		p.press(ch)
	}
	p.say("Trịnh Thị Mận")
	p.say("0912 345 678")
	p.press("yes")
	chat := bot.Chat{Channel: "tg", ID: "902"}
	h.active(chat.Key())
	p.say("/forget")
	p.press("f|y")

	ctx := context.Background()
	rdb := h.redis.Client()
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	subject := bot.ConsentSubject(chat)
	var consent []string
	for _, k := range keys {
		dump := k + " " + h.dumpKey(k)
		for _, personal := range []string{"Trịnh Thị Mận", "912345678", "912 345 678", "14_plus", "\"valid\""} {
			if strings.Contains(dump, personal) {
				t.Errorf("%q survived /forget in %s", personal, dump)
			}
		}
		if strings.Contains(k, "consent") {
			consent = append(consent, k)
		}
	}
	if len(consent) != 1 || !strings.Contains(consent[0], subject) || strings.Contains(consent[0], "902") {
		t.Fatalf("consent records %v, want one named by %s", consent, subject)
	}
	rec, err := rdb.HGetAll(ctx, consent[0]).Result()
	if err != nil {
		t.Fatal(err)
	}
	fields := []string{}
	for f := range rec {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	if want := []string{"booking", "deleted", "reminders", "third_party_agreed"}; !slices.Equal(fields, want) {
		t.Fatalf("consent record fields %v, want %v", fields, want)
	}
	for _, f := range []string{"booking", "reminders", "third_party_agreed"} {
		if parts := strings.Split(rec[f], "|"); len(parts) != 3 || !strings.Contains(parts[0], "@") || parts[2] != rec["deleted"] {
			t.Errorf("%s = %q: want version|given|withdrawn at the deletion", f, rec[f])
		}
	}
}

// dumpKey renders what key holds, whatever its type, for a search.
func (h *harness) dumpKey(key string) string {
	ctx := context.Background()
	rdb := h.redis.Client()
	var v any
	var err error
	switch typ := rdb.Type(ctx, key).Val(); typ {
	case "string":
		v, err = rdb.Get(ctx, key).Result()
	case "hash":
		v, err = rdb.HGetAll(ctx, key).Result()
	case "list":
		v, err = rdb.LRange(ctx, key, 0, -1).Result()
	case "set":
		v, err = rdb.SMembers(ctx, key).Result()
	case "zset":
		v, err = rdb.ZRange(ctx, key, 0, -1).Result()
	case "stream":
		v, err = rdb.XRange(ctx, key, "-", "+").Result()
	default:
		v = typ
	}
	if err != nil {
		h.t.Fatalf("read %s: %v", key, err)
	}
	return fmt.Sprint(v)
}
