package redisstore_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// The acceptance test of the booking store: 1,000 people press "book" at
// once for one slot with 50 seats, in 20 rounds with a fresh slot each.
// Exactly 50 must win each round, everybody else must hear "full", and the
// counters must match the records.
func TestThousandPeopleFiftySeats(t *testing.T) {
	const rounds, people, seats = 20, 1000, 50
	b, _ := openBookings(t)
	for round := range rounds {
		won, full := bookAtOnce(t, b, round, people, seats)
		if won != seats || full != people-seats {
			t.Fatalf("round %d: %d booked and %d full, want %d and %d", round, won, full, seats, people-seats)
		}
		if n := taken(t, b, "P1", 1+round/20, round%20); n != seats {
			t.Fatalf("round %d: counter %d, want %d", round, n, seats)
		}
	}
	r := verifyClean(t, b)
	if r.Appointments != rounds*seats || r.Pointers != rounds*seats {
		t.Fatalf("Verify read %d appointments and %d pointers, want %d each", r.Appointments, r.Pointers, rounds*seats)
	}
}

// bookAtOnce lets people distinct people book the round's slot at the same
// moment and counts the outcomes. Any other error fails the test.
func bookAtOnce(t *testing.T, b *redisstore.Bookings, round, people, seats int) (won, full int) {
	t.Helper()
	ctx := testCtx(t)
	errs := make([]error, people)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range people {
		req := bookReq(reqID(round, i), round*people+i, "P1", 1+round/20, round%20, seats)
		wg.Go(func() {
			<-start
			_, errs[i] = b.Book(ctx, req)
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, bot.ErrSlotFull):
			full++
		default:
			t.Fatalf("round %d: unexpected error %v", round, err)
		}
	}
	return won, full
}
