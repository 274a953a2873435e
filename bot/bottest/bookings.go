package bottest

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Bookings is an in-memory bot.Appointments, bot.Visits,
// bot.ReminderQueue and bot.Eraser of booking data, with the contracts the
// Redis store keeps: one active appointment per person, never more seats
// than a slot has, idempotent requests, leased reminders. It is safe for
// concurrent use.
type Bookings struct {
	mu       sync.Mutex
	now      func() time.Time
	appts    map[string]bot.Appointment // by code
	active   map[string]string          // person → code of the booked appointment
	taken    map[string]int             // point|slot → seats taken
	results  map[string]result          // request id → what it did
	visits   map[string]bot.VisitRequest
	waiting  map[bot.Reminder]bool
	leased   map[bot.Reminder]time.Time // → lease end
	reminded map[string][]bot.Reminder  // code → its reminders
}

// result is what a write request did: the appointment's code, or its error.
type result struct {
	code string
	err  error
}

var (
	_ bot.Appointments  = (*Bookings)(nil)
	_ bot.Visits        = (*Bookings)(nil)
	_ bot.ReminderQueue = (*Bookings)(nil)
	_ bot.Eraser        = (*Bookings)(nil)
)

// NewBookings returns an empty store that stamps records with now.
func NewBookings(now func() time.Time) *Bookings {
	return &Bookings{now: now, appts: map[string]bot.Appointment{}, active: map[string]string{},
		taken: map[string]int{}, results: map[string]result{}, visits: map[string]bot.VisitRequest{},
		waiting: map[bot.Reminder]bool{}, leased: map[bot.Reminder]time.Time{}, reminded: map[string][]bot.Reminder{}}
}

func seat(point, slot string) string { return point + "|" + slot }

// holdsSeat reports whether an appointment in status keeps its seat.
func holdsSeat(status string) bool { return status != bot.StatusCancelled }

// Book takes a seat for req.Appointment.Person.
func (b *Bookings) Book(_ context.Context, req bot.BookRequest) (bot.Appointment, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.results[req.ID]; ok {
		return b.replay(r)
	}
	a := req.Appointment
	switch {
	case b.active[a.Person] != "":
		return b.refuse(req.ID, bot.ErrHasAppointment)
	case b.appts[a.Code].Code != "":
		return bot.Appointment{}, bot.ErrCodeInUse
	case b.taken[seat(a.PointID, a.SlotID)] >= req.Seats:
		return b.refuse(req.ID, bot.ErrSlotFull)
	}
	a.Status, a.Sequence, a.Updated = bot.StatusBooked, 0, b.now()
	if a.Created.IsZero() {
		a.Created = a.Updated
	}
	b.taken[seat(a.PointID, a.SlotID)]++
	b.appts[a.Code], b.active[a.Person] = a, a.Code
	b.schedule(a, req.Reminders)
	b.results[req.ID] = result{code: a.Code}
	return copyOf(a)
}

// refuse records a refused request, so that asking again is refused alike.
func (b *Bookings) refuse(id string, err error) (bot.Appointment, error) {
	b.results[id] = result{err: err}
	return bot.Appointment{}, err
}

// replay returns what a request did the first time: the appointment as it
// is now, or the refusal.
func (b *Bookings) replay(r result) (bot.Appointment, error) {
	if r.err != nil {
		return bot.Appointment{}, r.err
	}
	a, ok := b.appts[r.code]
	if !ok {
		return bot.Appointment{}, bot.ErrNoAppointment
	}
	return copyOf(a)
}

// schedule replaces the reminders of appointment a with rs.
func (b *Bookings) schedule(a bot.Appointment, rs []bot.Reminder) {
	b.unschedule(a.Code)
	for _, r := range rs {
		r.Code, r.Seq = a.Code, a.Sequence
		b.waiting[r] = true
		b.reminded[a.Code] = append(b.reminded[a.Code], r)
	}
}

// unschedule drops every reminder of an appointment.
func (b *Bookings) unschedule(code string) {
	for _, r := range b.reminded[code] {
		delete(b.waiting, r)
		delete(b.leased, r)
	}
	delete(b.reminded, code)
}

