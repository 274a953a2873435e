package appointment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// takenQ asks for the seats taken in slots of a point.
type takenQ struct {
	point string
	slots []string
}

// moveQ moves a person's appointment as req says.
type moveQ struct {
	person string
	req    bot.BookRequest
}

// cancelQ frees a person's seat.
type cancelQ struct {
	person, requestID string
}

// activeFact is a person's active appointment, if any.
type activeFact struct {
	a     bot.Appointment
	found bool
}

// booked is the appointment a write left, or the refusal that explains
// why there is none: bot.ErrSlotFull, ErrHasAppointment, ErrNoAppointment.
type booked struct {
	a   bot.Appointment
	err error
}

// registerQueries registers the booking state the feature's steps ask for.
func (f *Feature) registerQueries(r *bot.Registry) {
	f.taken = bot.NewQuery(r, "taken", func(q takenQ) string { return q.point + "|" + strings.Join(q.slots, ",") },
		func(ctx context.Context, q takenQ) ([]int, error) {
			return f.cfg.Appointments.Taken(ctx, q.point, q.slots)
		})
	f.active = bot.NewQuery(r, "active", func(person string) string { return person },
		func(ctx context.Context, person string) (activeFact, error) {
			a, found, err := f.cfg.Appointments.Active(ctx, person)
			return activeFact{a, found}, err
		})
	f.book = bot.NewQuery(r, "book", func(req bot.BookRequest) string { return req.ID }, f.runBook)
	f.reschedule = bot.NewQuery(r, "reschedule", func(q moveQ) string { return q.person + "|" + q.req.ID },
		func(ctx context.Context, q moveQ) (booked, error) {
			return refuse(f.cfg.Appointments.Reschedule(ctx, q.person, q.req))
		})
	f.cancel = bot.NewQuery(r, "cancel", func(q cancelQ) string { return q.person + "|" + q.requestID },
		func(ctx context.Context, q cancelQ) (booked, error) {
			return refuse(f.cfg.Appointments.Cancel(ctx, q.person, q.requestID))
		})
	f.visit = bot.NewQuery(r, "visit", func(v bot.VisitRequest) string { return v.ID },
		func(ctx context.Context, v bot.VisitRequest) (bot.VisitRequest, error) {
			// The code is drawn here, not in Step, which stays deterministic;
			// a retry with the same ID gets the request, and code, stored first.
			v.Code = f.cfg.NewCode()
			stored, err := f.cfg.Visits.RequestVisit(ctx, v)
			if errors.Is(err, bot.ErrNoVisit) {
				return bot.VisitRequest{}, nil // a refusal: the step says it was sent, naming nobody
			}
			if err != nil {
				return stored, err
			}
			return stored, f.recordConsents(ctx, stored.Chat, stored.Created, bot.PurposeHomeVisit, stored.ForOther)
		})
	f.visitOf = bot.NewQuery(r, "visit_of", func(person string) string { return person },
		func(ctx context.Context, person string) (visitFact, error) {
			v, found, err := f.cfg.Visits.VisitOf(ctx, person)
			return visitFact{v, found}, err
		})
	f.visitCancel = bot.NewQuery(r, "visit_cancel", func(q visitCancelQ) string { return q.person + "|" + q.id },
		func(ctx context.Context, q visitCancelQ) (visitFact, error) {
			v, err := f.cfg.Visits.CancelVisit(ctx, q.person, q.id)
			if errors.Is(err, bot.ErrNoVisit) {
				return visitFact{}, nil
			}
			return visitFact{v, err == nil}, err
		})
}

// refuse moves a refusal from err into the fact, where the step explains
// it; other errors fail the update.
func refuse(a bot.Appointment, err error) (booked, error) {
	for _, r := range []error{bot.ErrSlotFull, bot.ErrHasAppointment, bot.ErrNoAppointment} {
		if errors.Is(err, r) {
			return booked{a: a, err: r}, nil
		}
	}
	return booked{a: a}, err
}

// runBook takes a seat under a fresh random code, drawing again in the
// rare case the code is taken. Codes are drawn here, not in Step, which
// must stay deterministic.
func (f *Feature) runBook(ctx context.Context, req bot.BookRequest) (booked, error) {
	for range 5 {
		req.Appointment.Code = f.cfg.NewCode()
		a, err := f.cfg.Appointments.Book(ctx, req)
		if errors.Is(err, bot.ErrCodeInUse) {
			continue
		}
		if err == nil {
			purposes := []string{bot.PurposeBooking}
			if a.Reminders {
				purposes = append(purposes, bot.PurposeReminders)
			}
			err = f.recordConsents(ctx, a.Chat, a.Consent, purposes[0], a.ForOther, purposes[1:]...)
		}
		return refuse(a, err)
	}
	return booked{}, fmt.Errorf("appointment: no free booking code after 5 draws")
}

// Versions of the consent texts, recorded with each consent: the message
// id and the day its wording last changed. Change the day when the text
// of book.q.consent, visit.q.consent or consent.q.other changes.
const (
	bookingConsentText    = "book.q.consent@2026-12-06"
	visitConsentText      = "visit.q.consent@2026-12-06"
	thirdPartyConsentText = "consent.q.other@2026-12-06"
)

// recordConsents records, once the data is stored, the consents given for
// it: purpose, the further purposes (reminders), and, when the booker
// acts for someone else, their confirmation that that person agreed.
func (f *Feature) recordConsents(ctx context.Context, chat bot.Chat, at time.Time, purpose string, forOther bool, more ...string) error {
	version := bookingConsentText
	if purpose == bot.PurposeHomeVisit {
		version = visitConsentText
	}
	subject := bot.ConsentSubject(chat)
	records := []bot.Consent{{Subject: subject, Purpose: purpose, Version: version, Given: at}}
	for _, p := range more {
		records = append(records, bot.Consent{Subject: subject, Purpose: p, Version: version, Given: at})
	}
	if forOther {
		records = append(records, bot.Consent{Subject: subject, Purpose: bot.PurposeThirdParty, Version: thirdPartyConsentText, Given: at})
	}
	for _, c := range records {
		if err := f.cfg.Consents.Record(ctx, c); err != nil {
			return fmt.Errorf("record consent to %s: %w", c.Purpose, err)
		}
	}
	return nil
}
