package redisstore

import (
	"context"
	"errors"

	"github.com/eidbot/eidbot/bot"
)

// Cancel frees the person's seat, drops the appointment's reminders and
// clears the person's pointer, so they may book again. The record stays,
// with Status "cancelled", until its Expires: the code a person shows at
// the counter still reads as cancelled rather than unknown. It leaves the
// point's day list, which lists the seats staff should expect. Cancelling
// again with the same requestID returns the same result; without a booked
// appointment Cancel returns bot.ErrNoAppointment.
func (b *Bookings) Cancel(ctx context.Context, person, requestID string) (bot.Appointment, error) {
	if requestID == "" {
		return bot.Appointment{}, errors.New("redisstore: cancel: request has no ID")
	}
	for range maxAttempts {
		rec, found, stored, err := b.current(ctx, person, opCancel, requestID)
		switch {
		case err != nil:
			return bot.Appointment{}, err
		case stored != "":
			return b.replay(ctx, stored)
		case !found:
			return bot.Appointment{}, bot.ErrNoAppointment
		}
		a, res, err := b.cancel(ctx, rec, requestID)
		if err != nil {
			return bot.Appointment{}, err
		}
		if res != "retry" {
			return b.settle(ctx, res, a, BookingCancelled)
		}
	}
	return bot.Appointment{}, unavailable("cancel "+requestID, errContended)
}

// cancel runs the cancel script for the record Go read.
func (b *Bookings) cancel(ctx context.Context, rec record, requestID string) (bot.Appointment, string, error) {
	a := rec.a
	a.Status, a.Updated = bot.StatusCancelled, b.now()
	data, a, err := encodeAppointment(a)
	if err != nil {
		return a, "", err
	}
	st := b.st
	keys := []string{st.reqKey(opCancel, requestID), st.personKey(a.Person), st.apptKey(a.Code),
		st.slotKey(a.PointID, a.SlotID), st.dayKey(a.PointID, bot.DayKey(a.Start)),
		st.waitingKey(), st.leasedKey(), st.ownedKey(a.Person)}
	args := []any{a.Code, rec.v, data, rec.rm, reqEntry(opCancel, requestID), unixMs(a.Expires)}
	res, err := cancelScript.Run(ctx, st.batch, keys, args...).Text()
	if err != nil {
		return a, "", unavailable("cancel "+requestID, err)
	}
	return a, res, nil
}
