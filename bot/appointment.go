package bot

import (
	"context"
	"errors"
	"time"
)

// Appointment statuses.
const (
	StatusBooked    = "booked"
	StatusCancelled = "cancelled"
	StatusCheckedIn = "checked_in"
	StatusNoShow    = "no_show"
)

// Appointment is one booked seat at a reception point. It holds personal
// data (a name, maybe a phone number) and is deleted at Expires or on
// /forget.
type Appointment struct {
	Code      string    `json:"code"`   // short booking code shown at the counter, e.g. "K7Q-4MX"
	Person    string    `json:"person"` // the booker's chat key; one active appointment per person
	Chat      Chat      `json:"chat"`   // where confirmations and reminders go
	Lang      Lang      `json:"lang"`   // the language reminders are written in
	PointID   string    `json:"point"`
	SlotID    string    `json:"slot"` // e.g. "20261124-0730"
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Name      string    `json:"name"`            // the applicant's name as typed
	Phone     string    `json:"phone,omitempty"` // optional, shared with the contact button
	ForOther  bool      `json:"for_other,omitempty"`
	SIM       bool      `json:"sim,omitempty"` // no number of their own yet: the point registers a SIM on the spot
	Applicant string    `json:"applicant"`     // "citizen" or "foreigner"
	Checklist string    `json:"checklist,omitempty"`
	Days      int       `json:"days,omitempty"`
	DaysMax   int       `json:"days_max,omitempty"`
	Place     string    `json:"place,omitempty"`     // where a mobile team sits, when not the point's address
	Consent   time.Time `json:"consent"`             // when the person agreed to the data being stored
	Reminders bool      `json:"reminders,omitempty"` // they also agreed to reminders
	Status    string    `json:"status"`
	Sequence  int       `json:"sequence"` // .ics SEQUENCE: 0, +1 on every reschedule
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	Expires   time.Time `json:"expires"` // personal data is deleted after this
}

// Reminder is one scheduled message about an appointment.
type Reminder struct {
	Code string    `json:"code"`
	Kind string    `json:"kind"` // "eve" (the evening before) or "soon" (about two hours before)
	Seq  int       `json:"seq"`  // the appointment's Sequence it was scheduled for
	Due  time.Time `json:"due"`
}

// BookRequest asks for a seat. The same ID always yields the same result,
// because clients and go-redis retry.
type BookRequest struct {
	ID          string
	Seats       int         // the slot's capacity, from the directory
	Appointment Appointment // what to store; Code, Start, End, SlotID set by the caller
	Reminders   []Reminder  // scheduled atomically with the booking
}

// Booking errors.
var (
	ErrCodeInUse      = errors.New("bot: booking code already in use")
	ErrStatusChange   = errors.New("bot: that status change is not allowed")
	ErrNoVisit        = errors.New("bot: no such visit request")
	ErrSlotFull       = errors.New("bot: no seats left in that slot")
	ErrHasAppointment = errors.New("bot: this person already holds an appointment")
	ErrNoAppointment  = errors.New("bot: no active appointment")
)

// Appointments keeps bookings. Every method is atomic: a seat is never sold
// twice and a person never holds two appointments.
type Appointments interface {
	// Book takes a seat for req.Appointment.Person. It fails with
	// ErrSlotFull or ErrHasAppointment, and returns the stored appointment
	// when req.ID was already booked.
	Book(ctx context.Context, req BookRequest) (Appointment, error)
	// Reschedule moves the person's active appointment to the slot in req,
	// keeping its code and increasing its Sequence. The old seat is freed
	// only if the new one is taken; on ErrSlotFull nothing changes.
	// Reminders of the old time are dropped and req.Reminders scheduled.
	Reschedule(ctx context.Context, person string, req BookRequest) (Appointment, error)
	// Cancel frees the person's seat and drops its reminders. Cancelling
	// again with the same requestID returns the same result.
	Cancel(ctx context.Context, person, requestID string) (Appointment, error)
	// Active returns the person's active (booked) appointment.
	Active(ctx context.Context, person string) (Appointment, bool, error)
	// Get returns an appointment by code, in any status.
	Get(ctx context.Context, code string) (Appointment, bool, error)
	// Taken returns the seats taken in each of the slots of a point.
	Taken(ctx context.Context, pointID string, slotIDs []string) ([]int, error)
	// ForPoint lists a point's appointments on a day (YYYYMMDD), by time.
	ForPoint(ctx context.Context, pointID, day string) ([]Appointment, error)
	// SetStatus records a check-in or a no-show.
	SetStatus(ctx context.Context, code, status string) (Appointment, error)
}

// ReminderQueue is the durable schedule of reminders. Several processes may
// poll it; each reminder is handed to one of them at a time.
type ReminderQueue interface {
	// ClaimDue leases up to n reminders due at or before now. A leased
	// reminder goes to nobody else until the lease runs out.
	ClaimDue(ctx context.Context, now time.Time, n int, lease time.Duration) ([]Reminder, error)
	// Done removes a reminder for good, after it was sent or skipped.
	Done(ctx context.Context, r Reminder) error
}

// Home-visit request statuses: a request waits for the point's answer,
// which accepts it with a date or declines it; the person may cancel it
// while it is waiting or accepted.
const (
	VisitPending   = "pending"
	VisitAccepted  = "accepted"
	VisitDeclined  = "declined"
	VisitCancelled = "cancelled"
)

// VisitRequest asks a point's staff to come to someone who cannot travel.
// It is a request the person can follow: its Code is shown to them and to
// staff, its Status in /myappointment.
type VisitRequest struct {
	ID      string `json:"id"`
	Code    string `json:"code,omitempty"` // reference code shown to the person, e.g. "K7Q-4MX"
	Person  string `json:"person"`
	Chat    Chat   `json:"chat"`
	Lang    Lang   `json:"lang"`
	PointID string `json:"point"`
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Place   string `json:"place"` // where to come, as the person described it
	// ForOther: asked by someone else, who confirmed the person agreed.
	ForOther bool      `json:"for_other,omitempty"`
	SIM      bool      `json:"sim,omitempty"` // the person has no number of their own yet: register a SIM on the visit
	Status   string    `json:"status"`        // VisitPending, VisitAccepted, VisitDeclined, VisitCancelled
	Date     time.Time `json:"date,omitzero"`
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"`
}

// Open reports whether the request still waits for staff or is accepted:
// one the person can cancel and staff still list.
func (v VisitRequest) Open() bool { return v.Status == VisitPending || v.Status == VisitAccepted }

// Visits keeps home- and mobile-team visit requests.
type Visits interface {
	// RequestVisit stores a request; the same ID returns the stored one.
	RequestVisit(ctx context.Context, req VisitRequest) (VisitRequest, error)
	// VisitsFor lists a point's open requests, oldest first.
	VisitsFor(ctx context.Context, pointID string) ([]VisitRequest, error)
	// AcceptVisit sets the date staff will come.
	AcceptVisit(ctx context.Context, id string, date time.Time) (VisitRequest, error)
	// DeclineVisit records that staff cannot come; declining again
	// returns the same request. It fails with ErrNoVisit for an unknown or
	// cancelled request.
	DeclineVisit(ctx context.Context, id string) (VisitRequest, error)
	// VisitOf returns the person's latest request that is not cancelled
	// (waiting, accepted or declined), if any.
	VisitOf(ctx context.Context, person string) (VisitRequest, bool, error)
	// CancelVisit cancels the person's request id; cancelling again
	// returns the same request. It fails with ErrNoVisit when the request
	// is gone, is someone else's, or was declined.
	CancelVisit(ctx context.Context, person, id string) (VisitRequest, error)
}
