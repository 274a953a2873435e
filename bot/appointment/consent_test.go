package appointment_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// TestBookingForSomeoneElseRecordsConsents: booking for someone else asks
// the booker to confirm that person agreed, with no answer preselected;
// "not yet" stores nothing; "yes" books, and the consent log holds the
// booking, reminders and third-party consents with their text versions,
// which /forget keeps, adding the deletion.
func TestBookingForSomeoneElseRecordsConsents(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.eligible()
	toAgreed := func() []bot.Reply {
		for _, ch := range []string{"book", "other", "point"} {
			c.press(ch)
		}
		c.press("*")
		c.press("*")
		c.press("*")
		return c.press("agree")
	}
	rs := toAgreed()
	if !strings.Contains(joined(rs), "Has that person agreed") {
		t.Fatalf("no question about the person's agreement:\n%s", joined(rs))
	}
	for _, rep := range rs {
		for _, row := range rep.Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Label, "✓") && rep.Kind == bot.ReplyText {
					t.Fatal("an answer is preselected")
				}
			}
		}
	}
	if rs := c.press("no"); !strings.Contains(joined(rs), "Nothing was stored") {
		t.Fatalf("not yet:\n%s", joined(rs))
	}
	if r.books.Len() != 0 || len(r.consents.Given(private)) != 0 {
		t.Fatal("something was stored without the person's agreement")
	}

	c.cmd("start", "book")
	c.press("other")
	c.press("point")
	c.press("*")
	c.press("*")
	c.press("*")
	c.press("agree")
	c.press("yes") // the person agreed
	c.press("yes") // reminders
	c.text("Nguyễn Thị Lành")
	c.text("0912 345 678")
	c.press("yes")
	given := r.consents.Given(private)
	for purpose, version := range map[string]string{bot.PurposeBooking: "book.q.consent@", bot.PurposeReminders: "book.q.consent@",
		bot.PurposeThirdParty: "consent.q.other@"} {
		if g, ok := given[purpose]; !ok || !strings.HasPrefix(g.Version, version) || !g.Given.Equal(early) ||
			g.Subject != bot.ConsentSubject(private) {
			t.Errorf("consent to %s: %+v", purpose, g)
		}
	}
	c.cmd("forget", "")
	c.press("y") // yes, delete
	if _, ok := r.consents.Deleted(private); !ok || len(r.consents.Given(private)) != 3 {
		t.Fatalf("after /forget: deleted %v, consents %v", ok, r.consents.Given(private))
	}
	if r.books.Len() != 0 {
		t.Fatal("booking data survived /forget")
	}
}
