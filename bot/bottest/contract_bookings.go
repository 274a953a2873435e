package bottest

import (
	"errors"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// BookingStore is what a booking store implements.
type BookingStore interface {
	bot.Appointments
	bot.Visits
	bot.ReminderQueue
	bot.Eraser
}

// contractNow is the clock of the booking cases: Monday 10 March 2031,
// 09:00 in Vietnam, safely ahead of the wall clock a real store's expiry
// times are checked against.
var contractNow = time.Date(2031, 3, 10, 9, 0, 0, 0, bot.Vietnam)

// contractClock reads contractNow.
func contractClock() time.Time { return contractNow }

// slotAt is a half-hour slot of point p1 on 11 March 2031 at h:00.
func slotAt(h int) bot.Slot {
	start := time.Date(2031, 3, 11, h, 0, 0, 0, bot.Vietnam)
	return bot.Slot{ID: start.Format("20060102-1504"), Start: start, End: start.Add(30 * time.Minute), Seats: 1}
}

// request books slot s for person under code, with the reminders at 19:00
// the evening before and two hours before.
func request(id, person, code string, s bot.Slot) bot.BookRequest {
	chat := bot.Chat{Channel: bot.ChannelTelegram, ID: person, Kind: bot.ChatPrivate}
	a := bot.Appointment{Code: code, Person: chat.Key(), Chat: chat, Lang: bot.Vietnamese, PointID: "p1", SlotID: s.ID,
		Start: s.Start, End: s.End, Name: "Lê Thị Hoa", Applicant: bot.ApplicantCitizen, Reminders: true,
		Consent: contractNow, Expires: s.End.Add(30 * 24 * time.Hour)}
	eve := time.Date(2031, 3, 10, 19, 0, 0, 0, bot.Vietnam)
	return bot.BookRequest{ID: id, Seats: s.Seats, Appointment: a,
		Reminders: []bot.Reminder{{Kind: "eve", Due: eve}, {Kind: "soon", Due: s.Start.Add(-2 * time.Hour)}}}
}

// TestBookings checks the contracts of bot.Appointments, bot.Visits,
// bot.ReminderQueue and the booking Eraser. open returns an empty store
// per case that reads the time from now.
func TestBookings(t *testing.T, open func(t *testing.T, now func() time.Time) BookingStore) {
	t.Run("book", func(t *testing.T) { bookingsBook(t, open(t, contractClock)) })
	t.Run("refusals", func(t *testing.T) { bookingsRefuse(t, open(t, contractClock)) })
	t.Run("reschedule", func(t *testing.T) { bookingsMove(t, open(t, contractClock)) })
	t.Run("cancel", func(t *testing.T) { bookingsCancel(t, open(t, contractClock)) })
	t.Run("status", func(t *testing.T) { bookingsStatus(t, open(t, contractClock)) })
	t.Run("reminders", func(t *testing.T) { bookingsRemind(t, open(t, contractClock)) })
	t.Run("visits", func(t *testing.T) { bookingsVisit(t, open(t, contractClock)) })
	t.Run("erase", func(t *testing.T) { bookingsErase(t, open(t, contractClock)) })
}

// taken reads the seats taken in slot s of p1.
func taken(t *testing.T, st BookingStore, s bot.Slot) int {
	t.Helper()
	n, err := st.Taken(contractCtx(t), "p1", []string{s.ID})
	must(t, "Taken", err)
	return n[0]
}

// bookingsBook: a booking is stored, found by person, code and day, and
// takes its seat once, however often it is requested.
func bookingsBook(t *testing.T, st BookingStore) {
	ctx, s := contractCtx(t), slotAt(8)
	req := request("r1", "1", "K7Q-4MX", s)
	a, err := st.Book(ctx, req)
	if err != nil || a.Code != "K7Q-4MX" || a.Status != bot.StatusBooked || a.Sequence != 0 || a.Updated.IsZero() {
		t.Fatalf("Book = %+v, %v", a, err)
	}
	again, err := st.Book(ctx, req)
	if err != nil || again.Code != a.Code || taken(t, st, s) != 1 {
		t.Fatalf("Book again = %+v, %v; %d seats taken", again, err, taken(t, st, s))
	}
	if got, found, err := st.Active(ctx, req.Appointment.Person); err != nil || !found || got.Code != a.Code {
		t.Fatalf("Active = %+v, %v, %v", got, found, err)
	}
	if got, found, err := st.Get(ctx, a.Code); err != nil || !found || got.Name != "Lê Thị Hoa" || !got.Start.Equal(s.Start) {
		t.Fatalf("Get = %+v, %v, %v", got, found, err)
	}
	list, err := st.ForPoint(ctx, "p1", bot.DayKey(s.Start))
	if err != nil || len(list) != 1 || list[0].Code != a.Code {
		t.Fatalf("ForPoint = %+v, %v", list, err)
	}
	if n, err := st.Taken(ctx, "p1", []string{s.ID, slotAt(9).ID}); err != nil || len(n) != 2 || n[0] != 1 || n[1] != 0 {
		t.Fatalf("Taken = %v, %v", n, err)
	}
}

// bookingsRefuse: one active appointment per person, never more seats
// than the slot has, and a code belongs to one appointment.
func bookingsRefuse(t *testing.T, st BookingStore) {
	ctx := contractCtx(t)
	_, err := st.Book(ctx, request("r1", "1", "K7Q-4MX", slotAt(8)))
	must(t, "Book", err)
	if _, err := st.Book(ctx, request("r2", "1", "AAA-111", slotAt(9))); !errors.Is(err, bot.ErrHasAppointment) {
		t.Fatalf("second appointment of one person: %v", err)
	}
	if _, err := st.Book(ctx, request("r3", "2", "BBB-222", slotAt(8))); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("a second seat in a one-seat slot: %v", err)
	}
	if _, err := st.Book(ctx, request("r4", "2", "K7Q-4MX", slotAt(9))); !errors.Is(err, bot.ErrCodeInUse) {
		t.Fatalf("a code in use: %v", err)
	}
	if taken(t, st, slotAt(8)) != 1 || taken(t, st, slotAt(9)) != 0 {
		t.Fatalf("refusals took seats: %d, %d", taken(t, st, slotAt(8)), taken(t, st, slotAt(9)))
	}
}

