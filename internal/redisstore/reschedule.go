package redisstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/eidbot/eidbot/bot"
)

// Reschedule moves the person's booked appointment to the point, slot,
// start and end of req.Appointment (and its Expires, when set), keeping the
// code and increasing Sequence. In one script it takes the new seat,
// frees the old one, moves the appointment between day lists, drops the
// old reminders and schedules req.Reminders. It returns
// bot.ErrNoAppointment when the person holds no booked appointment and
// bot.ErrSlotFull, changing nothing, when the new slot is full. Moving to
// the slot it already has is a no-op that returns the appointment. A
// req.ID seen before returns that request's result again.
func (b *Bookings) Reschedule(ctx context.Context, person string, req bot.BookRequest) (bot.Appointment, error) {
	if req.ID == "" {
		return bot.Appointment{}, errors.New("redisstore: reschedule: request has no ID")
	}
	for range maxAttempts {
		rec, found, stored, err := b.current(ctx, person, opReschedule, req.ID)
		switch {
		case err != nil:
			return bot.Appointment{}, err
		case stored != "":
			return b.replay(ctx, stored)
		case !found:
			return bot.Appointment{}, bot.ErrNoAppointment
		case rec.a.PointID == req.Appointment.PointID && rec.a.SlotID == req.Appointment.SlotID:
			return rec.a, nil
		}
		a, res, err := b.move(ctx, rec, req)
		if err != nil || res != "retry" {
			if err != nil {
				return bot.Appointment{}, err
			}
			return b.settle(ctx, res, a, BookingMoved)
		}
	}
	return bot.Appointment{}, unavailable("reschedule "+req.ID, errContended)
}

// move runs the reschedule script for the record Go read. It returns the
// moved appointment and the script's reply ("retry" when rec changed).
func (b *Bookings) move(ctx context.Context, rec record, req bot.BookRequest) (bot.Appointment, string, error) {
	now, to, from := b.now(), req.Appointment, rec.a
	a := from
	a.PointID, a.SlotID, a.Start, a.End = to.PointID, to.SlotID, to.Start, to.End
	if !to.Expires.IsZero() {
		a.Expires = to.Expires
	}
	a.Sequence, a.Updated = from.Sequence+1, now
	if err := checkSlot(a, now); err != nil {
		return a, "", fmt.Errorf("redisstore: reschedule: %w", err)
	}
	rem, err := newReminders(a, req.Reminders)
	if err != nil {
		return a, "", fmt.Errorf("redisstore: reschedule: %w", err)
	}
	data, a, err := encodeAppointment(a)
	if err != nil {
		return a, "", err
	}
	st := b.st
	keys := []string{st.reqKey(opReschedule, req.ID), st.personKey(a.Person), st.apptKey(a.Code),
		st.slotKey(from.PointID, from.SlotID), st.slotKey(a.PointID, a.SlotID),
		st.dayKey(from.PointID, bot.DayKey(from.Start)), st.dayKey(a.PointID, bot.DayKey(a.Start)),
		st.waitingKey(), st.leasedKey(), st.ownedKey(a.Person)}
	args := []any{a.Code, rec.v, req.Seats, data, a.Sequence, unixMs(a.Expires),
		unixMs(a.End.Add(slotGrace)), a.Start.Unix(), rec.rm, rem.joined(), reqEntry(opReschedule, req.ID)}
	res, err := rescheduleScript.Run(ctx, st.batch, keys, append(args, rem.pairs()...)...).Text()
	if err != nil {
		return a, "", unavailable("reschedule "+req.ID, err)
	}
	return a, res, nil
}
