package booking

import (
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Reception is a deployment's reception points together with its
// working-day calendar, as the chat engine and the staff API consult them:
// it implements bot.Directory. It is read-only and safe for concurrent use.
type Reception struct {
	points Directory
	cal    Calendar
}

// NewReception serves points on the days and hours cal allows.
func NewReception(points Directory, cal Calendar) *Reception {
	return &Reception{points: points, cal: cal}
}

// IDs returns the ids of every point, in file order.
func (r *Reception) IDs() []string { return r.points.IDs() }

// applicantOf reads the bot's applicant kind.
func applicantOf(kind string) Applicant {
	if kind == bot.ApplicantForeigner {
		return Foreigner
	}
	return Citizen
}

// Points lists the points that serve an applicant kind.
func (r *Reception) Points(kind string) []bot.Point {
	ps := r.points.ForApplicant(applicantOf(kind))
	out := make([]bot.Point, len(ps))
	for i, p := range ps {
		out[i] = p.bot()
	}
	return out
}

// Point finds a point by id.
func (r *Reception) Point(id string) (bot.Point, bool) {
	p, ok := r.points.Get(id)
	return p.bot(), ok
}

// Nearest lists the n points serving an applicant kind nearest to lat, lon.
func (r *Reception) Nearest(kind string, lat, lon float64, n int) []bot.Nearby {
	near := Nearest(r.points.ForApplicant(applicantOf(kind)), lat, lon)
	out := make([]bot.Nearby, 0, min(n, len(near)))
	for _, p := range near[:min(n, len(near))] {
		out = append(out, bot.Nearby{Point: p.bot(), KM: p.KM})
	}
	return out
}

// Days lists up to n days from now on with slots left at point id; today
// is left out once its last slot has begun.
func (r *Reception) Days(id string, now time.Time, n int) []time.Time {
	p, ok := r.points.Get(id)
	if !ok {
		return nil
	}
	var days []time.Time
	for _, day := range OpenDays(p, now, n, r.cal) {
		if len(Slots(p, day, r.cal, now)) > 0 {
			days = append(days, day)
		}
	}
	return days
}

// Slots lists the slots of point id on day that start after now, with the
// place a mobile team sits at that day.
func (r *Reception) Slots(id string, day, now time.Time) []bot.Slot {
	p, ok := r.points.Get(id)
	if !ok {
		return nil
	}
	var out []bot.Slot
	for _, s := range Slots(p, day, r.cal, now) {
		out = append(out, bot.Slot{ID: s.ID, Start: s.Start, End: s.End, Seats: s.Seats, Place: p.placeName(s.Start)})
	}
	return out
}

// ReadyBy counts working days on the calendar.
func (r *Reception) ReadyBy(at time.Time, days int) (time.Time, bool) { return r.cal.ReadyBy(at, days) }

// Calendar renders an appointment's .ics file, made at made. Its UID
// derives from the booking code, so a rescheduled file replaces the entry.
func (r *Reception) Calendar(a bot.Appointment, p bot.Point, lang bot.Lang, summary, description string, made time.Time) []byte {
	location := p.Name(lang) + ", " + p.Address(lang)
	if a.Place != "" {
		location = a.Place
	}
	return ICS(Event{
		UID: strings.ReplaceAll(a.Code, "-", "") + "@eidbot", Sequence: a.Sequence, Start: a.Start, End: a.End,
		Summary: summary, Location: location, Description: description, Lat: p.Lat, Lon: p.Lon, Stamp: made,
	})
}

// placeName describes where a mobile team sits at start, when that is not
// the point's own address; "" otherwise.
func (p Point) placeName(start time.Time) string {
	pl := p.PlaceAt(start)
	if pl.Name.In("vi") == p.Name.In("vi") {
		return ""
	}
	return strings.TrimSuffix(pl.Name.In("vi")+", "+pl.Address.In("vi"), ", ")
}

// bot is the point as the chat engine shows it.
func (p Point) bot() bot.Point {
	return bot.Point{
		ID: p.ID, Kind: string(p.Kind), Names: p.Name, Addresses: p.Address, Areas: p.Area,
		Lat: p.Lat, Lon: p.Lon, HomeVisits: p.HomeVisits, Phone: p.Phone, Hours: p.Hours.strings(),
		SIMRegistration: p.SIMRegistration, VisitAnswerDays: p.VisitAnswerDays,
	}
}