// bookingsMove: a reschedule keeps the code, counts the sequence up, and
// moves the seat, or changes nothing when the new slot is full.
func bookingsMove(t *testing.T, st BookingStore) {
	ctx, from, to := contractCtx(t), slotAt(8), slotAt(9)
	req := request("r1", "1", "K7Q-4MX", from)
	_, err := st.Book(ctx, req)
	must(t, "Book", err)
	_, err = st.Book(ctx, request("r2", "2", "BBB-222", slotAt(10)))
	must(t, "Book another", err)
	move := request("m1", "1", "K7Q-4MX", to)
	a, err := st.Reschedule(ctx, req.Appointment.Person, move)
	if err != nil || a.Code != "K7Q-4MX" || a.SlotID != to.ID || a.Sequence != 1 || !a.Start.Equal(to.Start) {
		t.Fatalf("Reschedule = %+v, %v", a, err)
	}
	if again, err := st.Reschedule(ctx, req.Appointment.Person, move); err != nil || again.Sequence != 1 {
		t.Fatalf("Reschedule again = %+v, %v", again, err)
	}
	if taken(t, st, from) != 0 || taken(t, st, to) != 1 {
		t.Fatalf("seats after the move: %d, %d", taken(t, st, from), taken(t, st, to))
	}
	if _, err := st.Reschedule(ctx, req.Appointment.Person, request("m2", "1", "K7Q-4MX", slotAt(10))); !errors.Is(err, bot.ErrSlotFull) {
		t.Fatalf("move into a full slot: %v", err)
	}
	if got, _, err := st.Active(ctx, req.Appointment.Person); err != nil || got.SlotID != to.ID {
		t.Fatalf("a refused move changed the appointment: %+v, %v", got, err)
	}
	if _, err := st.Reschedule(ctx, "tg:3", request("m3", "3", "CCC-333", from)); !errors.Is(err, bot.ErrNoAppointment) {
		t.Fatalf("move without an appointment: %v", err)
	}
}

