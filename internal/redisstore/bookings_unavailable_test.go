package redisstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// everyBooking runs each booking operation once and returns the errors by
// name.
func everyBooking(ctx context.Context, b *redisstore.Bookings) map[string]error {
	errs := map[string]error{}
	put := func(name string) func(...any) {
		return func(vs ...any) { errs[name], _ = vs[len(vs)-1].(error) }
	}
	put("Book")(b.Book(ctx, bookReq("n", 9, "P1", 1, 0, 5)))
	put("Reschedule")(b.Reschedule(ctx, person(1), moveReq("m", "P1", 1, 1, 5)))
	put("Cancel")(b.Cancel(ctx, person(1), "c"))
	put("Active")(b.Active(ctx, person(1)))
	put("Get")(b.Get(ctx, "C-a"))
	put("Taken")(b.Taken(ctx, "P1", []string{"x"}))
	put("ForPoint")(b.ForPoint(ctx, "P1", dayString(1)))
	put("SetStatus")(b.SetStatus(ctx, "C-a", bot.StatusCheckedIn))
	put("ClaimDue")(b.ClaimDue(ctx, time.Now(), 10, time.Minute))
	put("Done")(b.Done(ctx, bot.Reminder{Code: "C-a", Kind: "eve", Due: time.Now()}))
	put("RequestVisit")(b.RequestVisit(ctx, visitReq("v", 1, "P1", time.Now())))
	put("VisitsFor")(b.VisitsFor(ctx, "P1"))
	put("AcceptVisit")(b.AcceptVisit(ctx, "v", time.Now()))
	put("Erase")(b.Erase(ctx, tgChat(1)))
	put("Verify")(b.Verify(ctx))
	return errs
}

func TestBookingsStoppedRedisIsUnavailable(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	srv.Stop()
	for op, err := range everyBooking(ctx, b) {
		if !errors.Is(err, bot.ErrUnavailable) {
			t.Errorf("%s with Redis stopped: err %v, want ErrUnavailable", op, err)
		}
	}
}

// Local mode runs the same scripts on miniredis's Lua.
func TestBookingsOnEmbeddedRedis(t *testing.T) {
	st, err := redisstore.Embedded(redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, ctx := st.Bookings(), testCtx(t)
	for op, err := range everyBooking(ctx, b) {
		if errors.Is(err, bot.ErrUnavailable) {
			t.Errorf("%s on embedded Redis: %v", op, err)
		}
	}
	mustBook(t, b, bookReq("a", 1, "P1", 1, 5, 1))
	if _, err := b.Book(ctx, bookReq("b", 2, "P1", 1, 5, 1)); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("Book into a full slot: %v", err)
	}
	if a, err := b.Reschedule(ctx, person(1), moveReq("m2", "P1", 1, 2, 5)); err != nil || a.Sequence != 1 {
		t.Fatalf("Reschedule = %+v, %v", a, err)
	}
	rs, err := b.ClaimDue(ctx, afterDay(1), 10, time.Minute)
	if err != nil || len(rs) != 4 { // two of C-a, two of C-n from everyBooking
		t.Fatalf("ClaimDue = %+v, %v", rs, err)
	}
	for _, r := range rs {
		if r.Code == "C-a" && r.Seq != 1 {
			t.Errorf("reminder of the old time handed out: %+v", r)
		}
	}
	if _, err := b.SetStatus(ctx, "C-a", bot.StatusNoShow); err != nil {
		t.Fatal(err)
	}
	if err := b.Erase(ctx, tgChat(1)); err != nil {
		t.Fatal(err)
	}
	verifyClean(t, b)
}
