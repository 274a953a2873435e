package redisstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// /forget erases a person's bookings and nobody else's.
func TestEraseBookings(t *testing.T) {
	b, srv := openBookings(t)
	ctx, c := testCtx(t), srv.Client()
	fillPerson(t, b, 1)
	fillPerson(t, b, 2)
	// A worker is sending both people's reminders right now.
	if rs, err := b.ClaimDue(ctx, afterDay(2), 100, time.Hour); err != nil || len(rs) != 4 {
		t.Fatalf("ClaimDue = %+v, %v; want 4", rs, err)
	}

	if err := b.Erase(ctx, tgChat(1)); err != nil {
		t.Fatal(err)
	}
	if _, found, err := b.Active(ctx, person(1)); err != nil || found {
		t.Fatalf("the erased person still has an appointment: %v, %v", found, err)
	}
	for _, code := range []string{"C-old1", "C-cancelled1", "C-active1"} {
		if _, found, err := b.Get(ctx, code); err != nil || found {
			t.Errorf("%s survived Erase: %v, %v", code, found, err)
		}
	}
	if o, a := taken(t, b, "P1", 1, 0), taken(t, b, "P1", 2, 0); o != 1 || a != 1 {
		t.Fatalf("counters %d and %d, want 1 and 1 (person 2's seats only)", o, a)
	}
	if list, err := b.VisitsFor(ctx, "P1"); err != nil || len(list) != 1 || list[0].Person != person(2) {
		t.Fatalf("visits after Erase %+v, %v", list, err)
	}
	waiting, leased := reminderMembers(t, srv)
	if len(waiting) != 0 || len(leased) != 2 || !strings.HasPrefix(leased[0], "C-active2|") || !strings.HasPrefix(leased[1], "C-active2|") {
		t.Fatalf("reminders after Erase %v %v, want person 2's two", waiting, leased)
	}
	for _, k := range personalKeys(1) {
		if val(t, c.Exists(ctx, k)) != 0 {
			t.Errorf("Erase left %s", k)
		}
	}
	for _, k := range personalKeys(2) {
		if val(t, c.Exists(ctx, k)) != 1 {
			t.Errorf("Erase deleted %s of another person", k)
		}
	}
	if err := b.Erase(ctx, tgChat(1)); err != nil { // nothing left: no error
		t.Fatal(err)
	}
	verifyClean(t, b)
}

// personalKeys are the booking keys that hold data of the person fill(n)
// made.
func personalKeys(n int) []string {
	var keys []string
	for _, s := range []string{"appt:C-old", "appt:C-cancelled", "appt:C-active", "req:book:old",
		"req:book:cancelled", "req:cancel:cancel", "req:book:active", "visit:visit"} {
		keys = append(keys, "eid:{bk}:"+s+itoa(n))
	}
	return append(keys, "eid:{bk}:person:tg:"+itoa(n), "eid:{bk}:owned:tg:"+itoa(n))
}

// fillPerson gives person n a checked-in, a cancelled and a booked
// appointment and a visit request.
func fillPerson(t *testing.T, b *redisstore.Bookings, n int) {
	t.Helper()
	ctx := testCtx(t)
	id := func(s string) string { return s + itoa(n) }
	mustBook(t, b, bookReq(id("old"), n, "P1", 1, 0, 5))
	if _, err := b.SetStatus(ctx, "C-"+id("old"), bot.StatusCheckedIn); err != nil {
		t.Fatal(err)
	}
	mustBook(t, b, bookReq(id("cancelled"), n, "P1", 1, 1, 5))
	if _, err := b.Cancel(ctx, person(n), id("cancel")); err != nil {
		t.Fatal(err)
	}
	mustBook(t, b, bookReq(id("active"), n, "P1", 2, 0, 5))
	if _, err := b.RequestVisit(ctx, visitReq(id("visit"), n, "P1", time.Now())); err != nil {
		t.Fatal(err)
	}
}
