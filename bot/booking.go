package bot

import (
	"strings"
	"time"
)

// person is who a booking belongs to: the chat that made it. A relative who
// books for someone else holds that booking in their own chat.
func (t *turn) person() string { return t.u.Chat.Key() }

// requestID makes a write idempotent per update: a retried update, or one
// stepped again after a conflict, repeats the same request.
func (t *turn) requestID(kind string) string {
	return t.u.Chat.Key() + ":" + t.u.ID + ":" + kind
}

// applicantOf reads the applicant kind from an eligibility answer.
func applicantOf(c Case) string {
	switch c.Answers["nationality"] {
	case "vn":
		return ApplicantCitizen
	case "foreign":
		return ApplicantForeigner
	}
	return ""
}

// bookAt starts booking at a point named by a deep link (a QR code on a
// poster at the commune police station).
func (t *turn) bookAt(pointID string) {
	t.answerSet("preset_point", pointID)
	t.startFlow(bookingFlow)
}

// bookingStart checks that booking makes sense: booking is configured, the
// person holds no appointment yet, and their eligibility check says they
// can apply. Outcome no_check: there is no positive result to book with. A
// point that came with a deep link is answered already (answer preset=yes).
func (t *turn) bookingStart() string {
	preset := t.answerOf("preset_point")
	delete(t.s.Dialog.Answers, "preset_point")
	delete(t.s.Dialog.Answers, "preset")
	if t.e.appts == nil {
		t.block(t.say("book.unavailable", nil))
		t.finish()
		return stop
	}
	f, ok := t.fact(Query{Kind: QueryActive, Person: t.person()})
	if !ok {
		return stop
	}
	if f.Found {
		t.block(t.say("book.has_one", nil))
		t.startFlow(appointmentFlow)
		return stop
	}
	applicant := applicantOf(t.s.Case)
	if t.s.Case.Outcome != "eligible" || applicant == "" {
		return "no_check"
	}
	t.answerSet("applicant", applicant)
	if p, ok := t.e.dir.Point(preset); ok && t.serves(p, applicant) {
		t.answerSet("point", p.ID)
		t.answerSet("preset", "yes")
	}
	return ""
}

// serves reports whether point p takes applicants of a kind.
func (t *turn) serves(p Point, applicant string) bool {
	for _, q := range t.e.dir.Points(applicant) {
		if q.ID == p.ID {
			return true
		}
	}
	return false
}

// chosenSlot finds the slot the person picked, if it still exists.
func (t *turn) chosenSlot() (Point, Slot, bool) {
	p, ok := t.e.dir.Point(t.answerOf("point"))
	if !ok {
		return Point{}, Slot{}, false
	}
	id := t.answerOf("slot")
	day, err := time.ParseInLocation("20060102", strings.SplitN(id, "-", 2)[0], Vietnam)
	if err != nil {
		return Point{}, Slot{}, false
	}
	for _, s := range t.e.dir.Slots(p.ID, day, t.now) {
		if s.ID == id {
			return p, s, true
		}
	}
	return Point{}, Slot{}, false
}

// bookingSummary shows what is about to be booked, for confirmation.
func (t *turn) bookingSummary() string {
	p, s, ok := t.chosenSlot()
	if !ok {
		t.block(t.say("book.slot_gone", nil))
		return "gone"
	}
	t.block(t.summary(p, s, t.answerOf("name"), t.answerOf("phone"), t.answerOf("for") == "other"))
	return ""
}

// summary renders an appointment's where, when and who. Name and phone are
// the person's own typing, so they are escaped.
func (t *turn) summary(p Point, s Slot, name, phone string, forOther bool) string {
	address := p.Address(t.s.Lang)
	if s.Place != "" {
		address = s.Place
	}
	lines := []string{t.say("book.summary", map[string]any{
		"Point": p.Name(t.s.Lang), "Address": address,
		"Date": t.e.tr.Date(t.s.Lang, s.Start), "Time": t.e.tr.Time(s.Start),
		"Person": Escape(name),
	})}
	if forOther {
		lines = append(lines, t.say("book.summary.for_other", nil))
	}
	if phone != "" {
		lines = append(lines, t.say("book.summary.phone", map[string]any{"Phone": Escape(phone)}))
	}
	return strings.Join(lines, "\n")
}

// bookAppointment takes the seat. Outcomes: full (the time was taken
// meanwhile, or has passed).
func (t *turn) bookAppointment() string {
	p, s, ok := t.chosenSlot()
	if !ok {
		t.block(t.say("book.slot_gone", nil))
		return "full"
	}
	req := t.bookRequest(p, s)
	f, ok := t.fact(Query{Kind: QueryBook, Person: t.person(), RequestID: req.ID, Book: &req})
	if !ok {
		return stop
	}
	if outcome, refused := t.refused(f.Err); refused {
		return outcome
	}
	t.confirm(f.Appointment, p, "book.done")
	t.markBooked(p.ID)
	return ""
}

