package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Errors of Bookings, named in the bot contract so callers can tell them apart.
var (
	// ErrCodeInUse means the booking code of a BookRequest belongs to
	// another appointment. Codes are random; the caller draws a new one and
	// books again, with the same request ID.
	ErrCodeInUse = bot.ErrCodeInUse
	// ErrStatusChange means SetStatus was asked for a status other than
	// checked_in or no_show, or for an appointment that was cancelled.
	ErrStatusChange = bot.ErrStatusChange
	// ErrNoVisit means AcceptVisit found no visit request with that id.
	ErrNoVisit = bot.ErrNoVisit
)

// errContended is wrapped as bot.ErrUnavailable when an optimistic script
// kept finding its record changed: the caller should try again later.
var errContended = errors.New("the record kept changing under concurrent writes")

// maxAttempts bounds the read-then-script loops. Only writes to the same
// person's appointment (or the same visit) make a script retry, so a few
// attempts suffice.
const maxAttempts = 8

// slotGrace is how long a slot's seat counter outlives the slot: long
// enough for late check-ins, no-shows and Verify, short enough that
// counters of past slots do not pile up.
const slotGrace = 72 * time.Hour

// Bookings is the Redis implementation of bot.Appointments,
// bot.ReminderQueue and bot.Visits, and a bot.Eraser of booking data. It
// shares its Store's connections, key prefix and error handling, and is
// safe for concurrent use by many goroutines and processes.
type Bookings struct {
	st  *Store
	now func() time.Time
}

// Compile-time proof that Bookings keeps the core's contracts.
var (
	_ bot.Appointments  = (*Bookings)(nil)
	_ bot.ReminderQueue = (*Bookings)(nil)
	_ bot.Visits        = (*Bookings)(nil)
	_ bot.Eraser        = (*Bookings)(nil)
)

// Bookings returns the booking store on st's Redis. Closing st closes it.
func (st *Store) Bookings() *Bookings { return &Bookings{st: st, now: time.Now} }

// WithClock returns a Bookings on the same Redis that reads the time from
// now: it stamps Created and Updated, decides which slots are over, and
// tells Verify which slots to skip. ClaimDue takes its time as an argument.
func (b *Bookings) WithClock(now func() time.Time) *Bookings {
	c := *b
	c.now = now
	return &c
}

// Book takes a seat for req.Appointment.Person in one atomic script: the
// slot's counter, the person's pointer, the day list, the reminders and the
// request's result are written together or not at all. It stores the
// appointment with Status "booked" and Sequence 0, setting Created (when
// zero) and Updated to now, and Code and Seq of every reminder to the
// appointment's. It returns bot.ErrSlotFull, bot.ErrHasAppointment,
// ErrCodeInUse, or, for a req.ID seen before, that request's result again.
func (b *Bookings) Book(ctx context.Context, req bot.BookRequest) (bot.Appointment, error) {
	now := b.now()
	a := req.Appointment
	if err := checkBooking(req.ID, a, now); err != nil {
		return bot.Appointment{}, fmt.Errorf("redisstore: book: %w", err)
	}
	a.Status, a.Sequence, a.Updated = bot.StatusBooked, 0, now
	if a.Created.IsZero() {
		a.Created = now
	}
	rem, err := newReminders(a, req.Reminders)
	if err != nil {
		return bot.Appointment{}, fmt.Errorf("redisstore: book: %w", err)
	}
	data, a, err := encodeAppointment(a)
	if err != nil {
		return bot.Appointment{}, err
	}
	st := b.st
	keys := []string{st.reqKey(opBook, req.ID), st.personKey(a.Person), st.slotKey(a.PointID, a.SlotID),
		st.apptKey(a.Code), st.dayKey(a.PointID, bot.DayKey(a.Start)), st.waitingKey(), st.ownedKey(a.Person)}
	args := []any{a.Code, req.Seats, data, unixMs(a.Expires), unixMs(a.End.Add(slotGrace)),
		a.Start.Unix(), rem.joined(), reqEntry(opBook, req.ID), "appt:" + a.Code}
	res, err := bookScript.Run(ctx, st.batch, keys, append(args, rem.pairs()...)...).Text()
	if err != nil {
		return bot.Appointment{}, unavailable("book "+req.ID, err)
	}
	return b.settle(ctx, res, a, BookingMade)
}

// checkBooking rejects a request the scripts cannot store faithfully.
// These are the caller's mistakes, not unavailability.
func checkBooking(id string, a bot.Appointment, now time.Time) error {
	switch {
	case id == "":
		return errors.New("request has no ID")
	case a.Code == "" || strings.ContainsAny(a.Code, "|\n"):
		return fmt.Errorf("bad code %q", a.Code)
	case a.Person == "":
		return errors.New("appointment has no person")
	}
	return checkSlot(a, now)
}

// checkSlot rejects a slot that is unnamed, over, or whose record would
// expire at once.
func checkSlot(a bot.Appointment, now time.Time) error {
	switch {
	case a.PointID == "" || a.SlotID == "":
		return errors.New("appointment has no point or slot")
	case !a.End.After(a.Start):
		return errors.New("slot ends before it starts")
	case !a.End.After(now):
		return fmt.Errorf("slot %s is over", a.SlotID)
	case !a.Expires.After(now):
		return fmt.Errorf("expiry %v is not in the future", a.Expires)
	}
	return nil
}

// settle turns a script's reply into the result: fresh is what was just
// written, used on "ok:", when the Observer is told of the change;
// "re:" replays a request seen before.
func (b *Bookings) settle(ctx context.Context, res string, fresh bot.Appointment, change string) (bot.Appointment, error) {
	if stored, ok := strings.CutPrefix(res, "re:"); ok {
		return b.replay(ctx, stored)
	}
	if strings.HasPrefix(res, "ok:") {
		b.st.observeBooking(change)
		return fresh, nil
	}
	return bot.Appointment{}, resultErr(res)
}

// replay returns the result stored for a request: the appointment as it
// is now, or the error it failed with.
func (b *Bookings) replay(ctx context.Context, stored string) (bot.Appointment, error) {
	code, ok := strings.CutPrefix(stored, "ok:")
	if !ok {
		return bot.Appointment{}, resultErr(stored)
	}
	rec, found, err := b.read(ctx, code)
	switch {
	case err != nil:
		return bot.Appointment{}, err
	case !found: // expired, or erased by /forget
		return bot.Appointment{}, bot.ErrNoAppointment
	}
	return rec.a, nil
}

// resultErr maps a script's failure reply to its error.
func resultErr(res string) error {
	switch res {
	case "full":
		return bot.ErrSlotFull
	case "has":
		return bot.ErrHasAppointment
	case "code":
		return ErrCodeInUse
	}
	return fmt.Errorf("redisstore: unexpected script reply %q", res)
}

// unixMs formats t for PXAT, PEXPIREAT and reminder scores.
func unixMs(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
