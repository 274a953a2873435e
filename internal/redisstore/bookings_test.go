package redisstore_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestBookStoresTheAppointment(t *testing.T) {
	b, srv := openBookings(t)
	ctx := testCtx(t)
	req := bookReq("a", 1, "P1", 1, 0, 5)
	a := mustBook(t, b, req)
	if a.Status != bot.StatusBooked || a.Sequence != 0 || a.Code != "C-a" || a.Created.IsZero() {
		t.Fatalf("Book returned %+v", a)
	}

	got, found, err := b.Get(ctx, a.Code)
	if err != nil || !found || mustJSON(t, got) != mustJSON(t, a) {
		t.Fatalf("Get = %+v, %v, %v; want %+v", got, found, err, a)
	}
	act, found, err := b.Active(ctx, person(1))
	if err != nil || !found || act.Code != a.Code {
		t.Fatalf("Active = %s, %v, %v", act.Code, found, err)
	}
	if n := taken(t, b, "P1", 1, 0); n != 1 {
		t.Fatalf("Taken = %d, want 1", n)
	}
	list, err := b.ForPoint(ctx, "P1", dayString(1))
	if err != nil || len(list) != 1 || list[0].Code != a.Code {
		t.Fatalf("ForPoint = %v, %v", list, err)
	}
	if waiting, _ := reminderMembers(t, srv); len(waiting) != 2 {
		t.Fatalf("scheduled reminders %v, want 2", waiting)
	}
	if _, found, err := b.Active(ctx, person(2)); err != nil || found {
		t.Fatalf("somebody else has an active appointment: %v, %v", found, err)
	}
}

func TestTakenAndForPointOrder(t *testing.T) {
	b, _ := openBookings(t)
	ctx := testCtx(t)
	mustBook(t, b, bookReq("z", 1, "P1", 1, 2, 5))
	mustBook(t, b, bookReq("b", 2, "P1", 1, 0, 5))
	mustBook(t, b, bookReq("a", 3, "P1", 1, 0, 5))
	mustBook(t, b, bookReq("o", 4, "P2", 1, 0, 5)) // another point
	mustBook(t, b, bookReq("n", 5, "P1", 2, 0, 5)) // another day

	ids := make([]string, 4)
	for i := range ids {
		ids[i], _, _ = slotAt(1, i)
	}
	n, err := b.Taken(ctx, "P1", ids)
	if err != nil || len(n) != 4 || n[0] != 2 || n[1] != 0 || n[2] != 1 || n[3] != 0 {
		t.Fatalf("Taken = %v, %v; want [2 0 1 0]", n, err)
	}
	list, err := b.ForPoint(ctx, "P1", dayString(1))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, a := range list {
		codes = append(codes, a.Code)
	}
	if len(codes) != 3 || codes[0] != "C-a" || codes[1] != "C-b" || codes[2] != "C-z" {
		t.Fatalf("ForPoint order %v, want by start then code [C-a C-b C-z]", codes)
	}
}

// Clients and go-redis retry: the same request ID must give the same
// answer and never take a second seat.
func TestBookRetryIsIdempotent(t *testing.T) {
	b, _ := openBookings(t)
	ctx := testCtx(t)
	req := bookReq("x", 1, "P1", 1, 0, 1)
	first := mustBook(t, b, req)
	again := req
	again.Appointment.Code = "C-other" // a client that drew a new code on retry
	second := mustBook(t, b, again)
	if mustJSON(t, first) != mustJSON(t, second) {
		t.Fatalf("retry returned\n%s\nwant\n%s", mustJSON(t, second), mustJSON(t, first))
	}
	if n := taken(t, b, "P1", 1, 0); n != 1 {
		t.Fatalf("Taken after a retry = %d, want 1", n)
	}

	// A failing request fails the same way when retried, even after the
	// slot has room again.
	full := bookReq("y", 2, "P1", 1, 0, 1)
	if _, err := b.Book(ctx, full); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("Book into a full slot: %v", err)
	}
	if _, err := b.Cancel(ctx, person(1), "cancel-x"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Book(ctx, full); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("retry of a failed request: %v, want the stored ErrSlotFull", err)
	}
	if n := taken(t, b, "P1", 1, 0); n != 0 {
		t.Fatalf("Taken = %d, want 0", n)
	}
	verifyClean(t, b)
}

