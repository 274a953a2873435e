package appointment_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/bottest"
)

var ctx = context.Background()

// early is 09:00 in Vietnam on Monday 23 November 2026.
var early = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

func TestBookingFlowWithFakes(t *testing.T) {
	now := early
	r := newRig(t, func() time.Time { return now })
	c := r.chat(t, "en")

	// No check yet: booking asks for one first.
	rs := c.cmd("start", "book")
	if !strings.Contains(joined(rs), "eligibility check") {
		t.Fatalf("booking without a check:\n%s", joined(rs))
	}
	c.eligible()
	rs = c.toConsent()
	if !strings.Contains(joined(rs), "Do you agree?") {
		t.Fatalf("no consent screen before personal data:\n%s", joined(rs))
	}
	for _, rep := range rs {
		for _, row := range rep.Buttons {
			for _, b := range row {
				if rep.Kind == bot.ReplyText && strings.HasPrefix(b.Label, "✓") {
					t.Fatal("consent must not be pre-selected")
				}
			}
		}
	}
	c.press("agree")
	c.press("yes") // reminders
	c.text("Lê Thị Hoa")
	rs = c.send(bot.Update{Kind: bot.UpdateContact, Contact: &bot.Contact{Phone: "84912345678", UserID: "tg:42"}})
	if !strings.Contains(joined(rs), "+84912345678") || !strings.Contains(joined(rs), "Lê Thị Hoa") {
		t.Fatalf("summary:\n%s", joined(rs))
	}
	rs = c.press("yes")
	if kinds(rs) != "answer edit text text venue document" || !strings.Contains(rs[2].Text, "AB1-XYZ") ||
		strings.Contains(rs[2].Text, "What to bring") || !strings.HasPrefix(rs[3].Text, "<b>What to bring") ||
		!strings.Contains(rs[3].Text, "/myappointment") || len(rs[3].Buttons) != 1 {
		t.Fatalf("confirmation %s:\n%s", kinds(rs), joined(rs))
	}
	a, found, err := r.books.Active(ctx, private.Key())
	if err != nil || !found || a.Name != "Lê Thị Hoa" || a.Phone != "+84912345678" || !a.Reminders || a.Checklist != "C1" || a.Consent.IsZero() {
		t.Fatalf("stored %+v, %v", a, err)
	}
	due := r.books.Reminders()
	if len(due) != 2 {
		t.Fatalf("reminders scheduled: %+v", due)
	}

	// A second booking is refused; the existing one is shown.
	if rs := c.cmd("start", "book"); !strings.Contains(joined(rs), "AB1-XYZ") {
		t.Fatalf("second booking:\n%s", joined(rs))
	}

	// The evening before, the reminder goes out, in English.
	now = due[0].Due
	if n, err := r.appts.SendDueReminders(ctx); n != 1 || err != nil {
		t.Fatalf("reminders: %d %v (scheduled %+v, now %v, appointment %+v)", n, err, due, now, a)
	}
	if last := r.sender.Replies()[len(r.sender.Replies())-1]; !strings.Contains(last.Text, "Reminder") || !strings.Contains(last.Text, "AB1-XYZ") {
		t.Fatalf("reminder: %s", last.Text)
	}
}

// takeEverySeat books every seat of the directory's point p1 for other
// people.
func takeEverySeat(t *testing.T, books *bottest.Bookings, now time.Time) {
	t.Helper()
	dir := bottest.Directory{}
	for i, day := range dir.Days("p1", now, 2) {
		for j, s := range dir.Slots("p1", day, now) {
			person := fmt.Sprintf("tg:%d%d", 7+i, j)
			a := bot.Appointment{Code: fmt.Sprintf("OTH-%d%d", i, j), Person: person, PointID: "p1", SlotID: s.ID,
				Start: s.Start, End: s.End, Expires: s.End.Add(24 * time.Hour)}
			if _, err := books.Book(ctx, bot.BookRequest{ID: person, Seats: s.Seats, Appointment: a}); err != nil {
				t.Fatalf("someone else books %s: %v", s.ID, err)
			}
		}
	}
}

func TestBookingSlotTakenMeanwhile(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.eligible()
	c.toConsent()
	c.press("agree")
	c.press("no")
	c.text("Lê Thị Hoa")
	c.text("Skip")
	// Someone else takes the last seat of that time.
	takeEverySeat(t, r.books, early)
	rs := c.press("yes")
	if !strings.Contains(joined(rs), "the last free appointment at that time has just been taken") {
		t.Fatalf("full slot:\n%s", joined(rs))
	}
	if _, found, err := r.books.Active(ctx, private.Key()); err != nil || found {
		t.Fatalf("booked into a full slot (%v)", err)
	}
}

