package bottest

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// claim leases the reminders due at now for a minute and names them
// "code kind sequence", sorted.
func claim(t *testing.T, st BookingStore, now time.Time) []string {
	t.Helper()
	rs, err := st.ClaimDue(contractCtx(t), now, 10, time.Minute)
	must(t, "ClaimDue", err)
	var out []string
	for _, r := range rs {
		out = append(out, r.Code+" "+r.Kind+" "+strconv.Itoa(r.Seq))
	}
	slices.Sort(out)
	return out
}

// bookingsRemind: reminders come due, are leased to one caller at a time,
// go with Done, and follow their appointment's moves and cancel.
func bookingsRemind(t *testing.T, st BookingStore) {
	ctx := contractCtx(t)
	req := request("r1", "1", "K7Q-4MX", slotAt(8))
	_, err := st.Book(ctx, req)
	must(t, "Book", err)
	eve := req.Reminders[0].Due
	if got := claim(t, st, contractNow); len(got) != 0 {
		t.Fatalf("due before their time: %v", got)
	}
	if got := claim(t, st, eve); len(got) != 1 || got[0] != "K7Q-4MX eve 0" {
		t.Fatalf("due at the evening: %v", got)
	}
	if got := claim(t, st, eve.Add(30*time.Second)); len(got) != 0 {
		t.Fatalf("a leased reminder went out again: %v", got)
	}
	got, err := st.ClaimDue(ctx, eve.Add(2*time.Minute), 10, time.Minute)
	if err != nil || len(got) != 1 || got[0].Kind != "eve" {
		t.Fatalf("after the lease ran out: %+v, %v", got, err)
	}
	must(t, "Done", st.Done(ctx, got[0]))
	must(t, "Done again", st.Done(ctx, got[0]))
	if got := claim(t, st, eve.Add(5*time.Minute)); len(got) != 0 {
		t.Fatalf("a done reminder came back: %v", got)
	}
	move := request("m1", "1", "K7Q-4MX", slotAt(9))
	_, err = st.Reschedule(ctx, req.Appointment.Person, move)
	must(t, "Reschedule", err)
	if got := claim(t, st, slotAt(9).Start); !slices.Equal(got, []string{"K7Q-4MX eve 1", "K7Q-4MX soon 1"}) {
		t.Fatalf("after a move, want the new reminders of sequence 1: %v", got)
	}
	_, err = st.Cancel(ctx, req.Appointment.Person, "c1")
	must(t, "Cancel", err)
	if got := claim(t, st, slotAt(9).End.Add(time.Hour)); len(got) != 0 {
		t.Fatalf("reminders of a cancelled appointment: %v", got)
	}
}

// bookingsVisit: visit requests are idempotent, listed oldest first, and
// accepted with a date.
func bookingsVisit(t *testing.T, st BookingStore) {
	ctx := contractCtx(t)
	chat := bot.Chat{Channel: bot.ChannelTelegram, ID: "1", Kind: bot.ChatPrivate}
	v := bot.VisitRequest{ID: "v1", Person: chat.Key(), Chat: chat, Lang: bot.Vietnamese, PointID: "t1",
		Name: "Bà Tư", Place: "Ấp 3", Expires: contractNow.Add(60 * 24 * time.Hour)}
	got, err := st.RequestVisit(ctx, v)
	if err != nil || got.Status != "pending" || !got.Created.Equal(contractNow) || got.Name != "Bà Tư" {
		t.Fatalf("RequestVisit = %+v, %v", got, err)
	}
	v.Name = "someone else"
	if again, err := st.RequestVisit(ctx, v); err != nil || again.Name != "Bà Tư" {
		t.Fatalf("RequestVisit again = %+v, %v", again, err)
	}
	older := v
	older.ID, older.Created = "v2", contractNow.Add(-time.Hour)
	_, err = st.RequestVisit(ctx, older)
	must(t, "RequestVisit", err)
	list, err := st.VisitsFor(ctx, "t1")
	if err != nil || len(list) != 2 || list[0].ID != "v2" || list[1].ID != "v1" {
		t.Fatalf("VisitsFor = %+v, %v", list, err)
	}
	date := time.Date(2031, 3, 14, 8, 0, 0, 0, bot.Vietnam)
	if got, err := st.AcceptVisit(ctx, "v1", date); err != nil || got.Status != "accepted" || !got.Date.Equal(date) {
		t.Fatalf("AcceptVisit = %+v, %v", got, err)
	}
	if _, err := st.AcceptVisit(ctx, "nope", date); !errors.Is(err, bot.ErrNoVisit) {
		t.Fatalf("accepting an unknown visit: %v", err)
	}
	if list, err := st.VisitsFor(ctx, "p1"); err != nil || len(list) != 0 {
		t.Fatalf("visits of another point: %+v, %v", list, err)
	}
	visitsFollowed(t, st, v.Person)
}

