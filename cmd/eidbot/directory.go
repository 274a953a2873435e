package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/booking"
)

// directory adapts internal/booking (points, calendar, slots, .ics) to the
// bot.Directory the engine consults.
type directory struct {
	points booking.Directory
	cal    booking.Calendar
	now    func() time.Time
}

// loadDirectory reads the points and calendar files named by
// EIDBOT_POINTS_FILE and EIDBOT_CALENDAR_FILE, or the embedded examples.
func loadDirectory(pointsFile, calendarFile string) (*directory, error) {
	d := &directory{points: booking.DefaultPoints(), cal: booking.DefaultCalendar(), now: time.Now}
	var err error
	if pointsFile != "" {
		if d.points, err = booking.LoadPointsFile(pointsFile); err != nil {
			return nil, fmt.Errorf("EIDBOT_POINTS_FILE: %w", err)
		}
	}
	if calendarFile != "" {
		if d.cal, err = booking.LoadCalendarFile(calendarFile); err != nil {
			return nil, fmt.Errorf("EIDBOT_CALENDAR_FILE: %w", err)
		}
	}
	return d, nil
}

// loadAreas reads the wards and communes committees serve, checked against
// the reception points. The shipped areas list the shipped points, so a
// deployment with its own points file needs its own areas file too.
func loadAreas(areasFile, pointsFile string, d *directory) ([]bot.Area, error) {
	areas := booking.DefaultAreas()
	switch {
	case areasFile != "":
		var err error
		if areas, err = booking.LoadAreasFile(areasFile, d.points.IDs()); err != nil {
			return nil, fmt.Errorf("EIDBOT_AREAS_FILE: %w", err)
		}
	case pointsFile != "":
		return nil, errors.New("EIDBOT_AREAS_FILE: required with EIDBOT_POINTS_FILE (the shipped areas list the shipped points)")
	}
	out := make([]bot.Area, len(areas))
	for i, a := range areas {
		out[i] = bot.Area{ID: a.ID, Names: a.Name, Target: a.Target, TargetDate: a.TargetDate, Approval: a.Approval, Points: a.Points}
	}
	return out, nil
}

func applicant(kind string) booking.Applicant {
	if kind == bot.ApplicantForeigner {
		return booking.Foreigner
	}
	return booking.Citizen
}

// Points lists the points that serve an applicant kind (bot.Directory).
func (d *directory) Points(kind string) []bot.Point {
	ps := d.points.ForApplicant(applicant(kind))
	out := make([]bot.Point, len(ps))
	for i, p := range ps {
		out[i] = toBot(p)
	}
	return out
}

// Point finds a point by id (bot.Directory).
func (d *directory) Point(id string) (bot.Point, bool) {
	p, ok := d.points.Get(id)
	return toBot(p), ok
}

// Nearest lists the n points nearest to lat, lon (bot.Directory).
func (d *directory) Nearest(kind string, lat, lon float64, n int) []bot.Nearby {
	near := booking.Nearest(d.points.ForApplicant(applicant(kind)), lat, lon)
	out := make([]bot.Nearby, 0, min(n, len(near)))
	for _, p := range near[:min(n, len(near))] {
		out = append(out, bot.Nearby{Point: toBot(p.Point), KM: p.KM})
	}
	return out
}

// Days lists days with slots left from now on (bot.Directory).
func (d *directory) Days(id string, now time.Time, n int) []time.Time {
	p, ok := d.points.Get(id)
	if !ok {
		return nil
	}
	var days []time.Time
	for _, day := range booking.OpenDays(p, now, n, d.cal) {
		if len(booking.Slots(p, day, d.cal, now)) > 0 { // today may have no slot left
			days = append(days, day)
		}
	}
	return days
}

// Slots lists a day's slots that start after now, with a mobile team's
// place that day (bot.Directory).
func (d *directory) Slots(id string, day, now time.Time) []bot.Slot {
	p, ok := d.points.Get(id)
	if !ok {
		return nil
	}
	var out []bot.Slot
	for _, s := range booking.Slots(p, day, d.cal, now) {
		out = append(out, bot.Slot{ID: s.ID, Start: s.Start, End: s.End, Seats: s.Seats, Place: placeOf(p, s.Start)})
	}
	return out
}

// placeOf describes where a mobile team sits at start, when that is not
// the point's own address.
func placeOf(p booking.Point, start time.Time) string {
	pl := p.PlaceAt(start)
	if pl.Name.In("vi") == p.Name.In("vi") {
		return ""
	}
	return strings.TrimSuffix(pl.Name.In("vi")+", "+pl.Address.In("vi"), ", ")
}

// ReadyBy counts working days on the calendar (bot.Directory).
func (d *directory) ReadyBy(at time.Time, days int) (time.Time, bool) { return d.cal.ReadyBy(at, days) }

// Calendar renders the .ics file; its UID derives from the booking code, so
// a rescheduled file replaces the entry (bot.Directory).
func (d *directory) Calendar(a bot.Appointment, p bot.Point, lang bot.Lang, summary, description string) []byte {
	location := p.Name(lang) + ", " + p.Address(lang)
	if a.Place != "" {
		location = a.Place
	}
	return booking.ICS(booking.Event{
		UID: strings.ReplaceAll(a.Code, "-", "") + "@eidbot", Sequence: a.Sequence, Start: a.Start, End: a.End,
		Summary: summary, Location: location, Description: description, Lat: p.Lat, Lon: p.Lon, Stamp: d.now(),
	})
}

func toBot(p booking.Point) bot.Point {
	return bot.Point{
		ID: p.ID, Kind: string(p.Kind), Names: p.Name, Addresses: p.Address, Areas: p.Area,
		Lat: p.Lat, Lon: p.Lon, HomeVisits: p.HomeVisits, Phone: p.Phone,
	}
}

// newCode draws a booking code from the operating system's randomness.
func newCode() string { return booking.NewCode(rand.Reader) }
