package appointment_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// The double-tap rule (bot.Pressed, issue 12): a second press of the same
// confirmation, whether it comes after the first was answered or races it,
// shows the confirmation of what the first press did, never "you already
// have an appointment" or "that button is old".

// toConfirm walks c from a positive check to "Is everything correct?" and
// returns the confirmation button's press.
func (c *chat) toConfirm() bot.Update {
	c.t.Helper()
	c.eligible()
	c.toConsent()
	c.press("agree")
	c.press("no")
	c.text("Lê Thị Hoa")
	c.text("0912 345 678")
	return c.lastPress("yes")
}

// lastPress is the press of the newest button whose data ends with
// "|"+choice, as a fresh update each time it is sent.
func (c *chat) lastPress(choice string) bot.Update {
	c.t.Helper()
	rs := c.r.sender.Replies()
	for i := len(rs) - 1; i >= 0; i-- {
		for _, row := range rs[i].Buttons {
			for _, b := range row {
				if strings.HasSuffix(b.Data, "|"+choice) {
					return bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: b.Data, CallbackID: "cb", MessageID: i + 1}}
				}
			}
		}
	}
	c.t.Fatalf("no button %q", choice)
	return bot.Update{}
}

// pressNth presses the n-th (from 0) picker button of the newest message
// with picker buttons.
func (c *chat) pressNth(n int) []bot.Reply {
	c.t.Helper()
	rs := c.r.sender.Replies()
	for i := len(rs) - 1; i >= 0; i-- {
		var picks []bot.Button
		for _, row := range rs[i].Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Data, "p|") {
					picks = append(picks, b)
				}
			}
		}
		if len(picks) > n {
			return c.send(bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: picks[n].Data, CallbackID: "cb", MessageID: i + 1}})
		}
	}
	c.t.Fatalf("no picker button %d", n)
	return nil
}

// twice sends u twice, one after the other, and returns each one's replies.
func (c *chat) twice(u bot.Update) (first, second []bot.Reply) {
	return c.send(u), c.send(u)
}

// atOnce sends u twice at the same time and returns all the replies.
func (c *chat) atOnce(u bot.Update) []bot.Reply {
	c.t.Helper()
	before := len(c.r.sender.Replies())
	a, b := c.update(u), c.update(u)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, up := range []bot.Update{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				errs[i] = c.r.e.Handle(ctx, up)
				if errs[i] != bot.ErrBusy {
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			c.t.Fatalf("Handle: %v", err)
		}
	}
	return c.r.sender.Replies()[before:]
}

// count is how many text replies contain s.
func count(rs []bot.Reply, s string) int {
	n := 0
	for _, r := range rs {
		if r.Kind == bot.ReplyText && strings.Contains(r.Text, s) {
			n++
		}
	}
	return n
}

// oneBooking checks that the person holds one appointment, AB1-XYZ, and
// that it takes one seat.
func oneBooking(t *testing.T, r *rig) {
	t.Helper()
	if code := heldBooking(t, r); code != "AB1-XYZ" {
		t.Fatalf("booked under %s, want AB1-XYZ", code)
	}
}

// heldBooking checks that the person holds one appointment taking one
// seat, and returns its code.
func heldBooking(t *testing.T, r *rig) string {
	t.Helper()
	a, found, err := r.books.Active(ctx, private.Key())
	if err != nil || !found {
		t.Fatalf("active %+v %v %v", a, found, err)
	}
	taken, err := r.books.Taken(ctx, a.PointID, []string{a.SlotID})
	if err != nil || taken[0] != 1 {
		t.Fatalf("seats taken %v, %v", taken, err)
	}
	return a.Code
}

func TestConfirmPressedTwiceShowsTheSameBooking(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	first, second := c.twice(c.toConfirm())
	for i, rs := range [][]bot.Reply{first, second} {
		if count(rs, "<b>Booked.</b> Booking code: <b>AB1-XYZ</b>") != 1 || count(rs, "already has an appointment") != 0 ||
			count(rs, "earlier question") != 0 || kinds(rs) != "answer edit text text venue document" {
			t.Fatalf("press %d: %s\n%s", i+1, kinds(rs), joined(rs))
		}
	}
	oneBooking(t, r)
}

