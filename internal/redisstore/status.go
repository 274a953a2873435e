package redisstore

import (
	"context"
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// SetStatus records a check-in or a no-show: status is bot.StatusCheckedIn
// or bot.StatusNoShow, and the appointment must be booked, checked in or a
// no-show (staff may correct one into the other). Setting the status it
// already has returns it unchanged. The seat stays taken, but the
// appointment stops being the person's active one, so they may book again,
// and its pending reminders are dropped. An unknown code returns
// bot.ErrNoAppointment; any other change returns ErrStatusChange.
func (b *Bookings) SetStatus(ctx context.Context, code, status string) (bot.Appointment, error) {
	if status != bot.StatusCheckedIn && status != bot.StatusNoShow {
		return bot.Appointment{}, fmt.Errorf("%w: to %q", ErrStatusChange, status)
	}
	for range maxAttempts {
		rec, found, err := b.read(ctx, code)
		switch {
		case err != nil:
			return bot.Appointment{}, err
		case !found:
			return bot.Appointment{}, bot.ErrNoAppointment
		case rec.a.Status == status:
			return rec.a, nil
		case rec.a.Status == bot.StatusCancelled:
			return bot.Appointment{}, fmt.Errorf("%w: %s is cancelled", ErrStatusChange, code)
		}
		a, res, err := b.setStatus(ctx, rec, status)
		if err != nil || res == "ok" {
			return a, err
		}
	}
	return bot.Appointment{}, unavailable("set status of "+code, errContended)
}

// setStatus runs the status script for the record Go read.
func (b *Bookings) setStatus(ctx context.Context, rec record, status string) (bot.Appointment, string, error) {
	a := rec.a
	a.Status, a.Updated = status, b.now()
	data, a, err := encodeAppointment(a)
	if err != nil {
		return bot.Appointment{}, "", err
	}
	st := b.st
	keys := []string{st.apptKey(a.Code), st.personKey(a.Person), st.waitingKey(), st.leasedKey()}
	res, err := statusScript.Run(ctx, st.batch, keys, a.Code, rec.v, data, status, rec.rm).Text()
	if err != nil {
		return bot.Appointment{}, "", unavailable("set status of "+a.Code, err)
	}
	return a, res, nil
}
