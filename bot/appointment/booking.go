package appointment

import (
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// person is who a booking belongs to: the chat that made it. A relative who
// books for someone else holds that booking in their own chat.
func person(t bot.Turn) string { return t.Chat().Key() }

// applicantOf reads the applicant kind from an eligibility answer.
func applicantOf(c bot.Case) string {
	switch c.Answers["nationality"] {
	case "vn":
		return bot.ApplicantCitizen
	case "foreign":
		return bot.ApplicantForeigner
	}
	return ""
}

// simVerdict is the verdict that the person has no mobile number of their
// own yet (flows/eligibility.yaml). It still leads to booking, at a point
// or team that registers SIMs on the spot (issue 12).
const simVerdict = "eligibility.v_vn_sim"

// simNeeded is the answer sim of a person without a number of their own:
// the pickers offer only points with Point.SIMRegistration.
const simNeeded = "need"

// start checks that booking makes sense: the person holds no appointment
// yet, and their eligibility check says they can apply, or can once a SIM
// is registered in their name on the spot (answer sim=need). Outcome
// no_check: there is no such result to book with.
//
// A point that came with a deep link from a poster (bot.AnswerPresetPoint)
// is answered already (answer preset=yes). It is remembered for the chat,
// so it survives the eligibility check that booking may send the person
// through first, and is used up here once booking goes ahead.
func (f *Feature) start(t bot.Turn) string {
	preset := t.Answer(bot.AnswerPresetPoint)
	t.SetAnswer("preset", "")
	t.SetAnswer("sim", "")
	fact, ok := bot.Ask(t, f.active, person(t))
	if !ok {
		return bot.Stop
	}
	if fact.found {
		t.SetAnswer(bot.AnswerPresetPoint, "")
		t.Say("book.has_one", nil)
		t.StartFlow(appointmentFlow)
		return bot.Stop
	}
	c := t.Case()
	applicant := applicantOf(c)
	sim := c.Verdict == simVerdict && applicant == bot.ApplicantCitizen
	if c.Outcome != "eligible" && !sim || applicant == "" {
		return "no_check"
	}
	t.SetAnswer(bot.AnswerPresetPoint, "")
	t.SetAnswer("applicant", applicant)
	if sim {
		t.SetAnswer("sim", simNeeded)
	}
	if p, ok := f.cfg.Directory.Point(preset); ok && f.serves(p, applicant) && (p.SIMRegistration || !sim) {
		t.SetAnswer("point", p.ID)
		t.SetAnswer("preset", "yes")
	}
	return ""
}

// serves reports whether point p takes applicants of a kind.
func (f *Feature) serves(p bot.Point, applicant string) bool {
	for _, q := range f.cfg.Directory.Points(applicant) {
		if q.ID == p.ID {
			return true
		}
	}
	return false
}

// chosenSlot finds the slot the person picked, if it still exists.
func (f *Feature) chosenSlot(t bot.Turn) (bot.Point, bot.Slot, bool) {
	p, ok := f.cfg.Directory.Point(t.Answer("point"))
	if !ok {
		return bot.Point{}, bot.Slot{}, false
	}
	id := t.Answer("slot")
	day, err := time.ParseInLocation("20060102", strings.SplitN(id, "-", 2)[0], bot.Vietnam)
	if err != nil {
		return bot.Point{}, bot.Slot{}, false
	}
	for _, s := range f.cfg.Directory.Slots(p.ID, day, t.Now()) {
		if s.ID == id {
			return p, s, true
		}
	}
	return bot.Point{}, bot.Slot{}, false
}

// summarize shows what is about to be booked, for confirmation.
func (f *Feature) summarize(t bot.Turn) string {
	p, s, ok := f.chosenSlot(t)
	if !ok {
		t.Say("book.slot_gone", nil)
		return "gone"
	}
	t.Queue(summary(t, p, s, bot.Appointment{Name: t.Answer("name"), Phone: t.Answer("phone"),
		ForOther: t.Answer("for") == "other", SIM: t.Answer("sim") == simNeeded}))
	return ""
}

// summary renders an appointment's where and when (slot s at point p) and
// who (a's name, phone, whether for someone else and whether a SIM is to
// be registered). Name and phone are the person's own typing, so they are
// escaped.
func summary(t bot.Turn, p bot.Point, s bot.Slot, a bot.Appointment) string {
	name, phone := a.Name, a.Phone
	address := p.Address(t.Lang())
	if s.Place != "" {
		address = s.Place
	}
	lines := []string{t.Text("book.summary", map[string]any{
		"Point": p.Name(t.Lang()), "Address": address,
		"Date": t.Date(s.Start), "Time": t.Clock(s.Start),
		"Person": bot.Escape(name),
	})}
	if a.ForOther {
		lines = append(lines, t.Text("book.summary.for_other", nil))
	}
	if phone != "" {
		lines = append(lines, t.Text("book.summary.phone", map[string]any{"Phone": bot.Escape(phone)}))
	}
	if a.SIM {
		lines = append(lines, t.Text("book.summary.sim", nil))
	}
	return strings.Join(lines, "\n")
}

// bookSlot takes the seat. Outcomes: full (the time was taken meanwhile,
// or has passed).
func (f *Feature) bookSlot(t bot.Turn) string {
	p, s, ok := f.chosenSlot(t)
	if !ok {
		t.Say("book.slot_gone", nil)
		return "full"
	}
	fact, ok := bot.Ask(t, f.book, f.bookRequest(t, p, s))
	if !ok {
		return bot.Stop
	}
	if outcome, refused := refused(t, fact.err); refused {
		return outcome
	}
	f.confirm(t, fact.a, p, "book.done")
	t.Reached(bot.StageBooked, p.ID)
	return ""
}

// refused explains a booking refusal and returns the action's outcome:
// full when the seat went meanwhile, none when there is no appointment;
// a second appointment shows the first instead.
func refused(t bot.Turn, err error) (outcome string, refused bool) {
	switch err {
	case nil:
		return "", false
	case bot.ErrSlotFull:
		t.Say("book.full", nil)
		return "full", true
	case bot.ErrHasAppointment:
		t.Say("book.has_one", nil)
		t.StartFlow(appointmentFlow)
		return bot.Stop, true
	default:
		t.Say("appt.none", nil)
		return "none", true
	}
}

// bookRequest builds the request for slot s at point p from the answers.
func (f *Feature) bookRequest(t bot.Turn, p bot.Point, s bot.Slot) bot.BookRequest {
	c, now := t.Case(), t.Now()
	a := bot.Appointment{
		Person: person(t), Chat: t.Chat(), Lang: t.Lang(), PointID: p.ID, SlotID: s.ID,
		Start: s.Start, End: s.End, Name: t.Answer("name"), Phone: t.Answer("phone"),
		ForOther: t.Answer("for") == "other", SIM: t.Answer("sim") == simNeeded, Applicant: t.Answer("applicant"),
		Checklist: c.Checklist, Days: c.Days, DaysMax: c.DaysMax, Place: s.Place,
		Consent: now, Reminders: t.Answer("reminders") == "yes", Status: bot.StatusBooked,
		Created: now, Updated: now, Expires: s.End.Add(f.cfg.Retention),
	}
	req := bot.BookRequest{ID: t.RequestID("book"), Seats: s.Seats, Appointment: a}
	if a.Reminders {
		req.Reminders = ReminderTimes(a, now)
	}
	return req
}

// ReminderTimes schedules the reminders of appointment a: at 19:00 the
// evening before, and two hours before it, each only if it is still ahead
// of now.
func ReminderTimes(a bot.Appointment, now time.Time) []bot.Reminder {
	start := a.Start.In(bot.Vietnam)
	eve := time.Date(start.Year(), start.Month(), start.Day()-1, 19, 0, 0, 0, bot.Vietnam)
	soon := start.Add(-2 * time.Hour)
	var rs []bot.Reminder
	if eve.After(now) {
		rs = append(rs, bot.Reminder{Code: a.Code, Kind: "eve", Seq: a.Sequence, Due: eve})
	}
	if soon.After(now) && soon.After(eve) {
		rs = append(rs, bot.Reminder{Code: a.Code, Kind: "soon", Seq: a.Sequence, Due: soon})
	}
	return rs
}

// confirm shows a booked appointment: the code to show at the counter, the
// summary and when the result is expected; then the personal checklist as
// a message of its own (the two together would be too long for a phone,
// docs/CONTENT.md §8), how to change it, the place on a map, and a
// calendar file.
func (f *Feature) confirm(t bot.Turn, a bot.Appointment, p bot.Point, headline string) {
	slot := bot.Slot{ID: a.SlotID, Start: a.Start, End: a.End, Place: a.Place}
	t.Say(headline, map[string]any{"Code": a.Code})
	t.Queue(summary(t, p, slot, a))
	if ready := f.readyBy(t, a); ready != "" {
		t.Queue(ready)
	}
	if a.Checklist != "" {
		t.Flush(nil)
		t.Queue(t.Checklist(a.Checklist))
	}
	t.Say("book.manage", nil)
	t.Flush([][]bot.Button{{t.MenuButton()}})
	f.attachments(t, a, p)
}

// attachments sends the place as a venue and the .ics file.
func (f *Feature) attachments(t bot.Turn, a bot.Appointment, p bot.Point) {
	lang := t.Lang()
	address := p.Address(lang)
	if a.Place != "" {
		address = a.Place
	}
	t.Send(bot.Reply{Kind: bot.ReplyVenue, Venue: &bot.Venue{Lat: p.Lat, Lon: p.Lon, Title: p.Name(lang), Address: address}})
	ics := f.cfg.Directory.Calendar(a, p, lang,
		t.Text("book.ics.summary", map[string]any{"Point": p.Name(lang)}),
		t.Text("book.ics.description", map[string]any{"Code": a.Code}), t.Now())
	t.Send(bot.Reply{Kind: bot.ReplyDocument, Document: &bot.Document{
		Name: "vneid-" + strings.ToLower(strings.ReplaceAll(a.Code, "-", "")) + ".ics", MIME: "text/calendar",
		Data: ics, Caption: t.Text("book.ics.caption", nil),
	}})
}

// readyBy estimates when the account is issued, from the appointment.
func (f *Feature) readyBy(t bot.Turn, a bot.Appointment) string {
	if a.Days == 0 {
		return ""
	}
	day, estimate := f.cfg.Directory.ReadyBy(a.Start, a.Days)
	data := map[string]any{"Date": t.Date(day)}
	id := "book.ready_by"
	if a.DaysMax > a.Days {
		max, est2 := f.cfg.Directory.ReadyBy(a.Start, a.DaysMax)
		data["DateMax"], estimate, id = t.Date(max), estimate || est2, "book.ready_by_range"
	}
	text := t.Text(id, data)
	if estimate {
		text += " " + t.Text("book.provisional", nil)
	}
	return text
}
