package appointment

import "github.com/eidbot/eidbot/bot"

// show shows the person's active appointment (/myappointment), or, when
// there is none, their home-visit request with its status. Outcomes: none
// (neither, or a declined request), visit (an open request).
func (f *Feature) show(t bot.Turn) string {
	fact, ok := bot.Ask(t, f.active, person(t))
	if !ok {
		return bot.Stop
	}
	if _, known := f.cfg.Directory.Point(fact.a.PointID); !fact.found || !known {
		return f.showVisit(t)
	}
	return f.withAppointment(t, func(a bot.Appointment, p bot.Point) string {
		slot := bot.Slot{ID: a.SlotID, Start: a.Start, End: a.End, Place: a.Place}
		t.Say("appt.title", map[string]any{"Code": a.Code})
		t.Queue(summary(t, p, slot, a))
		if ready := f.readyBy(t, a); ready != "" {
			t.Queue(ready)
		}
		return ""
	})
}

// withAppointment runs fn on the person's active appointment. Without one
// it says so and reports the outcome none; while the fact is missing, Stop.
func (f *Feature) withAppointment(t bot.Turn, fn func(a bot.Appointment, p bot.Point) string) string {
	fact, done := bot.Ask(t, f.active, person(t))
	if !done {
		return bot.Stop
	}
	p, ok := f.cfg.Directory.Point(fact.a.PointID)
	if !fact.found || !ok {
		t.Say("appt.none", nil)
		return "none"
	}
	return fn(fact.a, p)
}

// files sends the map location and calendar file again.
func (f *Feature) files(t bot.Turn) string {
	return f.withAppointment(t, func(a bot.Appointment, p bot.Point) string {
		t.Flush(nil)
		f.attachments(t, a, p)
		return ""
	})
}

// rescheduleStart loads the appointment to move. Outcome none: there is
// none to move.
func (f *Feature) rescheduleStart(t bot.Turn) string {
	return f.withAppointment(t, func(a bot.Appointment, _ bot.Point) string {
		t.SetAnswer("point", a.PointID)
		t.SetAnswer("applicant", a.Applicant)
		return ""
	})
}

// move moves the seat to the picked time, atomically: the old seat is kept
// if the new one is gone. Outcomes: full, none.
func (f *Feature) move(t bot.Turn) string {
	return f.withAppointment(t, func(cur bot.Appointment, _ bot.Point) string { return f.moveTo(t, cur) })
}

// moveTo moves appointment cur to the chosen slot.
func (f *Feature) moveTo(t bot.Turn, cur bot.Appointment) string {
	p, s, ok := f.chosenSlot(t)
	if !ok {
		t.Say("book.slot_gone", nil)
		return "full"
	}
	now := t.Now()
	a := cur
	a.SlotID, a.Start, a.End, a.Place, a.Updated = s.ID, s.Start, s.End, s.Place, now
	a.Expires, a.Sequence = s.End.Add(f.cfg.Retention), cur.Sequence+1
	req := bot.BookRequest{ID: t.RequestID("move"), Seats: s.Seats, Appointment: a}
	if a.Reminders {
		req.Reminders = ReminderTimes(a, now)
	}
	fact, ok := bot.Ask(t, f.reschedule, moveQ{person: person(t), req: req})
	if !ok {
		return bot.Stop
	}
	if outcome, refused := refused(t, fact.err); refused {
		return outcome
	}
	f.confirm(t, fact.a, p, "appt.moved")
	return ""
}

// cancelAppointment frees the seat. Outcome none: nothing to cancel.
func (f *Feature) cancelAppointment(t bot.Turn) string {
	fact, ok := bot.Ask(t, f.cancel, cancelQ{person: person(t), requestID: t.RequestID("cancel")})
	if !ok {
		return bot.Stop
	}
	if fact.err != nil {
		t.Say("appt.none", nil)
		return "none"
	}
	t.Say("appt.cancelled", map[string]any{"Code": fact.a.Code})
	return ""
}
