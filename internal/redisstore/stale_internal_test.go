package redisstore

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redistest"
)

// The booking scripts change an appointment only while it is as Go read
// it (lib.lua's guard and current): a read that another writer overtook
// gets "retry" and changes nothing. Concurrent tests reach that path only
// by chance; this test runs every such script on a stale read on purpose.
func TestBookingScriptsRefuseAStaleRead(t *testing.T) {
	srv := redistest.Start(t)
	ctx := batcherCtx(t)
	st, err := Open(ctx, srv.URL(), Options{Mode: Mode(srv.Mode())})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := st.Bookings()
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	slot := func(start time.Time) bot.Appointment {
		return bot.Appointment{PointID: "P1", SlotID: start.Format("20060102-1504"), Start: start,
			End: start.Add(20 * time.Minute), Expires: start.Add(30 * 24 * time.Hour)}
	}
	a := slot(start)
	a.Code, a.Person, a.Chat = "C-s", "tg:1", bot.Chat{Channel: "tg", ID: "1", Kind: bot.ChatPrivate}
	if a, err = b.Book(ctx, bot.BookRequest{ID: "b", Seats: 5, Appointment: a}); err != nil {
		t.Fatal(err)
	}
	rec, found, _, err := b.current(ctx, a.Person, opCancel, "c")
	if err != nil || !found {
		t.Fatalf("current = %v, %v", found, err)
	}
	stale := rec
	stale.v = "0" // versions start at 1: another writer got there first
	expect := func(what, res string, err error) {
		t.Helper()
		if err != nil || res != "retry" {
			t.Errorf("%s: %q, %v; want retry", what, res, err)
		}
	}
	_, res, err := b.cancel(ctx, stale, "c")
	expect("cancel of a stale version", res, err)
	_, res, err = b.move(ctx, stale, bot.BookRequest{ID: "m", Seats: 5, Appointment: slot(start.Add(time.Hour))})
	expect("reschedule of a stale version", res, err)
	_, res, err = b.setStatus(ctx, stale, bot.StatusCheckedIn)
	expect("status of a stale version", res, err)
	p, err := b.planForget(ctx, a.Person)
	if err != nil || len(p.appts) != 1 {
		t.Fatalf("planForget = %+v, %v", p, err)
	}
	p.appts[0].v = stale.v
	keys, args := p.script(st, a.Person)
	res, err = forgetScript.Run(ctx, st.batch, keys, args...).Text()
	expect("forget of a stale version", res, err)

	// The person's pointer moved on (to another code) since Go read it.
	pointer := st.personKey(a.Person)
	if err := srv.Client().Set(ctx, pointer, "C-other", 0).Err(); err != nil {
		t.Fatal(err)
	}
	_, res, err = b.cancel(ctx, rec, "c")
	expect("cancel after the pointer moved", res, err)
	_, res, err = b.move(ctx, rec, bot.BookRequest{ID: "m", Seats: 5, Appointment: slot(start.Add(time.Hour))})
	expect("reschedule after the pointer moved", res, err)
	if err := srv.Client().Set(ctx, pointer, a.Code, 0).Err(); err != nil {
		t.Fatal(err)
	}

	if again, found, _, err := b.current(ctx, a.Person, opCancel, "c"); err != nil || !found || again != rec {
		t.Fatalf("a refused script changed the appointment: %+v, %v, %v; want %+v", again, found, err, rec)
	}
	if _, res, err = b.cancel(ctx, rec, "c"); err != nil || res != "ok:"+a.Code {
		t.Fatalf("cancel of the current read = %q, %v", res, err)
	}
}