func TestBookOneActivePerPerson(t *testing.T) {
	b, _ := openBookings(t)
	ctx := testCtx(t)
	mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	if _, err := b.Book(ctx, bookReq("b", 1, "P2", 2, 3, 5)); !errors.Is(err, bot.ErrHasAppointment) {
		t.Fatalf("second booking of a person: %v, want ErrHasAppointment", err)
	}
	if n := taken(t, b, "P2", 2, 3); n != 0 {
		t.Fatalf("the refused booking took a seat: %d", n)
	}
}

// 50 goroutines book for the same person in different slots: one wins.
func TestBookOneActivePerPersonConcurrently(t *testing.T) {
	b, _ := openBookings(t)
	ctx := testCtx(t)
	const n = 50
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			_, errs[i] = b.Book(ctx, bookReq(reqID(0, i), 7, "P1", 1+i/20, i%20, 5))
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, bot.ErrHasAppointment):
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d bookings of one person won, want 1", won)
	}
	verifyClean(t, b)
}

func TestBookCodeInUse(t *testing.T) {
	b, _ := openBookings(t)
	mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	req := bookReq("b", 2, "P1", 1, 0, 5)
	req.Appointment.Code = "C-a"
	if _, err := b.Book(testCtx(t), req); !errors.Is(err, redisstore.ErrCodeInUse) {
		t.Fatalf("Book with a taken code: %v, want ErrCodeInUse", err)
	}
	req.Appointment.Code = "C-b" // the caller draws again, same request ID
	mustBook(t, b, req)
}

// Personal data goes at Expires; the seat counter a few days after the
// slot.
func TestBookingKeysExpire(t *testing.T) {
	b, srv := openBookings(t)
	ctx, c := testCtx(t), srv.Client()
	a := mustBook(t, b, bookReq("a", 1, "P1", 1, 0, 5))
	want := time.Until(a.Expires)
	for _, key := range []string{"eid:{bk}:appt:C-a", "eid:{bk}:person:tg:1", "eid:{bk}:req:book:a",
		"eid:{bk}:owned:tg:1", "eid:{bk}:day:P1:" + dayString(1)} {
		assertExpiry(t, key, val(t, c.PTTL(ctx, key)), want)
	}
	slot := "eid:{bk}:slot:P1:" + a.SlotID
	assertExpiry(t, slot, val(t, c.PTTL(ctx, slot)), time.Until(a.End.Add(72*time.Hour)))
}

// assertExpiry checks that a key expires at the instant a caller chose:
// its TTL is want, give or take the milliseconds the test itself took.
func assertExpiry(t *testing.T, key string, got, want time.Duration) {
	t.Helper()
	if d := got - want; d < -time.Minute || d > time.Second {
		t.Errorf("%s: TTL %v, want %v", key, got, want)
	}
}

func TestBookRejectsBadRequests(t *testing.T) {
	b, _ := openBookings(t)
	for name, change := range map[string]func(*bot.BookRequest){
		"no id":           func(r *bot.BookRequest) { r.ID = "" },
		"no code":         func(r *bot.BookRequest) { r.Appointment.Code = "" },
		"code with bar":   func(r *bot.BookRequest) { r.Appointment.Code = "A|B" },
		"no person":       func(r *bot.BookRequest) { r.Appointment.Person = "" },
		"no slot":         func(r *bot.BookRequest) { r.Appointment.SlotID = "" },
		"slot over":       func(r *bot.BookRequest) { r.Appointment.End = time.Now().Add(-time.Minute) },
		"expired":         func(r *bot.BookRequest) { r.Appointment.Expires = time.Now().Add(-time.Minute) },
		"reminder kind":   func(r *bot.BookRequest) { r.Reminders[0].Kind = "" },
		"reminder due":    func(r *bot.BookRequest) { r.Reminders[1].Due = time.Time{} },
		"kind with a |":   func(r *bot.BookRequest) { r.Reminders[0].Kind = "a|b" },
		"start after end": func(r *bot.BookRequest) { r.Appointment.Start = r.Appointment.End.Add(time.Hour) },
	} {
		req := bookReq("a", 1, "P1", 1, 0, 5)
		change(&req)
		if _, err := b.Book(testCtx(t), req); err == nil || errors.Is(err, bot.ErrUnavailable) {
			t.Errorf("%s: err %v, want a request error", name, err)
		}
	}
	if n := taken(t, b, "P1", 1, 0); n != 0 {
		t.Fatalf("a rejected request took a seat: %d", n)
	}
}
