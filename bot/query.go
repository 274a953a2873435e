package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// QueryKind names a read or write of booking state that a Step needs. Step
// does no I/O: it asks for what it needs, the Engine runs the queries and
// steps again with their answers (facts), until Step asks for nothing new.
type QueryKind string

// Query kinds.
const (
	QueryTaken      QueryKind = "taken"      // seats taken in slots of a point
	QueryActive     QueryKind = "active"     // the person's active appointment
	QueryBook       QueryKind = "book"       // take a seat
	QueryReschedule QueryKind = "reschedule" // move the seat
	QueryCancel     QueryKind = "cancel"     // free the seat
	QueryVisit      QueryKind = "visit"      // ask for a home visit
)

// Query is one thing Step asked for. Writes carry a request id derived from
// the update, so running them again (a retried update, a conflict) returns
// the first result instead of booking twice.
type Query struct {
	Kind      QueryKind
	Person    string
	Point     string
	Slots     []string
	RequestID string
	Book      *BookRequest
	Visit     *VisitRequest
}

// key identifies a query among the facts of one update.
func (q Query) key() string {
	return strings.Join([]string{string(q.Kind), q.Person, q.Point, strings.Join(q.Slots, ","), q.RequestID}, "|")
}

// Fact is the answer to a Query. Err holds a booking refusal (ErrSlotFull,
// ErrHasAppointment, ErrNoAppointment); failures of the store abort the
// update instead, so that it is retried.
type Fact struct {
	Taken       []int
	Appointment Appointment
	Found       bool
	Visit       VisitRequest
	Err         error
}

// fact returns the answer to q, or records q as needed and reports false.
func (t *turn) fact(q Query) (Fact, bool) {
	if f, ok := t.facts[q.key()]; ok {
		return f, true
	}
	t.queries = append(t.queries, q)
	return Fact{}, false
}

// maxPasses bounds how often one update may be stepped while its queries
// are answered: a booking needs at most two (seats, then the write).
const maxPasses = 4

// refusals are the booking errors that are answers, not failures.
var refusals = []error{ErrSlotFull, ErrHasAppointment, ErrNoAppointment, ErrNoVisit}

// run answers one query against the booking store.
func (e *Engine) run(ctx context.Context, q Query) (Fact, error) {
	if e.appts == nil {
		return Fact{}, errors.New("bot: booking is not configured")
	}
	var f Fact
	var err error
	switch q.Kind {
	case QueryTaken:
		f.Taken, err = e.appts.Taken(ctx, q.Point, q.Slots)
	case QueryActive:
		f.Appointment, f.Found, err = e.appts.Active(ctx, q.Person)
	case QueryBook:
		f.Appointment, err = e.book(ctx, *q.Book)
	case QueryReschedule:
		f.Appointment, err = e.appts.Reschedule(ctx, q.Person, *q.Book)
	case QueryCancel:
		f.Appointment, err = e.appts.Cancel(ctx, q.Person, q.RequestID)
	case QueryVisit:
		f.Visit, err = e.visits.RequestVisit(ctx, *q.Visit)
	default:
		return f, fmt.Errorf("bot: unknown query %q", q.Kind)
	}
	for _, r := range refusals {
		if errors.Is(err, r) {
			f.Err, err = r, nil
		}
	}
	return f, err
}

// book takes a seat under a fresh random code, drawing again in the rare
// case the code is taken. Codes are drawn here, not in Step, which must
// stay deterministic.
func (e *Engine) book(ctx context.Context, req BookRequest) (Appointment, error) {
	for range 5 {
		req.Appointment.Code = e.newCode()
		a, err := e.appts.Book(ctx, req)
		if !errors.Is(err, ErrCodeInUse) {
			return a, err
		}
	}
	return Appointment{}, fmt.Errorf("bot: no free booking code after 5 draws")
}
