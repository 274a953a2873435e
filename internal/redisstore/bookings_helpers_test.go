package redisstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// ict is Vietnam's zone, whose days the day lists follow.
var ict = bot.Vietnam

// retention is how long after its slot the test appointments expire.
const retention = 30 * 24 * time.Hour

// openBookings starts a throwaway redis-server and a Bookings on it.
func openBookings(t testing.TB) (*redisstore.Bookings, *redistest.Server) {
	t.Helper()
	st, srv := open(t, redisstore.Options{})
	return st.Bookings(), srv
}

// slotAt is the i-th 20-minute slot from 07:30 Vietnam time, day days
// after today: its ID, start and end. Days count from today so the slots
// stay in the future whenever the tests run.
func slotAt(day, i int) (string, time.Time, time.Time) {
	y, m, d := time.Now().In(ict).Date()
	start := time.Date(y, m, d+day, 7, 30+20*i, 0, 0, ict)
	return start.Format("20060102-1504"), start, start.Add(20 * time.Minute)
}

// dayString is the ForPoint day of a slot day days after today.
func dayString(day int) string {
	_, start, _ := slotAt(day, 0)
	return start.Format("20060102")
}

// person is the chat key of test person n.
func person(n int) string { return tgChat(int64(n)).Key() }

// bookReq asks for a seat in slot (day, i) of point for person n, with
// the two usual reminders. The code is derived from the request ID, so a
// retry of the same request carries the same code.
func bookReq(id string, n int, point string, day, i, seats int) bot.BookRequest {
	sid, start, end := slotAt(day, i)
	return bot.BookRequest{
		ID:    id,
		Seats: seats,
		Appointment: bot.Appointment{
			Code: "C-" + id, Person: person(n), Chat: tgChat(int64(n)), Lang: bot.Vietnamese,
			PointID: point, SlotID: sid, Start: start, End: end,
			Name: "Nguyễn Thị Hồng Nhung", Phone: "+84912345678", Applicant: "citizen",
			Checklist: "C1", Expires: end.Add(retention),
		},
		Reminders: remindersFor(start),
	}
}

// moveReq asks to move an appointment to slot (day, i) of point.
func moveReq(id, point string, day, i, seats int) bot.BookRequest {
	sid, start, end := slotAt(day, i)
	return bot.BookRequest{ID: id, Seats: seats, Reminders: remindersFor(start),
		Appointment: bot.Appointment{PointID: point, SlotID: sid, Start: start, End: end, Expires: end.Add(retention)}}
}

// remindersFor are the evening-before and two-hours-before reminders.
func remindersFor(start time.Time) []bot.Reminder {
	y, m, d := start.In(ict).Date()
	eve := time.Date(y, m, d-1, 19, 0, 0, 0, ict)
	return []bot.Reminder{{Kind: "eve", Due: eve}, {Kind: "soon", Due: start.Add(-2 * time.Hour)}}
}

// mustBook books req or fails the test.
func mustBook(t testing.TB, b *redisstore.Bookings, req bot.BookRequest) bot.Appointment {
	t.Helper()
	a, err := b.Book(testCtx(t), req)
	if err != nil {
		t.Fatalf("Book(%s): %v", req.ID, err)
	}
	return a
}

// taken returns the seats taken in slot (day, i) of point.
func taken(t testing.TB, b *redisstore.Bookings, point string, day, i int) int {
	t.Helper()
	sid, _, _ := slotAt(day, i)
	n, err := b.Taken(testCtx(t), point, []string{sid})
	if err != nil {
		t.Fatalf("Taken: %v", err)
	}
	return n[0]
}

// verifyClean fails the test when Verify finds a mismatch.
func verifyClean(t testing.TB, b *redisstore.Bookings) redisstore.VerifyReport {
	t.Helper()
	r, err := b.Verify(testCtx(t))
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !r.OK() {
		t.Fatalf("Verify found %d mismatches: %v", len(r.Mismatches), r.Mismatches)
	}
	return r
}

// reminderMembers lists what the waiting and leased reminder sets hold.
func reminderMembers(t testing.TB, srv *redistest.Server) (waiting, leased []string) {
	t.Helper()
	c, ctx := srv.Client(), testCtx(t)
	return val(t, c.ZRange(ctx, "eid:{bk}:reminders", 0, -1)), val(t, c.ZRange(ctx, "eid:{bk}:reminders:leased", 0, -1))
}

// afterDay is a time after every reminder of the test slots on day.
func afterDay(day int) time.Time {
	_, start, _ := slotAt(day, 0)
	return start.Add(24 * time.Hour)
}

func reqID(round, i int) string { return fmt.Sprintf("r%d-%d", round, i) }
