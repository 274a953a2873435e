package redisstore_test

import (
	"errors"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// recorder is a redisstore.Observer that remembers what it was told.
type recorder struct {
	mu        sync.Mutex
	errors    map[string]int
	failovers int
	bookings  map[string]int
	visits    map[string]int
}

func newRecorder() *recorder {
	return &recorder{errors: map[string]int{}, bookings: map[string]int{}, visits: map[string]int{}}
}

func (r *recorder) ObserveRedisError(kind string) { r.mu.Lock(); r.errors[kind]++; r.mu.Unlock() }
func (r *recorder) ObserveFailover()              { r.mu.Lock(); r.failovers++; r.mu.Unlock() }
func (r *recorder) ObserveBooking(change string)  { r.mu.Lock(); r.bookings[change]++; r.mu.Unlock() }
func (r *recorder) ObserveVisit(change string)    { r.mu.Lock(); r.visits[change]++; r.mu.Unlock() }

func (r *recorder) counts() (errs map[string]int, failovers int, bookings map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs, bookings = map[string]int{}, map[string]int{}
	for k, v := range r.errors {
		errs[k] = v
	}
	for k, v := range r.bookings {
		bookings[k] = v
	}
	return errs, r.failovers, bookings
}

// TestObserverCountsBookingChangesOnce: a booking made, moved and
// cancelled is counted once each, however often each request is sent
// again (the bot resends them after a conflict or a lost reply), and a
// refused booking is not counted.
func TestObserverCountsBookingChangesOnce(t *testing.T) {
	rec := newRecorder()
	st, _ := open(t, redisstore.Options{Observer: rec})
	b := st.Bookings()
	ctx := testCtx(t)
	book := bookReq("r1", 1, "P1", 1, 0, 1)
	move := moveReq("m1", "P1", 1, 1, 1)
	for range 2 {
		if _, err := b.Book(ctx, book); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Reschedule(ctx, book.Appointment.Person, move); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Book(ctx, bookReq("r2", 2, "P1", 1, 1, 1)); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("booking a full slot: %v", err)
	}
	for range 2 {
		if _, err := b.Cancel(ctx, book.Appointment.Person, "c1"); err != nil {
			t.Fatal(err)
		}
	}
	errs, _, bookings := rec.counts()
	if bookings["made"] != 1 || bookings["moved"] != 1 || bookings["cancelled"] != 1 || len(bookings) != 3 {
		t.Fatalf("booking changes counted: %v", bookings)
	}
	if len(errs) != 0 {
		t.Fatalf("errors counted on a healthy Redis (a missing key or an uncached script is none): %v", errs)
	}
}

// TestObserverCountsVisitChangesOnce: a home-visit request sent twice is
// counted once; accepting, declining and cancelling are counted as they
// are written, and a refused change (cancelling a declined request) is
// not.
func TestObserverCountsVisitChangesOnce(t *testing.T) {
	rec := newRecorder()
	st, _ := open(t, redisstore.Options{Observer: rec})
	b := st.Bookings()
	ctx := testCtx(t)
	now := time.Now()
	first, second := visitReq("v1", 1, "P1", now), visitReq("v2", 2, "P1", now)
	for range 2 {
		for _, req := range []bot.VisitRequest{first, second} {
			if _, err := b.RequestVisit(ctx, req); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := b.AcceptVisit(ctx, "v1", now.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CancelVisit(ctx, first.Person, "v1"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := b.DeclineVisit(ctx, "v2"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.CancelVisit(ctx, second.Person, "v2"); !errors.Is(err, redisstore.ErrNoVisit) {
		t.Fatalf("cancelling a declined request: %v", err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	want := map[string]int{redisstore.VisitRequested: 2, bot.VisitAccepted: 1, bot.VisitCancelled: 1, bot.VisitDeclined: 1}
	if !maps.Equal(rec.visits, want) {
		t.Fatalf("visit changes counted %v, want %v", rec.visits, want)
	}
}

// TestObserverCountsRedisErrors: with the server gone, the failed
// commands are counted as connection errors.
func TestObserverCountsRedisErrors(t *testing.T) {
	rec := newRecorder()
	st, srv := open(t, redisstore.Options{Observer: rec})
	ctx := testCtx(t)
	if _, _, err := st.Load(ctx, tgChat(1)); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	if _, _, err := st.Load(ctx, tgChat(1)); !errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Load with Redis down: %v", err)
	}
	if errs, _, _ := rec.counts(); errs["connection"] == 0 || len(errs) != 1 {
		t.Fatalf("errors counted with Redis down: %v", errs)
	}
}

// TestObserverSeesSentinelFailover: after the Sentinels promote a
// replica, the Store's next connection reaches the new master, and that
// is counted as a failover seen.
func TestObserverSeesSentinelFailover(t *testing.T) {
	s := redistest.StartSentinel(t)
	rec := newRecorder()
	st := connect(t, s.Endpoint(t), redisstore.Options{Observer: rec})
	ctx := testCtx(t)
	chat := tgChat(7)
	if err := increment(ctx, st, chat); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := rec.counts(); n != 0 {
		t.Fatalf("%d failovers seen before any", n)
	}
	old := s.Master()
	old.Kill()
	s.WaitFailover(old)
	deadline := time.Now().Add(30 * time.Second)
	for err := increment(ctx, st, chat); err != nil; err = increment(ctx, st, chat) {
		if time.Now().After(deadline) {
			t.Fatalf("no write after the failover: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	errs, n, _ := rec.counts()
	if n != 1 {
		t.Fatalf("%d failovers seen, want 1 (errors: %v)", n, errs)
	}
}