// bookingsCancel: a cancel frees the seat and keeps the record, cancelled.
func bookingsCancel(t *testing.T, st BookingStore) {
	ctx, s := contractCtx(t), slotAt(8)
	req := request("r1", "1", "K7Q-4MX", s)
	_, err := st.Book(ctx, req)
	must(t, "Book", err)
	person := req.Appointment.Person
	a, err := st.Cancel(ctx, person, "c1")
	if err != nil || a.Status != bot.StatusCancelled || a.Code != "K7Q-4MX" || taken(t, st, s) != 0 {
		t.Fatalf("Cancel = %+v, %v; %d seats taken", a, err, taken(t, st, s))
	}
	if again, err := st.Cancel(ctx, person, "c1"); err != nil || again.Status != bot.StatusCancelled {
		t.Fatalf("Cancel again = %+v, %v", again, err)
	}
	if _, err := st.Cancel(ctx, person, "c2"); !errors.Is(err, bot.ErrNoAppointment) {
		t.Fatalf("a new cancel without an appointment: %v", err)
	}
	if _, found, err := st.Active(ctx, person); err != nil || found {
		t.Fatalf("Active after Cancel: %v, %v", found, err)
	}
	if got, found, err := st.Get(ctx, "K7Q-4MX"); err != nil || !found || got.Status != bot.StatusCancelled {
		t.Fatalf("Get after Cancel = %+v, %v, %v", got, found, err)
	}
	if list, err := st.ForPoint(ctx, "p1", bot.DayKey(s.Start)); err != nil || len(list) != 0 {
		t.Fatalf("ForPoint lists a cancelled appointment: %+v, %v", list, err)
	}
	if _, err := st.Book(ctx, request("r2", "1", "AAA-111", s)); err != nil {
		t.Fatalf("booking again after a cancel: %v", err)
	}
}

// bookingsStatus: staff record a check-in or no-show; the seat stays
// taken, the person may book again.
func bookingsStatus(t *testing.T, st BookingStore) {
	ctx, s := contractCtx(t), slotAt(8)
	req := request("r1", "1", "K7Q-4MX", s)
	_, err := st.Book(ctx, req)
	must(t, "Book", err)
	a, err := st.SetStatus(ctx, "K7Q-4MX", bot.StatusCheckedIn)
	if err != nil || a.Status != bot.StatusCheckedIn || taken(t, st, s) != 1 {
		t.Fatalf("SetStatus = %+v, %v; %d seats taken", a, err, taken(t, st, s))
	}
	if list, err := st.ForPoint(ctx, "p1", bot.DayKey(s.Start)); err != nil || len(list) != 1 || list[0].Status != bot.StatusCheckedIn {
		t.Fatalf("ForPoint after a check-in = %+v, %v", list, err)
	}
	if _, found, err := st.Active(ctx, req.Appointment.Person); err != nil || found {
		t.Fatalf("a checked-in appointment is still active: %v, %v", found, err)
	}
	if _, err := st.SetStatus(ctx, "K7Q-4MX", bot.StatusBooked); !errors.Is(err, bot.ErrStatusChange) {
		t.Fatalf("back to booked: %v", err)
	}
	if _, err := st.SetStatus(ctx, "NOP-000", bot.StatusNoShow); !errors.Is(err, bot.ErrNoAppointment) {
		t.Fatalf("unknown code: %v", err)
	}
	_, err = st.Book(ctx, request("r2", "2", "AAA-111", slotAt(9)))
	must(t, "Book", err)
	_, err = st.Cancel(ctx, "tg:2", "c1")
	must(t, "Cancel", err)
	if _, err := st.SetStatus(ctx, "AAA-111", bot.StatusCheckedIn); !errors.Is(err, bot.ErrStatusChange) {
		t.Fatalf("checking in a cancelled appointment: %v", err)
	}
}
