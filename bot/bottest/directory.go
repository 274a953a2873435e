package bottest

import (
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Directory is a bot.Directory of two points: "p1", a commune police
// station (Ward A) in area "a" of Areas, with two one-seat slots a day,
// every day; and "t1", a mobile team in area "b" that makes home visits.
// Both serve citizens only.
type Directory struct{}

var _ bot.Directory = Directory{}

func points() []bot.Point {
	return []bot.Point{
		{ID: "p1", Kind: "commune_police", Names: map[string]string{"vi": "Công an phường A", "en": "Ward A Police"},
			Addresses: map[string]string{"vi": "1 Lê Lợi"}, Areas: map[string]string{"vi": "Khu 1"}, Lat: 10.7, Lon: 106.7},
		{ID: "t1", Kind: "mobile_team", Names: map[string]string{"vi": "Tổ lưu động"}, Addresses: map[string]string{"vi": "x"},
			Areas: map[string]string{"vi": "Khu 2"}, HomeVisits: true},
	}
}

// Areas are the communes of the directory's points: "a" (Ward A, with
// point p1, where a campaign needs a second committee member's approval,
// and a target) and "b" (Commune B, with t1).
func Areas() []bot.Area {
	return []bot.Area{
		{ID: "a", Names: map[string]string{"vi": "Phường A", "en": "Ward A"}, Approval: true, Points: []string{"p1"},
			Target: 1000, TargetDate: time.Date(2027, 6, 20, 0, 0, 0, 0, time.UTC)},
		{ID: "b", Names: map[string]string{"vi": "Xã B", "en": "Commune B"}, Points: []string{"t1"}},
	}
}

// Points lists both points to citizens and none to foreigners.
func (Directory) Points(applicant string) []bot.Point {
	if applicant != bot.ApplicantCitizen {
		return nil
	}
	return points()
}

// Point finds p1 or t1.
func (Directory) Point(id string) (bot.Point, bool) {
	for _, p := range points() {
		if p.ID == id {
			return p, true
		}
	}
	return bot.Point{}, false
}

// Nearest always finds p1, 1.25 km away.
func (Directory) Nearest(applicant string, lat, lon float64, n int) []bot.Nearby {
	return []bot.Nearby{{Point: points()[0], KM: 1.25}}
}

// Days are the two days after now's UTC day.
func (Directory) Days(id string, now time.Time, n int) []time.Time {
	d := now.Truncate(24 * time.Hour).Add(24 * time.Hour)
	return []time.Time{d, d.Add(24 * time.Hour)}[:min(n, 2)]
}

// Slots are 08:00 and 09:00 in Vietnam, half an hour, one seat each.
func (Directory) Slots(id string, day, now time.Time) []bot.Slot {
	var out []bot.Slot
	for _, h := range []int{1, 2} {
		start := day.Add(time.Duration(h) * time.Hour)
		out = append(out, bot.Slot{ID: start.Format("20060102-1504"), Start: start, End: start.Add(30 * time.Minute), Seats: 1})
	}
	return out
}

// ReadyBy is two calendar days after the working days.
func (Directory) ReadyBy(at time.Time, days int) (time.Time, bool) {
	return at.AddDate(0, 0, days+2), false
}

// Calendar renders a four-line stand-in for an .ics file.
func (Directory) Calendar(a bot.Appointment, p bot.Point, lang bot.Lang, summary, description string, _ time.Time) []byte {
	return fmt.Appendf(nil, "BEGIN:VCALENDAR\nUID:%s\nSEQUENCE:%d\nSUMMARY:%s\nEND:VCALENDAR\n", a.Code, a.Sequence, summary)
}