// Reschedule moves the person's booked appointment to req's slot.
func (b *Bookings) Reschedule(_ context.Context, person string, req bot.BookRequest) (bot.Appointment, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.results[req.ID]; ok {
		return b.replay(r)
	}
	cur, ok := b.appts[b.active[person]]
	to := req.Appointment
	switch {
	case !ok:
		return bot.Appointment{}, bot.ErrNoAppointment
	case cur.PointID == to.PointID && cur.SlotID == to.SlotID:
		return copyOf(cur)
	case b.taken[seat(to.PointID, to.SlotID)] >= req.Seats:
		return bot.Appointment{}, bot.ErrSlotFull
	}
	a := cur
	a.PointID, a.SlotID, a.Start, a.End = to.PointID, to.SlotID, to.Start, to.End
	if !to.Expires.IsZero() {
		a.Expires = to.Expires
	}
	a.Sequence, a.Updated = cur.Sequence+1, b.now()
	b.taken[seat(cur.PointID, cur.SlotID)]--
	b.taken[seat(a.PointID, a.SlotID)]++
	b.appts[a.Code] = a
	b.schedule(a, req.Reminders)
	b.results[req.ID] = result{code: a.Code}
	return copyOf(a)
}

// Cancel frees the person's seat; the record stays, cancelled.
func (b *Bookings) Cancel(_ context.Context, person, requestID string) (bot.Appointment, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.results[requestID]; ok {
		return b.replay(r)
	}
	a, ok := b.appts[b.active[person]]
	if !ok {
		return bot.Appointment{}, bot.ErrNoAppointment
	}
	a.Status, a.Updated = bot.StatusCancelled, b.now()
	b.taken[seat(a.PointID, a.SlotID)]--
	b.appts[a.Code] = a
	delete(b.active, person)
	b.unschedule(a.Code)
	b.results[requestID] = result{code: a.Code}
	return copyOf(a)
}

// Active returns the person's booked appointment.
func (b *Bookings) Active(_ context.Context, person string) (bot.Appointment, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a, ok := b.appts[b.active[person]]
	if !ok {
		return bot.Appointment{}, false, nil
	}
	a, err := copyOf(a)
	return a, true, err
}

// Get returns an appointment by code, in any status.
func (b *Bookings) Get(_ context.Context, code string) (bot.Appointment, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a, ok := b.appts[code]
	if !ok {
		return bot.Appointment{}, false, nil
	}
	a, err := copyOf(a)
	return a, true, err
}

// Taken returns the seats taken in each slot.
func (b *Bookings) Taken(_ context.Context, pointID string, slotIDs []string) ([]int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]int, len(slotIDs))
	for i, s := range slotIDs {
		out[i] = b.taken[seat(pointID, s)]
	}
	return out, nil
}

// ForPoint lists the point's appointments that hold a seat on day
// (YYYYMMDD), by start time, then code.
func (b *Bookings) ForPoint(_ context.Context, pointID, day string) ([]bot.Appointment, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []bot.Appointment
	for _, a := range b.appts {
		if a.PointID == pointID && bot.DayKey(a.Start) == day && holdsSeat(a.Status) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y bot.Appointment) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.Code, y.Code))
	})
	return copyOf(out)
}

// SetStatus records a check-in or a no-show.
func (b *Bookings) SetStatus(_ context.Context, code, status string) (bot.Appointment, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a, ok := b.appts[code]
	switch {
	case status != bot.StatusCheckedIn && status != bot.StatusNoShow:
		return bot.Appointment{}, bot.ErrStatusChange
	case !ok:
		return bot.Appointment{}, bot.ErrNoAppointment
	case a.Status == bot.StatusCancelled:
		return bot.Appointment{}, bot.ErrStatusChange
	}
	if a.Status != status {
		a.Status, a.Updated = status, b.now()
		b.appts[code] = a
		delete(b.active, a.Person)
		b.unschedule(code)
	}
	return copyOf(a)
}

// RequestVisit stores a pending visit request; the same ID returns the
// request stored first.
func (b *Bookings) RequestVisit(_ context.Context, req bot.VisitRequest) (bot.VisitRequest, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if v, ok := b.visits[req.ID]; ok {
		return copyOf(v)
	}
	req.Status, req.Date = bot.VisitPending, time.Time{}
	if req.Created.IsZero() {
		req.Created = b.now()
	}
	b.visits[req.ID] = req
	return copyOf(req)
}

// VisitsFor lists a point's visit requests, oldest first (ties by id).
func (b *Bookings) VisitsFor(_ context.Context, pointID string) ([]bot.VisitRequest, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := []bot.VisitRequest{}
	for _, v := range b.visits {
		if v.PointID == pointID && v.Open() {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(x, y bot.VisitRequest) int {
		return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.ID, y.ID))
	})
	return copyOf(out)
}

