package redisstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

func TestClaimDueLeasesDoneRemoves(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	_, start, _ := slotAt(1, 0)
	eve, soon := remindersFor(start)[0].Due, remindersFor(start)[1].Due

	if rs, err := b.ClaimDue(ctx, eve.Add(-time.Minute), 10, time.Minute); err != nil || len(rs) != 0 {
		t.Fatalf("before anything is due ClaimDue = %+v, %v", rs, err)
	}
	rs, err := b.ClaimDue(ctx, eve, 10, time.Minute)
	if err != nil || len(rs) != 1 || rs[0].Kind != "eve" || rs[0].Code != "C-a" || rs[0].Seq != 0 || !rs[0].Due.Equal(eve) {
		t.Fatalf("ClaimDue at the eve = %+v, %v; want the eve reminder only", rs, err)
	}
	// Leased: nobody gets it again until the lease runs out.
	if again, err := b.ClaimDue(ctx, eve.Add(30*time.Second), 10, time.Minute); err != nil || len(again) != 0 {
		t.Fatalf("a leased reminder was handed out again: %+v, %v", again, err)
	}
	// The worker died: after the lease the reminder is due again.
	again, err := b.ClaimDue(ctx, eve.Add(2*time.Minute), 10, time.Minute)
	if err != nil || len(again) != 1 || again[0] != rs[0] {
		t.Fatalf("after the lease ran out ClaimDue = %+v, %v; want %+v", again, err, rs[0])
	}
	if err := b.Done(ctx, again[0]); err != nil {
		t.Fatal(err)
	}
	later, err := b.ClaimDue(ctx, soon.Add(time.Hour), 10, time.Minute)
	if err != nil || len(later) != 1 || later[0].Kind != "soon" {
		t.Fatalf("after Done ClaimDue = %+v, %v; want only the soon reminder", later, err)
	}
	if err := b.Done(ctx, later[0]); err != nil {
		t.Fatal(err)
	}
	if w, l := reminderMembers(t, srv); len(w)+len(l) != 0 {
		t.Fatalf("left after Done: %v %v", w, l)
	}
}

func TestClaimDueRespectsN(t *testing.T) {
	b, _ := openBookings(t)
	ctx := testCtx(t)
	for i := range 5 {
		mustBook(t, b, bookReq(reqID(0, i), i, "P1", 1, 0, 5))
	}
	rs, err := b.ClaimDue(ctx, afterDay(1), 3, time.Hour)
	if err != nil || len(rs) != 3 {
		t.Fatalf("ClaimDue(n=3) = %d reminders, %v", len(rs), err)
	}
	rest, err := b.ClaimDue(ctx, afterDay(1), 100, time.Hour)
	if err != nil || len(rest) != 7 {
		t.Fatalf("then ClaimDue = %d reminders, %v; want the other 7", len(rest), err)
	}
}

// Two Stores (two processes) poll with several goroutines each: every due
// reminder is handed out exactly once.
func TestClaimDueOnceAcrossProcesses(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	stores := []*redisstore.Bookings{st.Bookings(), connect(t, srv, redisstore.Options{}).Bookings()}
	const people = 150
	for i := range people {
		mustBook(t, stores[0], bookReq(reqID(0, i), i, "P1", 1+i%3, i%20, people))
	}
	ctx, now := testCtx(t), afterDay(3)
	var mu sync.Mutex
	seen := map[bot.Reminder]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() { pollUntilEmpty(t, ctx, stores[w%2], now, &mu, seen) })
	}
	wg.Wait()
	if len(seen) != 2*people {
		t.Fatalf("%d distinct reminders handed out, want %d", len(seen), 2*people)
	}
	for r, n := range seen {
		if n != 1 {
			t.Fatalf("%+v handed out %d times", r, n)
		}
	}
}

// pollUntilEmpty claims batches as a reminder worker would, marking each
// reminder done, until a claim comes back empty twice.
func pollUntilEmpty(t *testing.T, ctx context.Context, b *redisstore.Bookings, now time.Time, mu *sync.Mutex, seen map[bot.Reminder]int) {
	for empty := 0; empty < 2; {
		rs, err := b.ClaimDue(ctx, now, 7, time.Hour)
		if err != nil {
			t.Error(err)
			return
		}
		if len(rs) == 0 {
			empty++
			continue
		}
		mu.Lock()
		for _, r := range rs {
			seen[r]++
		}
		mu.Unlock()
		for _, r := range rs {
			if err := b.Done(ctx, r); err != nil {
				t.Error(err)
				return
			}
		}
	}
}

// A reminder of an appointment that was cancelled or moved is never
// handed out, even if it somehow stayed in the schedule.
func TestClaimDueDropsStaleReminders(t *testing.T) {
	b, srv := openBookings(t)
	ctx, c := testCtx(t), srv.Client()
	mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	mustBook(t, b, bookReq("b", 2, "P1", 1, 0, 5))
	if _, err := b.Cancel(ctx, person(2), "cancel"); err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(time.Hour).UnixMilli()
	for _, m := range []string{
		"C-a|7|eve|1",         // another sequence of a booked appointment
		"C-b|0|eve|1",         // a cancelled appointment
		"C-gone|0|soon|1",     // no such appointment
		"not a member at all", // garbage
	} {
		must(t, c.ZAdd(ctx, "eid:{bk}:reminders", redis.Z{Score: float64(due), Member: m}).Err())
	}
	rs, err := b.ClaimDue(ctx, afterDay(1), 100, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Code != "C-a" || r.Seq != 0 {
			t.Errorf("stale reminder handed out: %+v", r)
		}
	}
	if len(rs) != 2 {
		t.Fatalf("ClaimDue = %+v, want the two reminders of C-a", rs)
	}
	if w, _ := reminderMembers(t, srv); len(w) != 0 {
		t.Fatalf("stale members left in the schedule: %v", w)
	}
}

// With AOF on, a crash loses nothing acknowledged: the booking, the seat
// counter and the reminders are back after a restart.
func TestBookingsSurviveACrash(t *testing.T) {
	srv := redistest.Start(t, redistest.WithAppendOnly())
	b := connect(t, srv, redisstore.Options{}).Bookings()
	ctx := testCtx(t)
	a := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))

	srv.Kill()
	srv.Restart()
	fresh := connect(t, srv, redisstore.Options{}).Bookings()
	got, found, err := fresh.Active(ctx, person(1))
	if err != nil || !found || mustJSON(t, got) != mustJSON(t, a) {
		t.Fatalf("after a crash Active = %+v, %v, %v", got, found, err)
	}
	if n := taken(t, fresh, "P1", 1, 0); n != 1 {
		t.Fatalf("after a crash Taken = %d, want 1", n)
	}
	rs, err := fresh.ClaimDue(ctx, afterDay(1), 10, time.Hour)
	if err != nil || len(rs) != 2 {
		t.Fatalf("after a crash ClaimDue = %+v, %v; want both reminders", rs, err)
	}
	verifyClean(t, fresh)
}
