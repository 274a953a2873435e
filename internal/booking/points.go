package booking

import (
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Kind is the sort of reception point.
type Kind string

// Kinds of reception points (SOURCES.md §4.1, §4.2, §4.5).
const (
	// CommunePolice is a commune/ward/special-zone police station: where
	// citizens apply for level 2, regardless of residence.
	CommunePolice Kind = "commune_police"
	// ImmigrationOffice is the provincial Immigration Division (PA08) or the
	// MPS Immigration Department (A08): where foreigners apply.
	ImmigrationOffice Kind = "immigration_office"
	// MobileTeam is a police team that receives dossiers on dated visits to
	// hamlets, cultural houses or homes of elderly and bed-ridden people.
	MobileTeam Kind = "mobile_team"
	// CampaignPoint is a temporary point open on dated sessions, e.g. at an
	// industrial zone; such points for foreigners are unconfirmed [U].
	CampaignPoint Kind = "campaign_point"
)

// Serves says which applicants a point receives.
type Serves string

// Audiences of a point.
const (
	ServesCitizens   Serves = "citizens"
	ServesForeigners Serves = "foreigners"
	ServesBoth       Serves = "both"
)

// Applicant is who is applying: it decides where they may go.
type Applicant int

// Applicants. The zero value is no applicant and is offered nothing.
const (
	Citizen Applicant = iota + 1
	Foreigner
)

// Point is one reception point: a station with weekly hours, or a team or
// campaign with dated visits.
type Point struct {
	ID     string // [a-z0-9_]{1,40}; used in deep links /start point_<id>
	Kind   Kind
	Serves Serves
	Name   Text
	// Address and Lat/Lon are where the point is; for a mobile team, its
	// base (each visit has its own place).
	Address  Text
	Lat, Lon float64
	Area     Text // groups points in the "by area" list
	// Hours are the weekly opening ranges of stations; empty for teams and
	// campaigns, which open only on Visits.
	Hours          Week
	SlotMinutes    int
	SeatsPerSlot   int
	StaffLanguages []string
	Phone          string // optional
	HomeVisits     bool   // accepts requests for a home visit
	// SIMRegistration: a mobile network registers SIMs in the person's
	// own name on the spot here, or the team does on a home visit
	// (SOURCES.md §4.5, §9.1), so a person without a number of their own
	// can still book.
	SIMRegistration bool
	// VisitAnswerDays is how many working days the point says it takes to
	// answer a home-visit request; 0 when it has not said.
	VisitAnswerDays int
	Visits          []Visit
}

// Visit is a dated session of a mobile team or campaign point.
type Visit struct {
	Date     time.Time // local midnight
	Place    Text      // e.g. "Nhà văn hóa ấp ..."
	Address  Text
	Lat, Lon float64
	Hours    []Range
	Seats    int // per slot
	line     int
}

// Place is where an appointment happens.
type Place struct {
	Name, Address Text
	Lat, Lon      float64
}

// PlaceAt returns where an appointment starting at start takes place: the
// visit's place on a visit day, otherwise the point itself.
func (p Point) PlaceAt(start time.Time) Place {
	if v, ok := p.visitAt(start); ok && v.Place != nil {
		return Place{Name: v.Place, Address: v.Address, Lat: v.Lat, Lon: v.Lon}
	}
	return Place{Name: p.Name, Address: p.Address, Lat: p.Lat, Lon: p.Lon}
}

// visitAt finds the visit whose hours contain t.
func (p Point) visitAt(t time.Time) (Visit, bool) {
	d := civilOf(t)
	m := t.In(bot.Vietnam).Hour()*60 + t.In(bot.Vietnam).Minute()
	for _, v := range p.Visits {
		if civilOf(v.Date) != d {
			continue
		}
		for _, r := range v.Hours {
			if m >= r.Start && m < r.End {
				return v, true
			}
		}
	}
	return Visit{}, false
}

// Accepts reports whether a may apply at p. It encodes SOURCES.md §4.1–§4.2
// directly, not only through Serves, so a data error cannot send a
// foreigner to commune police: foreigners apply only at immigration offices
// and campaign points serving them; citizens never at immigration offices.
func (p Point) Accepts(a Applicant) bool {
	switch a {
	case Citizen:
		return p.Kind != ImmigrationOffice && p.Serves != ServesForeigners
	case Foreigner:
		return (p.Kind == ImmigrationOffice || p.Kind == CampaignPoint) && p.Serves != ServesCitizens
	}
	return false
}

// Directory is the validated set of reception points of one deployment, in
// file order. It is read-only and safe for concurrent use.
type Directory struct {
	points []Point
	byID   map[string]int
}

// All returns every point in file order. The slice is a copy.
func (d Directory) All() []Point { return append([]Point(nil), d.points...) }

// Get returns the point with id.
func (d Directory) Get(id string) (Point, bool) {
	i, ok := d.byID[id]
	if !ok {
		return Point{}, false
	}
	return d.points[i], true
}

// ForApplicant returns the points a may book, in file order: citizens get
// commune police, mobile teams and campaign points serving citizens;
// foreigners get immigration offices and campaign points serving foreigners.
func (d Directory) ForApplicant(a Applicant) []Point {
	var out []Point
	for _, p := range d.points {
		if p.Accepts(a) {
			out = append(out, p)
		}
	}
	return out
}

// Area is one group of the "by area" list.
type Area struct {
	Name   string // in the requested language
	Points []Point
}

// ByArea groups points by their Area, keyed by the Vietnamese label so that
// a missing translation cannot split a group. Groups and the points in them
// keep the order of first appearance: the data file decides the order
// users see.
func ByArea(points []Point, lang string) []Area {
	var out []Area
	index := map[string]int{}
	for _, p := range points {
		key := p.Area["vi"]
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Area{Name: p.Area.In(lang)})
		}
		out[i].Points = append(out[i].Points, p)
	}
	return out
}
