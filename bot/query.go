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

	// Committees. Every one that acts checks the caller's role when it
	// runs, whatever Step concluded, and is audited.
	QueryRoles        QueryKind = "roles"        // the areas User may act in
	QueryMembers      QueryKind = "members"      // an area's committee, with their languages
	QuerySubscription QueryKind = "subscription" // Chat's subscription
	QuerySubscribe    QueryKind = "subscribe"    // subscribe Chat (a group: register it) to Area
	QueryUnsubscribe  QueryKind = "unsubscribe"  // end Chat's subscription
	QueryGrant        QueryKind = "grant"        // make Target a committee member of Area
	QueryRevoke       QueryKind = "revoke"       // take the role back
	QueryCreate       QueryKind = "create"       // create Campaign
	QueryCampaign     QueryKind = "campaign"     // read campaign ID
	QueryApprove      QueryKind = "approve"      // approve campaign ID
	QueryStop         QueryKind = "stop"         // cancel campaign ID
	QueryCampaigns    QueryKind = "campaigns"    // recent campaigns in User's areas
	QueryCounts       QueryKind = "counts"       // subscribers and groups by area and language
	QueryFunnel       QueryKind = "funnel"       // the funnel counts
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

	User     UserID    // committee queries: the person asking
	Target   UserID    // QueryGrant, QueryRevoke: the person concerned
	Area     string    // an area id
	ID       string    // a campaign id
	Chat     Chat      // subscription queries
	Lang     Lang      // QuerySubscribe
	Campaign *Campaign // QueryCreate
}

// key identifies a query among the facts of one update.
func (q Query) key() string {
	return strings.Join([]string{string(q.Kind), q.Person, q.Point, strings.Join(q.Slots, ","), q.RequestID,
		string(q.User), string(q.Target), q.Area, q.ID, q.Chat.Key(), string(q.Lang)}, "|")
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

	Areas     []string        // QueryRoles
	Members   []Member        // QueryMembers
	Sub       Subscriber      // QuerySubscription
	Campaign  Campaign        // campaign queries
	Campaigns []Campaign      // QueryCampaigns
	Counts    []AudienceCount // QueryCounts
	Funnel    []FunnelCount   // QueryFunnel
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
var refusals = []error{ErrSlotFull, ErrHasAppointment, ErrNoAppointment, ErrNoVisit,
	ErrNoRole, ErrNoCampaign, ErrSelfApproval, ErrCampaignState, ErrBadCampaign}

// run answers one query against the booking store.
func (e *Engine) run(ctx context.Context, q Query) (Fact, error) {
	if committeeQueries[q.Kind] {
		f, err := e.runCommittee(ctx, q)
		return refuse(f, err)
	}
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
	return refuse(f, err)
}

// refuse moves a refusal from err into the fact, where Step explains it.
func refuse(f Fact, err error) (Fact, error) {
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