func TestDeclinedConsentStoresNothing(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "vi")
	c.eligible()
	c.toConsent()
	rs := c.press("decline")
	if !strings.Contains(joined(rs), "chưa có thông tin nào được lưu") {
		t.Fatalf("decline:\n%s", joined(rs))
	}
	if r.books.Len() != 0 {
		t.Fatal("something was stored after declining")
	}
}

// TestPosterLinkSurvivesTheCheck: a deep link from a poster, opened by
// someone who has not done the eligibility check yet, is remembered
// through the check and lands on that point's days (issue 12).
func TestPosterLinkSurvivesTheCheck(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	if rs := c.cmd("start", "point_p1"); !strings.Contains(joined(rs), "eligibility check") {
		t.Fatalf("booking without a check:\n%s", joined(rs))
	}
	c.press("check")
	for _, ch := range []string{"vn", "14_plus", "valid", "mine", "has", "book"} {
		c.press(ch)
	}
	rs := c.press("self")
	if !strings.Contains(joined(rs), "Choose a day") || strings.Contains(joined(rs), "Choose where to go") {
		t.Fatalf("the poster's point was forgotten:\n%s", joined(rs))
	}
	c.press("*") // a day
	c.press("*") // a time
	c.press("agree")
	c.press("no")
	c.text("Lê Thị Hoa")
	c.text("0912 345 678")
	c.press("yes")
	if a, found, err := r.books.Active(ctx, private.Key()); err != nil || !found || a.PointID != "p1" {
		t.Fatalf("booked %+v, %v, %v", a, found, err)
	}
	// Used once: the next booking asks for the point again.
	c.cmd("myappointment", "")
	c.press("cancel")
	c.press("yes")
	c.cmd("start", "book")
	if rs := c.press("self"); strings.Contains(joined(rs), "Choose a day") {
		t.Fatalf("the poster's point outlived its booking:\n%s", joined(rs))
	}
}

func TestDeepLinkToAPoint(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.eligible()
	c.cmd("start", "point_p1")
	if rs := c.press("self"); !strings.Contains(joined(rs), "Choose a day") {
		t.Fatalf("a deep link to a point must skip choosing it:\n%s", joined(rs))
	}
}

func TestReminderTimes(t *testing.T) {
	start := time.Date(2026, 11, 24, 8, 0, 0, 0, bot.Vietnam)
	for _, tc := range []struct {
		name string
		now  time.Time
		want []string
	}{
		{"two days ahead", start.AddDate(0, 0, -2), []string{"eve 2026-11-23 19:00", "soon 2026-11-24 06:00"}},
		{"after the evening one", time.Date(2026, 11, 23, 20, 0, 0, 0, bot.Vietnam), []string{"soon 2026-11-24 06:00"}},
		{"an hour before", start.Add(-time.Hour), nil},
	} {
		var got []string
		for _, r := range appointment.ReminderTimes(bot.Appointment{Start: start}, tc.now) {
			got = append(got, r.Kind+" "+r.Due.In(bot.Vietnam).Format("2006-01-02 15:04"))
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRemindersSkipBlockedChatsAndSortByLocation(t *testing.T) {
	now := early
	r := newRig(t, func() time.Time { return now })
	c := r.chat(t, "en")
	c.eligible()
	for _, ch := range []string{"book", "self", "point"} {
		c.press(ch)
	}
	// A shared location lists the nearest points first, with distances.
	rs := c.send(bot.Update{Kind: bot.UpdateLocation, Location: &bot.Location{Lat: 10.7, Lon: 106.7}})
	if len(rs) == 0 || rs[len(rs)-1].Buttons[0][0].Label != "Ward A Police · 1.2 km" {
		t.Fatalf("nearest first: %+v", rs)
	}
	for _, ch := range []string{"*", "*", "*", "agree", "yes"} {
		c.press(ch)
	}
	c.text("Lê Thị Hoa")
	c.text("Skip")
	c.press("yes")
	if err := r.store.SetBlocked(ctx, private, true); err != nil {
		t.Fatal(err)
	}
	due := r.books.Reminders()
	now = due[len(due)-1].Due
	sent := len(r.sender.Replies())
	if n, err := r.appts.SendDueReminders(ctx); n != 0 || err != nil || len(r.sender.Replies()) != sent {
		t.Fatalf("a reminder went to a chat that blocked the bot: %d %v", n, err)
	}
}