// TestConfirmPressedTwiceAtOnceShowsTheSameBookingTwice: both presses draw
// a code at once (AB1 and AB2, in either order); whichever draw took the
// seat, both replies show that one booking.
func TestConfirmPressedTwiceAtOnceShowsTheSameBookingTwice(t *testing.T) {
	for range 20 { // the interleaving differs from run to run; every one must hold
		r := newRig(t, func() time.Time { return early })
		c := r.chat(t, "en")
		rs := c.atOnce(c.toConfirm())
		code := heldBooking(t, r)
		if count(rs, "<b>Booked.</b> Booking code: <b>"+code+"</b>") != 2 || count(rs, "<b>Booked.</b>") != 2 ||
			count(rs, "already has an appointment") != 0 || count(rs, "earlier question") != 0 {
			t.Fatalf("held %s; replies: %s\n%s", code, kinds(rs), joined(rs))
		}
	}
}

func TestCancelPressedTwiceShowsTheSameCancellation(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.send(c.toConfirm())
	c.cmd("myappointment", "")
	c.press("cancel")
	rs := c.atOnce(c.lastPress("yes"))
	if count(rs, "Appointment AB1-XYZ is cancelled") != 2 || count(rs, "no appointment") != 0 || count(rs, "earlier question") != 0 {
		t.Fatalf("%s\n%s", kinds(rs), joined(rs))
	}
	if _, found, err := r.books.Active(ctx, private.Key()); err != nil || found {
		t.Fatalf("still booked (%v)", err)
	}
	first, _, _ := r.books.Get(ctx, "AB1-XYZ")
	if taken, err := r.books.Taken(ctx, first.PointID, []string{first.SlotID}); err != nil || taken[0] != 0 {
		t.Fatalf("seats taken after cancelling %v, %v", taken, err)
	}
}

func TestMovePressedTwiceShowsTheSameMove(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.send(c.toConfirm())
	c.cmd("myappointment", "")
	c.press("move")
	c.pressNth(1)                                                   // the second day
	if rs := c.press("*"); count(rs, "Move the appointment") != 1 { // its first time
		t.Fatalf("%s", joined(rs))
	}
	rs := c.atOnce(c.lastPress("yes"))
	if count(rs, "<b>Moved.</b> The booking code stays <b>AB1-XYZ</b>") != 2 || count(rs, "no appointment") != 0 ||
		count(rs, "earlier question") != 0 || count(rs, "has just been taken") != 0 {
		t.Fatalf("%s\n%s", kinds(rs), joined(rs))
	}
	a, found, err := r.books.Active(ctx, private.Key())
	if err != nil || !found || a.Sequence != 1 {
		t.Fatalf("moved once? %+v %v %v", a, found, err)
	}
}

// TestNumberTypedTwiceWithinASecond: on a channel without buttons, "1"
// typed twice within a second at "Is everything correct?" answers that
// question both times (bot.ShownGrace), so both show the booking; a "1"
// typed later answers what is shown then.
func TestNumberTypedTwiceWithinASecond(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "vi")
	c.caps = &bot.Caps{MaxText: 2000} // as the Zalo Bot Platform: no buttons
	c.toConfirm()
	at := early.Add(time.Minute)
	one := func(d time.Duration) []bot.Reply {
		return c.send(bot.Update{Kind: bot.UpdateText, Text: "1", Time: at.Add(d)})
	}
	for i, rs := range [][]bot.Reply{one(0), one(300 * time.Millisecond)} {
		if count(rs, "Mã lịch hẹn: <b>AB1-XYZ</b>") != 1 || count(rs, "đã có một lịch hẹn") != 0 {
			t.Fatalf("\"1\" number %d: %s\n%s", i+1, kinds(rs), joined(rs))
		}
	}
	oneBooking(t, r)
	if rs := one(5 * time.Second); count(rs, "AB1-XYZ") != 0 {
		t.Fatalf("a \"1\" seconds later answered the old question:\n%s", joined(rs))
	}
}

// TestConsentPressedTwiceAtOnce: "I agree" pressed twice at once moves on
// once; both presses show the next question, neither "that button is old".
func TestConsentPressedTwiceAtOnce(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.eligible()
	c.toConsent()
	rs := c.atOnce(c.lastPress("agree"))
	if count(rs, "Do you want reminders") != 2 || count(rs, "earlier question") != 0 {
		t.Fatalf("%s\n%s", kinds(rs), joined(rs))
	}
	c.press("no")
	if rs := c.text("Lê Thị Hoa"); !strings.Contains(joined(rs), "phone number") {
		t.Fatalf("after the double tap the booking goes on:\n%s", joined(rs))
	}
}