// refused explains a booking refusal and returns the action's outcome:
// full when the seat went meanwhile, none when there is no appointment;
// a second appointment shows the first instead.
func (t *turn) refused(err error) (outcome string, refused bool) {
	switch err {
	case nil:
		return "", false
	case ErrSlotFull:
		t.block(t.say("book.full", nil))
		return "full", true
	case ErrHasAppointment:
		t.block(t.say("book.has_one", nil))
		t.startFlow(appointmentFlow)
		return stop, true
	default:
		t.block(t.say("appt.none", nil))
		return "none", true
	}
}

// bookRequest builds the request for slot s at point p from the answers.
func (t *turn) bookRequest(p Point, s Slot) BookRequest {
	c := t.s.Case
	a := Appointment{
		Person: t.person(), Chat: t.u.Chat, Lang: t.s.Lang, PointID: p.ID, SlotID: s.ID,
		Start: s.Start, End: s.End, Name: t.answerOf("name"), Phone: t.answerOf("phone"),
		ForOther: t.answerOf("for") == "other", Applicant: t.answerOf("applicant"),
		Checklist: c.Checklist, Days: c.Days, DaysMax: c.DaysMax, Place: s.Place,
		Consent: t.now, Reminders: t.answerOf("reminders") == "yes", Status: StatusBooked,
		Created: t.now, Updated: t.now, Expires: s.End.Add(t.e.retention),
	}
	req := BookRequest{ID: t.requestID("book"), Seats: s.Seats, Appointment: a}
	if a.Reminders {
		req.Reminders = reminderTimes(a, t.now)
	}
	return req
}

// reminderTimes schedules the reminders: at 19:00 the evening before, and
// two hours before the appointment, each only if it is still ahead.
func reminderTimes(a Appointment, now time.Time) []Reminder {
	start := a.Start.In(Vietnam)
	eve := time.Date(start.Year(), start.Month(), start.Day()-1, 19, 0, 0, 0, Vietnam)
	soon := start.Add(-2 * time.Hour)
	var rs []Reminder
	if eve.After(now) {
		rs = append(rs, Reminder{Code: a.Code, Kind: "eve", Seq: a.Sequence, Due: eve})
	}
	if soon.After(now) && soon.After(eve) {
		rs = append(rs, Reminder{Code: a.Code, Kind: "soon", Seq: a.Sequence, Due: soon})
	}
	return rs
}

// confirm shows a booked appointment: the code to show at the counter, the
// summary, when the result is expected, the personal checklist, the place
// on a map, and a calendar file.
func (t *turn) confirm(a Appointment, p Point, headline string) {
	slot := Slot{ID: a.SlotID, Start: a.Start, End: a.End, Place: a.Place}
	t.block(t.say(headline, map[string]any{"Code": a.Code}))
	t.block(t.summary(p, slot, a.Name, a.Phone, a.ForOther))
	if ready := t.readyBy(a); ready != "" {
		t.block(ready)
	}
	if a.Checklist != "" {
		t.block(t.checklist(a.Checklist))
	}
	t.block(t.say("book.manage", nil))
	t.flush([][]Button{{t.menuButton()}})
	t.appointmentAttachments(a, p)
}

// appointmentAttachments sends the place as a venue and the .ics file.
func (t *turn) appointmentAttachments(a Appointment, p Point) {
	address := p.Address(t.s.Lang)
	if a.Place != "" {
		address = a.Place
	}
	t.send(Reply{Kind: ReplyVenue, Venue: &Venue{Lat: p.Lat, Lon: p.Lon, Title: p.Name(t.s.Lang), Address: address}})
	ics := t.e.dir.Calendar(a, p, t.s.Lang,
		t.say("book.ics.summary", map[string]any{"Point": p.Name(t.s.Lang)}),
		t.say("book.ics.description", map[string]any{"Code": a.Code}), t.now)
	t.send(Reply{Kind: ReplyDocument, Document: &Document{
		Name: "vneid-" + strings.ToLower(strings.ReplaceAll(a.Code, "-", "")) + ".ics", MIME: "text/calendar",
		Data: ics, Caption: t.say("book.ics.caption", nil),
	}})
}

// readyBy estimates when the account is issued, from the appointment.
func (t *turn) readyBy(a Appointment) string {
	if a.Days == 0 {
		return ""
	}
	day, estimate := t.e.dir.ReadyBy(a.Start, a.Days)
	data := map[string]any{"Date": t.e.tr.Date(t.s.Lang, day)}
	id := "book.ready_by"
	if a.DaysMax > a.Days {
		max, est2 := t.e.dir.ReadyBy(a.Start, a.DaysMax)
		data["DateMax"], estimate, id = t.e.tr.Date(t.s.Lang, max), estimate || est2, "book.ready_by_range"
	}
	text := t.say(id, data)
	if estimate {
		text += " " + t.say("book.provisional", nil)
	}
	return text
}
