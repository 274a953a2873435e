package appointment

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// maxNearby is how many points the nearest-first list shows.
const maxNearby = 6

// bookingDays is how many days with slots the day picker looks at.
const bookingDays = 14

// pickAreas offers the areas of the points that serve the applicant.
func (f *Feature) pickAreas(t bot.Turn) ([]bot.Option, bool) {
	seen := map[string]bool{}
	var opts []bot.Option
	for _, p := range f.cfg.Directory.Points(t.Answer("applicant")) {
		id := areaID(p.Area(bot.Vietnamese))
		if !seen[id] {
			seen[id] = true
			opts = append(opts, bot.Option{ID: id, Label: p.Area(t.Lang())})
		}
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Label < opts[j].Label })
	return opts, true
}

// areaID is a short stable id for an area name, for callback data.
func areaID(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("a%08x", h.Sum32())
}

// pickPoints offers the points nearest to a shared location, or those of
// the chosen area, or all that serve the applicant.
func (f *Feature) pickPoints(t bot.Turn) ([]bot.Option, bool) {
	return f.offerPoints(t, func(bot.Point) bool { return true }), true
}

// pickSIMPoints offers, as pickPoints does, only the points that register
// SIMs on the spot: for a person without a number of their own.
func (f *Feature) pickSIMPoints(t bot.Turn) ([]bot.Option, bool) {
	return f.offerPoints(t, func(p bot.Point) bool { return p.SIMRegistration }), true
}

// offerPoints lists the points that serve the applicant and pass keep:
// the nearest to a shared location, or those of the chosen area, or all.
func (f *Feature) offerPoints(t bot.Turn, keep func(bot.Point) bool) []bot.Option {
	applicant := t.Answer("applicant")
	var opts []bot.Option
	if lat, lon, ok := parseLatLon(t.Answer("location")); ok {
		for _, n := range f.cfg.Directory.Nearest(applicant, lat, lon, len(f.cfg.Directory.Points(applicant))) {
			if keep(n.Point) && len(opts) < maxNearby {
				label := t.Text("pick.distance", map[string]any{"Point": n.Point.Name(t.Lang()), "KM": fmt.Sprintf("%.1f", n.KM)})
				opts = append(opts, bot.Option{ID: n.Point.ID, Label: label})
			}
		}
		return opts
	}
	area := t.Answer("area")
	for _, p := range f.cfg.Directory.Points(applicant) {
		if keep(p) && (area == "" || areaID(p.Area(bot.Vietnamese)) == area) {
			opts = append(opts, bot.Option{ID: p.ID, Label: p.Name(t.Lang())})
		}
	}
	return opts
}

// located sorts the reception points by distance from a shared location.
func located(t bot.Turn, l bot.Location) {
	t.SetAnswer("location", fmt.Sprintf("%.5f,%.5f", l.Lat, l.Lon))
	t.SetAnswer("area", "")
}

// pickVisitPoints offers the points whose staff make home visits.
func (f *Feature) pickVisitPoints(t bot.Turn) ([]bot.Option, bool) {
	return f.visitPoints(t, false), true
}

// pickSIMVisitPoints offers the teams that make home visits and register
// a SIM on the visit.
func (f *Feature) pickSIMVisitPoints(t bot.Turn) ([]bot.Option, bool) {
	return f.visitPoints(t, true), true
}

// visitPoints lists the points that make home visits for the applicant,
// only those that register SIMs when sim.
func (f *Feature) visitPoints(t bot.Turn, sim bool) []bot.Option {
	var opts []bot.Option
	for _, p := range f.cfg.Directory.Points(t.Answer("applicant")) {
		if p.HomeVisits && (p.SIMRegistration || !sim) {
			opts = append(opts, bot.Option{ID: p.ID, Label: p.Name(t.Lang())})
		}
	}
	return opts
}

// pickDays offers the next days with a free seat at the chosen point.
func (f *Feature) pickDays(t bot.Turn) ([]bot.Option, bool) {
	point := t.Answer("point")
	var slots []bot.Slot
	for _, day := range f.cfg.Directory.Days(point, t.Now(), bookingDays) {
		slots = append(slots, f.cfg.Directory.Slots(point, day, t.Now())...)
	}
	free, ok := f.freeSeats(t, point, slots)
	if !ok {
		return nil, false
	}
	var opts []bot.Option
	for _, s := range slots {
		day := s.Start.In(bot.Vietnam).Format("20060102")
		if free[s.ID] > 0 && (len(opts) == 0 || opts[len(opts)-1].ID != day) {
			opts = append(opts, bot.Option{ID: day, Label: t.Day(s.Start)})
		}
	}
	return opts, true
}

// pickTimes offers the times with a free seat on the chosen day.
func (f *Feature) pickTimes(t bot.Turn) ([]bot.Option, bool) {
	point := t.Answer("point")
	day, err := time.ParseInLocation("20060102", t.Answer("day"), bot.Vietnam)
	if err != nil {
		return nil, true
	}
	slots := f.cfg.Directory.Slots(point, day, t.Now())
	free, ok := f.freeSeats(t, point, slots)
	if !ok {
		return nil, false
	}
	var opts []bot.Option
	for _, s := range slots {
		if n := free[s.ID]; n > 0 {
			opts = append(opts, bot.Option{ID: s.ID, Label: t.Text("pick.slot", map[string]any{"Time": t.Clock(s.Start), "Count": n})})
		}
	}
	return opts, true
}

// freeSeats asks for the seats taken in slots and returns the seats left.
func (f *Feature) freeSeats(t bot.Turn, point string, slots []bot.Slot) (map[string]int, bool) {
	ids := make([]string, len(slots))
	for i, s := range slots {
		ids[i] = s.ID
	}
	if len(ids) == 0 {
		return map[string]int{}, true
	}
	taken, ok := bot.Ask(t, f.taken, takenQ{point: point, slots: ids})
	if !ok {
		return nil, false
	}
	free := make(map[string]int, len(slots))
	for i, s := range slots {
		if i < len(taken) {
			free[s.ID] = s.Seats - taken[i]
		}
	}
	return free, true
}

func parseLatLon(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	return lat, lon, err1 == nil && err2 == nil
}
