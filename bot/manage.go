package bot

import "time"

// appointmentShow shows the person's active appointment (/myappointment).
// Outcome none: there is none.
func (t *turn) appointmentShow() string {
	return t.withAppointment(func(a Appointment, p Point) string {
		t.showAppointment(a, p)
		return ""
	})
}

// showAppointment renders an appointment with its code and ready-by date.
func (t *turn) showAppointment(a Appointment, p Point) {
	slot := Slot{ID: a.SlotID, Start: a.Start, End: a.End, Place: a.Place}
	t.block(t.say("appt.title", map[string]any{"Code": a.Code}))
	t.block(t.summary(p, slot, a.Name, a.Phone, a.ForOther))
	if ready := t.readyBy(a); ready != "" {
		t.block(ready)
	}
}

// withAppointment runs fn on the person's active appointment. Without one
// it says so and reports the outcome none; while the fact is missing, stop.
func (t *turn) withAppointment(fn func(a Appointment, p Point) string) string {
	a, p, ok, done := t.activeAppointment()
	switch {
	case !done:
		return stop
	case !ok:
		t.block(t.say("appt.none", nil))
		return "none"
	}
	return fn(a, p)
}

// activeAppointment asks for the person's appointment and its point.
// done=false means the fact is not there yet.
func (t *turn) activeAppointment() (a Appointment, p Point, ok, done bool) {
	if t.e.appts == nil {
		return a, p, false, true
	}
	f, done := t.fact(Query{Kind: QueryActive, Person: t.person()})
	if !done || !f.Found {
		return a, p, false, done
	}
	p, ok = t.e.dir.Point(f.Appointment.PointID)
	return f.Appointment, p, ok, true
}

// appointmentFiles sends the map location and calendar file again.
func (t *turn) appointmentFiles() string {
	return t.withAppointment(func(a Appointment, p Point) string {
		t.flush(nil)
		t.appointmentAttachments(a, p)
		return ""
	})
}

// rescheduleStart loads the appointment to move. Outcome none: there is
// none to move.
func (t *turn) rescheduleStart() string {
	return t.withAppointment(func(a Appointment, _ Point) string {
		t.answerSet("point", a.PointID)
		t.answerSet("applicant", a.Applicant)
		return ""
	})
}

// rescheduleAppointment moves the seat to the picked time, atomically: the
// old seat is kept if the new one is gone. Outcomes: full, none.
func (t *turn) rescheduleAppointment() string {
	return t.withAppointment(t.moveTo)
}

// moveTo moves appointment cur to the chosen slot.
func (t *turn) moveTo(cur Appointment, _ Point) string {
	p, s, ok := t.chosenSlot()
	if !ok {
		t.block(t.say("book.slot_gone", nil))
		return "full"
	}
	a := cur
	a.SlotID, a.Start, a.End, a.Place, a.Updated = s.ID, s.Start, s.End, s.Place, t.now
	a.Expires, a.Sequence = s.End.Add(t.e.retention), cur.Sequence+1
	req := BookRequest{ID: t.requestID("move"), Seats: s.Seats, Appointment: a}
	if a.Reminders {
		req.Reminders = reminderTimes(a, t.now)
	}
	f, ok := t.fact(Query{Kind: QueryReschedule, Person: t.person(), RequestID: req.ID, Book: &req})
	if !ok {
		return stop
	}
	if outcome, refused := t.refused(f.Err); refused {
		return outcome
	}
	t.confirm(f.Appointment, p, "appt.moved")
	return ""
}

// cancelAppointment frees the seat. Outcome none: nothing to cancel.
func (t *turn) cancelAppointment() string {
	id := t.requestID("cancel")
	f, ok := t.fact(Query{Kind: QueryCancel, Person: t.person(), RequestID: id})
	if !ok {
		return stop
	}
	if f.Err != nil {
		t.block(t.say("appt.none", nil))
		return "none"
	}
	t.block(t.say("appt.cancelled", map[string]any{"Code": f.Appointment.Code}))
	return ""
}

// visitRequest asks a point's staff to come to someone who cannot travel.
func (t *turn) visitRequest() string {
	p, ok := t.e.dir.Point(t.answerOf("point"))
	if !ok || t.e.visits == nil {
		t.block(t.say("book.unavailable", nil))
		return stop
	}
	v := VisitRequest{
		ID: t.requestID("visit"), Person: t.person(), Chat: t.u.Chat, Lang: t.s.Lang, PointID: p.ID,
		Name: t.answerOf("name"), Phone: t.answerOf("phone"), Place: t.answerOf("place"),
		Status: "pending", Created: t.now, Expires: t.now.Add(t.e.retention + 60*24*time.Hour),
	}
	f, ok := t.fact(Query{Kind: QueryVisit, Person: t.person(), RequestID: v.ID, Visit: &v})
	if !ok {
		return stop
	}
	t.block(t.say("visit.sent", map[string]any{"Point": p.Name(t.s.Lang), "Person": Escape(f.Visit.Name)}))
	return ""
}
