package redisstore_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

func TestRescheduleMovesTheSeat(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	old := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	moved, err := b.Reschedule(ctx, person(1), moveReq("m", "P2", 2, 3, 5))
	if err != nil {
		t.Fatal(err)
	}
	sid, start, _ := slotAt(2, 3)
	if moved.Code != old.Code || moved.Sequence != 1 || moved.PointID != "P2" || moved.SlotID != sid ||
		!moved.Start.Equal(start) || moved.Status != bot.StatusBooked || moved.Name != old.Name {
		t.Fatalf("Reschedule returned %+v", moved)
	}
	if o, n := taken(t, b, "P1", 1, 0), taken(t, b, "P2", 2, 3); o != 0 || n != 1 {
		t.Fatalf("counters old %d new %d, want 0 and 1", o, n)
	}
	if got, found, err := b.Get(ctx, old.Code); err != nil || !found || mustJSON(t, got) != mustJSON(t, moved) {
		t.Fatalf("Get = %s, %v, %v; want %s", mustJSON(t, got), found, err, mustJSON(t, moved))
	}
	if l, err := b.ForPoint(ctx, "P1", dayString(1)); err != nil || len(l) != 0 {
		t.Fatalf("old day still lists %v, %v", l, err)
	}
	if l, err := b.ForPoint(ctx, "P2", dayString(2)); err != nil || len(l) != 1 || l[0].Sequence != 1 {
		t.Fatalf("new day lists %v, %v", l, err)
	}
	waiting, _ := reminderMembers(t, srv)
	if len(waiting) != 2 || slices.ContainsFunc(waiting, func(m string) bool { return !strings.HasPrefix(m, "C-a|1|") }) {
		t.Fatalf("reminders after reschedule %v, want two of sequence 1", waiting)
	}
	rs, err := b.ClaimDue(ctx, afterDay(2), 10, time1h)
	if err != nil || len(rs) != 2 || rs[0].Seq != 1 || !rs[1].Due.Before(start) {
		t.Fatalf("ClaimDue = %+v, %v", rs, err)
	}
	verifyClean(t, b)
}

func TestRescheduleToAFullSlotKeepsTheBooking(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	old := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	mustBook(t, b, bookReq("b", 2, "P1", 1, 1, 1))
	waitingBefore, _ := reminderMembers(t, srv)
	if _, err := b.Reschedule(ctx, person(1), moveReq("m", "P1", 1, 1, 1)); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("Reschedule to a full slot: %v, want ErrSlotFull", err)
	}
	got, found, err := b.Active(ctx, person(1))
	if err != nil || !found || mustJSON(t, got) != mustJSON(t, old) {
		t.Fatalf("after a failed reschedule Active = %+v, %v, %v; want the old booking", got, found, err)
	}
	if o, n := taken(t, b, "P1", 1, 0), taken(t, b, "P1", 1, 1); o != 1 || n != 1 {
		t.Fatalf("counters %d and %d, want 1 and 1", o, n)
	}
	if w, _ := reminderMembers(t, srv); !slices.Equal(w, waitingBefore) {
		t.Fatalf("reminders changed to %v", w)
	}
	// The failure is remembered for the request's retries.
	if _, err := b.Reschedule(ctx, person(1), moveReq("m", "P1", 1, 2, 5)); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("retry of a failed reschedule: %v, want ErrSlotFull", err)
	}
	verifyClean(t, b)
}

func TestRescheduleRetryAndNoOps(t *testing.T) {
	b, _ := openBookings(t)
	ctx := testCtx(t)
	if _, err := b.Reschedule(ctx, person(1), moveReq("m0", "P1", 1, 1, 5)); !errors.Is(err, bot.ErrNoAppointment) {
		t.Fatalf("Reschedule without a booking: %v, want ErrNoAppointment", err)
	}
	a := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	same, err := b.Reschedule(ctx, person(1), moveReq("m1", "P1", 1, 0, 5))
	if err != nil || mustJSON(t, same) != mustJSON(t, a) {
		t.Fatalf("Reschedule to the same slot = %+v, %v; want it unchanged", same, err)
	}
	first, err := b.Reschedule(ctx, person(1), moveReq("m2", "P1", 1, 1, 5))
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Reschedule(ctx, person(1), moveReq("m2", "P1", 1, 1, 5))
	if err != nil || mustJSON(t, first) != mustJSON(t, second) || second.Sequence != 1 {
		t.Fatalf("retried Reschedule = %+v, %v; want %+v", second, err, first)
	}
	if o, n := taken(t, b, "P1", 1, 0), taken(t, b, "P1", 1, 1); o != 0 || n != 1 {
		t.Fatalf("counters %d and %d, want 0 and 1", o, n)
	}
	verifyClean(t, b)
}

// People moving into a slot race people booking it: the slot never holds
// more than its seats, and every winner holds exactly one seat.
func TestReschedulesAndBooksNeverOverfill(t *testing.T) {
	const movers, bookers, seats = 30, 30, 10
	b, _ := openBookings(t)
	ctx := testCtx(t)
	for i := range movers {
		mustBook(t, b, bookReq(reqID(0, i), i, "P1", 1, 1+i%10, movers))
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, movers+bookers)
	for i := range movers + bookers {
		wg.Go(func() {
			<-start
			if i < movers {
				_, errs[i] = b.Reschedule(ctx, person(i), moveReq(reqID(1, i), "P1", 1, 0, seats))
			} else {
				_, errs[i] = b.Book(ctx, bookReq(reqID(1, i), i, "P1", 1, 0, seats))
			}
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if !errors.Is(err, bot.ErrSlotFull) {
			t.Fatalf("unexpected error %v", err)
		}
	}
	if n := taken(t, b, "P1", 1, 0); won != seats || n != seats {
		t.Fatalf("%d won, counter %d; want %d and %d", won, n, seats, seats)
	}
	verifyClean(t, b)
}
