package redisstore_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

const time1h = time.Hour

func TestCancelFreesTheSeat(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	a := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 1))
	got, err := b.Cancel(ctx, person(1), "c1")
	if err != nil || got.Status != bot.StatusCancelled || got.Code != a.Code {
		t.Fatalf("Cancel = %+v, %v", got, err)
	}
	if n := taken(t, b, "P1", 1, 0); n != 0 {
		t.Fatalf("Taken after Cancel = %d", n)
	}
	if w, l := reminderMembers(t, srv); len(w)+len(l) != 0 {
		t.Fatalf("reminders left: %v %v", w, l)
	}
	if _, found, err := b.Active(ctx, person(1)); err != nil || found {
		t.Fatalf("Active found a cancelled appointment: %v, %v", found, err)
	}
	// The record stays for the counter, off the staff's day list.
	if kept, found, err := b.Get(ctx, a.Code); err != nil || !found || kept.Status != bot.StatusCancelled {
		t.Fatalf("Get after Cancel = %+v, %v, %v", kept, found, err)
	}
	if l, err := b.ForPoint(ctx, "P1", dayString(1)); err != nil || len(l) != 0 {
		t.Fatalf("day list still holds %v, %v", l, err)
	}

	again, err := b.Cancel(ctx, person(1), "c1")
	if err != nil || mustJSON(t, again) != mustJSON(t, got) {
		t.Fatalf("Cancel retried = %+v, %v; want %+v", again, err, got)
	}
	if _, err := b.Cancel(ctx, person(1), "c2"); !errors.Is(err, bot.ErrNoAppointment) {
		t.Fatalf("Cancel without a booking: %v, want ErrNoAppointment", err)
	}
	mustBook(t, b, bookReq("b", 2, "P1", 1, 0, 1)) // the seat is free again
	mustBook(t, b, bookReq("c", 1, "P1", 1, 1, 1)) // and the person may book again
	verifyClean(t, b)
}

func TestSetStatus(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	a := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))

	in, err := b.SetStatus(ctx, a.Code, bot.StatusCheckedIn)
	if err != nil || in.Status != bot.StatusCheckedIn {
		t.Fatalf("check-in = %+v, %v", in, err)
	}
	if n := taken(t, b, "P1", 1, 0); n != 1 {
		t.Fatalf("a checked-in appointment gave its seat back: %d", n)
	}
	if _, found, err := b.Active(ctx, person(1)); err != nil || found {
		t.Fatalf("a checked-in appointment is still active: %v, %v", found, err)
	}
	if w, l := reminderMembers(t, srv); len(w)+len(l) != 0 {
		t.Fatalf("reminders left after check-in: %v %v", w, l)
	}
	if l, err := b.ForPoint(ctx, "P1", dayString(1)); err != nil || len(l) != 1 || l[0].Status != bot.StatusCheckedIn {
		t.Fatalf("day list %+v, %v", l, err)
	}
	if no, err := b.SetStatus(ctx, a.Code, bot.StatusNoShow); err != nil || no.Status != bot.StatusNoShow {
		t.Fatalf("correcting to no-show = %+v, %v", no, err)
	}
	for _, s := range []string{bot.StatusBooked, bot.StatusCancelled, "lost"} {
		if _, err := b.SetStatus(ctx, a.Code, s); !errors.Is(err, redisstore.ErrStatusChange) {
			t.Errorf("SetStatus to %q: %v, want ErrStatusChange", s, err)
		}
	}
	if _, err := b.SetStatus(ctx, "NOPE", bot.StatusCheckedIn); !errors.Is(err, bot.ErrNoAppointment) {
		t.Fatalf("SetStatus of an unknown code: %v, want ErrNoAppointment", err)
	}
	mustBook(t, b, bookReq("b", 1, "P1", 2, 0, 5)) // may book again
	if _, err := b.Cancel(ctx, person(1), "c"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetStatus(ctx, "C-b", bot.StatusCheckedIn); !errors.Is(err, redisstore.ErrStatusChange) {
		t.Fatalf("check-in of a cancelled appointment: %v, want ErrStatusChange", err)
	}
	verifyClean(t, b)
}

// Request IDs are per operation: a Cancel that reuses a Book's ID cancels
// instead of replaying the booking.
func TestRequestIDsArePerOperation(t *testing.T) {
	b, _ := openBookings(t)
	mustBook(t, b, bookReq("same", 1, "P1", 1, 0, 5))
	got, err := b.Cancel(testCtx(t), person(1), "same")
	if err != nil || got.Status != bot.StatusCancelled {
		t.Fatalf("Cancel with a Book's request ID = %+v, %v; want it cancelled", got, err)
	}
}

// TestCancelRacingItself: the same cancellation sent at once from several
// goroutines (two presses of one confirmation on two processes) cancels
// once, and every one of them gets its result, never "no appointment" (a
// reader that saw the pointer before the winner's script and the record
// after it must find the request's result).
func TestCancelRacingItself(t *testing.T) {
	b, _ := openBookings(t)
	ctx := testCtx(t)
	for round := range 40 {
		a := mustBook(t, b, bookReq(fmt.Sprint("book", round), 1, "P1", 1, round%8, 5))
		id := fmt.Sprint("cancel", round)
		errs := make(chan error, 6)
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				got, err := b.Cancel(ctx, person(1), id)
				if err == nil && (got.Code != a.Code || got.Status != bot.StatusCancelled) {
					err = fmt.Errorf("cancelled %+v", got)
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
	if n := taken(t, b, "P1", 1, 0); n != 0 {
		t.Fatalf("seats taken after cancelling: %d", n)
	}
}