// AcceptVisit marks an open request accepted with the date staff will
// come.
func (b *Bookings) AcceptVisit(_ context.Context, id string, date time.Time) (bot.VisitRequest, error) {
	return b.changeVisit(id, func(v *bot.VisitRequest) bool {
		ok := v.Open()
		v.Status, v.Date = bot.VisitAccepted, date
		return ok
	})
}

// DeclineVisit marks a request that is not cancelled declined.
func (b *Bookings) DeclineVisit(_ context.Context, id string) (bot.VisitRequest, error) {
	return b.changeVisit(id, func(v *bot.VisitRequest) bool {
		ok := v.Status != bot.VisitCancelled
		v.Status, v.Date = bot.VisitDeclined, time.Time{}
		return ok
	})
}

// CancelVisit marks the person's request cancelled, unless it was
// declined.
func (b *Bookings) CancelVisit(_ context.Context, person, id string) (bot.VisitRequest, error) {
	return b.changeVisit(id, func(v *bot.VisitRequest) bool {
		ok := v.Person == person && v.Status != bot.VisitDeclined
		v.Status = bot.VisitCancelled
		return ok
	})
}

// changeVisit applies change to request id and stores the result when
// change reports the change allowed.
func (b *Bookings) changeVisit(id string, change func(*bot.VisitRequest) bool) (bot.VisitRequest, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.visits[id]
	if !ok || !change(&v) {
		return bot.VisitRequest{}, bot.ErrNoVisit
	}
	b.visits[id] = v
	return copyOf(v)
}

// VisitOf returns the person's latest request that is not cancelled.
func (b *Bookings) VisitOf(_ context.Context, person string) (bot.VisitRequest, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var latest bot.VisitRequest
	found := false
	for _, v := range b.visits {
		if v.Person != person || v.Status == bot.VisitCancelled {
			continue
		}
		if !found || cmp.Or(v.Created.Compare(latest.Created), cmp.Compare(v.ID, latest.ID)) > 0 {
			latest, found = v, true
		}
	}
	return latest, found, nil
}

// ClaimDue leases up to n reminders due at or before now. Reminders of an
// appointment that is gone, no longer booked or moved since are dropped.
func (b *Bookings) ClaimDue(_ context.Context, now time.Time, n int, lease time.Duration) ([]bot.Reminder, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []bot.Reminder
	for _, r := range b.due(now) {
		if len(out) == n {
			break
		}
		if a, ok := b.appts[r.Code]; !ok || a.Status != bot.StatusBooked || a.Sequence != r.Seq {
			delete(b.waiting, r)
			delete(b.leased, r)
			continue
		}
		delete(b.waiting, r)
		b.leased[r] = now.Add(lease)
		out = append(out, r)
	}
	return out, nil
}

// due lists the waiting reminders due at now and those whose lease ran
// out, soonest first.
func (b *Bookings) due(now time.Time) []bot.Reminder {
	var out []bot.Reminder
	for r := range b.waiting {
		if !r.Due.After(now) {
			out = append(out, r)
		}
	}
	for r, until := range b.leased {
		if !until.After(now) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(x, y bot.Reminder) int {
		return cmp.Or(x.Due.Compare(y.Due), cmp.Compare(x.Code, y.Code), cmp.Compare(x.Kind, y.Kind))
	})
	return out
}

// Done removes a reminder for good.
func (b *Bookings) Done(_ context.Context, r bot.Reminder) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.waiting, r)
	delete(b.leased, r)
	return nil
}

// Reminders lists the reminders waiting to be sent, soonest first, for a
// test to see what was scheduled.
func (b *Bookings) Reminders() []bot.Reminder {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []bot.Reminder
	for r := range b.waiting {
		out = append(out, r)
	}
	slices.SortFunc(out, func(x, y bot.Reminder) int { return x.Due.Compare(y.Due) })
	return out
}

// Len is how many appointments, request results and visit requests the
// store holds.
func (b *Bookings) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.appts) + len(b.results) + len(b.visits)
}

// Erase deletes the booking data of the chat's person: frees the seats
// their appointments hold, drops their reminders, and deletes their
// appointments, request results and visit requests.
func (b *Bookings) Erase(_ context.Context, chat bot.Chat) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	person := chat.Key()
	for code, a := range b.appts {
		if a.Person != person {
			continue
		}
		if holdsSeat(a.Status) {
			b.taken[seat(a.PointID, a.SlotID)]--
		}
		b.unschedule(code)
		delete(b.appts, code)
		for id, r := range b.results {
			if r.code == code {
				delete(b.results, id)
			}
		}
	}
	delete(b.active, person)
	for id, v := range b.visits {
		if v.Person == person {
			delete(b.visits, id)
		}
	}
	return nil
}