// visitsFollowed: a person follows their latest request (v1, accepted
// above) and cancels it; staff decline another; neither is listed for
// the point any more, and a cancelled request is not the person's latest.
func visitsFollowed(t *testing.T, st BookingStore, person string) {
	ctx := contractCtx(t)
	if got, ok, err := st.VisitOf(ctx, person); err != nil || !ok || got.ID != "v1" || got.Status != bot.VisitAccepted {
		t.Fatalf("VisitOf = %+v, %v, %v", got, ok, err)
	}
	if _, ok, err := st.VisitOf(ctx, "tg:someone-else"); err != nil || ok {
		t.Fatalf("VisitOf a stranger = %v, %v", ok, err)
	}
	if _, err := st.CancelVisit(ctx, "tg:someone-else", "v1"); !errors.Is(err, bot.ErrNoVisit) {
		t.Fatalf("cancelling someone else's request: %v", err)
	}
	for range 2 { // cancelling again returns the same request
		if got, err := st.CancelVisit(ctx, person, "v1"); err != nil || got.Status != bot.VisitCancelled {
			t.Fatalf("CancelVisit = %+v, %v", got, err)
		}
	}
	if _, err := st.AcceptVisit(ctx, "v1", time.Date(2031, 3, 15, 8, 0, 0, 0, bot.Vietnam)); !errors.Is(err, bot.ErrNoVisit) {
		t.Fatalf("accepting a cancelled request: %v", err)
	}
	if got, ok, err := st.VisitOf(ctx, person); err != nil || !ok || got.ID != "v2" || got.Status != bot.VisitPending {
		t.Fatalf("VisitOf after cancelling v1 = %+v, %v, %v", got, ok, err)
	}
	for range 2 {
		if got, err := st.DeclineVisit(ctx, "v2"); err != nil || got.Status != bot.VisitDeclined {
			t.Fatalf("DeclineVisit = %+v, %v", got, err)
		}
	}
	if _, err := st.CancelVisit(ctx, person, "v2"); !errors.Is(err, bot.ErrNoVisit) {
		t.Fatalf("cancelling a declined request: %v", err)
	}
	if got, ok, err := st.VisitOf(ctx, person); err != nil || !ok || got.Status != bot.VisitDeclined {
		t.Fatalf("VisitOf shows the declined request: %+v, %v, %v", got, ok, err)
	}
	if list, err := st.VisitsFor(ctx, "t1"); err != nil || len(list) != 0 {
		t.Fatalf("staff still list closed requests: %+v, %v", list, err)
	}
	if _, err := st.DeclineVisit(ctx, "nope"); !errors.Is(err, bot.ErrNoVisit) {
		t.Fatalf("declining an unknown visit: %v", err)
	}
}

// bookingsErase: /forget frees the person's seats and deletes their
// appointments, reminders and visit requests, and nobody else's.
func bookingsErase(t *testing.T, st BookingStore) {
	ctx := contractCtx(t)
	mine, theirs := request("r1", "1", "K7Q-4MX", slotAt(8)), request("r2", "2", "BBB-222", slotAt(9))
	for _, req := range []bot.BookRequest{mine, theirs} {
		_, err := st.Book(ctx, req)
		must(t, "Book", err)
	}
	v := bot.VisitRequest{ID: "v1", Person: mine.Appointment.Person, Chat: mine.Appointment.Chat, PointID: "t1",
		Name: "Bà Tư", Expires: contractNow.Add(60 * 24 * time.Hour)}
	_, err := st.RequestVisit(ctx, v)
	must(t, "RequestVisit", err)
	must(t, "Erase", st.Erase(ctx, mine.Appointment.Chat))
	if _, found, err := st.Get(ctx, "K7Q-4MX"); err != nil || found {
		t.Fatalf("erased appointment: found=%v, %v", found, err)
	}
	if _, found, err := st.Active(ctx, theirs.Appointment.Person); err != nil || !found {
		t.Fatalf("another person's appointment: found=%v, %v", found, err)
	}
	if taken(t, st, slotAt(8)) != 0 || taken(t, st, slotAt(9)) != 1 {
		t.Fatalf("seats after Erase: %d, %d", taken(t, st, slotAt(8)), taken(t, st, slotAt(9)))
	}
	if list, err := st.VisitsFor(ctx, "t1"); err != nil || len(list) != 0 {
		t.Fatalf("erased visit request: %+v, %v", list, err)
	}
	if got := claim(t, st, slotAt(9).Start); !slices.Equal(got, []string{"BBB-222 eve 0", "BBB-222 soon 0"}) {
		t.Fatalf("reminders after Erase: %v", got)
	}
}
