package bot

import (
	"context"
	"time"
)

// Point is a reception point as the engine shows it: a commune police
// station, an immigration office, a mobile team or a campaign point.
type Point struct {
	ID         string
	Kind       string            // commune_police, immigration_office, mobile_team, campaign_point
	Names      map[string]string // by language; "vi" is always present
	Addresses  map[string]string // by language; "vi" is always present
	Areas      map[string]string // the area the "by area" list groups it under
	Lat, Lon   float64
	HomeVisits bool // its staff accept requests to visit people who cannot travel
	// SIMRegistration: SIMs are registered in the person's own name on
	// the spot (at the point, or by the team on a home visit).
	SIMRegistration bool
	// VisitAnswerDays is how many working days the point says it takes to
	// answer a home-visit request; 0 when it has not said.
	VisitAnswerDays int
	Phone           string
	// Hours are the weekly opening hours of a station, by time.Weekday,
	// each day's ranges as "07:30-11:30"; none for a team or campaign.
	Hours [7][]string
}

// Name is the point's name in lang, or in Vietnamese when none is given.
func (p Point) Name(lang Lang) string { return inLang(p.Names, lang) }

// Address is the point's address in lang, or in Vietnamese.
func (p Point) Address(lang Lang) string { return inLang(p.Addresses, lang) }

// Area is the point's area in lang, or in Vietnamese.
func (p Point) Area(lang Lang) string { return inLang(p.Areas, lang) }

func inLang(m map[string]string, lang Lang) string {
	if s := m[string(lang)]; s != "" {
		return s
	}
	return m[string(Vietnamese)]
}

// Slot is one appointment time at a point.
type Slot struct {
	ID         string // e.g. "20261124-0730", unique within a point
	Start, End time.Time
	Seats      int
	Place      string // where a mobile team sits that day, when not the point's address
}

// Nearby is a point and how far it is.
type Nearby struct {
	Point Point
	KM    float64
}

// Applicant kinds, as the eligibility check records them.
const (
	ApplicantCitizen   = "citizen"
	ApplicantForeigner = "foreigner"
)

// Directory is the reception points and the working-day calendar: data
// loaded once at start and never changed, so Step may consult it and stay
// pure. Seat counts are not in it; they come from Appointments.
type Directory interface {
	// Points lists the points that serve an applicant kind.
	Points(applicant string) []Point
	// Point finds a point by id.
	Point(id string) (Point, bool)
	// Nearest lists up to n points serving an applicant kind, nearest to
	// lat, lon first, with their distance in kilometres.
	Nearest(applicant string, lat, lon float64, n int) []Nearby
	// Days lists up to n days, from now on, on which point id has slots.
	Days(id string, now time.Time, n int) []time.Time
	// Slots lists the slots of point id on day that start after now.
	Slots(id string, day, now time.Time) []Slot
	// ReadyBy estimates the day a result is ready, given the appointment
	// time and the working days the procedure takes; estimate is true when
	// the calendar for the days counted is provisional.
	ReadyBy(at time.Time, days int) (day time.Time, estimate bool)
	// Calendar renders an .ics file for an appointment at point p, made
	// at made (the time of the update that confirmed it, so that Step
	// stays free of clocks).
	Calendar(a Appointment, p Point, lang Lang, summary, description string, made time.Time) []byte
}

// Notifier tells a person about something staff did outside the chat,
// such as accepting a home visit.
type Notifier interface {
	VisitAccepted(ctx context.Context, v VisitRequest) error
	VisitDeclined(ctx context.Context, v VisitRequest) error
}
