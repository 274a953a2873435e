package redisstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

func TestVerifyReportsMismatches(t *testing.T) {
	b, srv := openBookings(t)
	ctx, c := testCtx(t), srv.Client()
	a := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	mustBook(t, b, bookReq("x", 2, "P1", 1, 1, 5))
	if _, err := b.Cancel(ctx, person(2), "cx"); err != nil {
		t.Fatal(err)
	}
	mustBook(t, b, bookReq("c", 3, "P1", 1, 2, 5))
	d := mustBook(t, b, bookReq("d", 4, "P1", 1, 3, 5))
	r := verifyClean(t, b)
	if r.Appointments != 4 || r.Pointers != 3 || r.Slots != 4 {
		t.Fatalf("Verify counted %+v", r)
	}

	must(t, c.Incr(ctx, "eid:{bk}:slot:P1:"+a.SlotID).Err())    // a seat nobody holds
	must(t, c.Set(ctx, "eid:{bk}:person:tg:2", "C-x", 0).Err()) // a pointer to a cancelled appointment
	d.Person = person(3)                                        // person 3 now holds two
	must(t, c.HSet(ctx, "eid:{bk}:appt:C-d", "d", mustJSON(t, d)).Err())
	// A slot that is over and whose counter expired is not a mismatch.
	past := d
	past.Code, past.Status, past.SlotID = "C-past", bot.StatusCheckedIn, "past"
	past.End = time.Now().Add(-96 * time.Hour)
	must(t, c.HSet(ctx, "eid:{bk}:appt:C-past", "d", mustJSON(t, past), "v", "1").Err())

	r, err := b.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range r.Mismatches {
		got = append(got, m.String())
	}
	for _, want := range []string{
		"eid:{bk}:slot:P1:" + a.SlotID + ": counter says 2 seats taken, 1 appointments hold one",
		"eid:{bk}:person:tg:2: points to C-x, which is cancelled",
		"eid:{bk}:person:tg:3: holds booked appointments C-c, C-d",
		"eid:{bk}:person:tg:4: points to C-d of tg:3",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("Verify missed %q", want)
		}
	}
	for _, m := range got {
		if strings.Contains(m, "past") {
			t.Errorf("Verify flagged a slot that is over: %s", m)
		}
	}
	if r.OK() {
		t.Fatal("OK() with mismatches")
	}
}

// Once every slot is over, counters no longer guard anything and Verify
// compares none of them.
func TestVerifySkipsSlotsThatAreOver(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	a := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	must(t, srv.Client().Incr(ctx, "eid:{bk}:slot:P1:"+a.SlotID).Err())
	if r, err := b.Verify(ctx); err != nil || r.OK() {
		t.Fatalf("Verify missed a wrong counter of a future slot: %+v, %v", r, err)
	}
	later := b.WithClock(func() time.Time { return afterDay(1) })
	r := verifyClean(t, later)
	if r.Slots != 0 {
		t.Fatalf("Verify compared %d slots that are over", r.Slots)
	}
}
