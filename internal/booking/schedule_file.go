package booking

import (
	"fmt"
	"sort"

	"github.com/eidbot/eidbot/flows"
	"gopkg.in/yaml.v3"
)

// week reads hours: {mon: ["07:30-11:30", ...], ...}.
func (p *pointsParser) week(n *yaml.Node, slot int, what string) Week {
	var w Week
	f := p.fields(n, what+": hours", weekdayKeys[:]...)
	for i, key := range weekdayKeys {
		if df, ok := f[key]; ok {
			w[i] = p.ranges(df.val, slot, what+": hours."+key)
		}
	}
	return w
}

// ranges reads a list of "HH:MM-HH:MM". A range need not be a multiple of
// the slot length: the remainder at its end, shorter than a slot, is not
// offered, because an appointment must end by closing time. A range shorter
// than one slot would offer nothing and is reported.
func (p *pointsParser) ranges(n *yaml.Node, slot int, what string) []Range {
	var out []Range
	for _, item := range p.list(n, what) {
		r, err := parseRange(p.str(item, what))
		if err != nil {
			p.add(item, "%s: %v", what, err)
			continue
		}
		if slot > 0 && r.End-r.Start < slot {
			p.add(item, "%s: %s is shorter than one %d-minute slot", what, r, slot)
		}
		out = append(out, r)
	}
	if a, b, ok := overlap(out); ok {
		p.add(n, "%s: %s overlaps %s", what, a, b)
	}
	return out
}

var visitKeys = []string{"date", "place", "address", "lat", "lon", "hours", "seats"}

// visits reads the dated sessions of a team or campaign, sorted by date.
func (p *pointsParser) visits(n *yaml.Node, pt *Point, what string) []Visit {
	var out []Visit
	for _, item := range p.list(n, what+": visits") {
		if v, ok := p.visit(item, pt, what); ok {
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	p.sameDay(out, what)
	return out
}

func (p *pointsParser) visit(n *yaml.Node, pt *Point, what string) (Visit, bool) {
	f := p.fields(n, what+": visit", visitKeys...)
	required := []string{"date", "hours"}
	if pt.Kind == MobileTeam {
		// A team has no place of its own: each visit must say where.
		required = append(required, "place", "address", "lat", "lon")
	}
	if !p.require(n, f, what+": visit", required...) {
		return Visit{}, false
	}
	day, ok := p.date(f["date"].val, what+": visit date")
	vw := fmt.Sprintf("%s: visit %s", what, day)
	v := Visit{Date: day.midnight(), Seats: pt.SeatsPerSlot, line: n.Line,
		Hours: p.ranges(f["hours"].val, pt.SlotMinutes, vw+": hours")}
	if pf, has := f["place"]; has {
		v.Place = p.text(pf.val, vw+": place")
	}
	if af, has := f["address"]; has {
		v.Address = p.text(af.val, vw+": address")
	}
	_, hasLat := f["lat"]
	_, hasLon := f["lon"]
	if hasLat != hasLon {
		p.add(n, "%s: give both lat and lon, or neither", vw)
	} else if hasLat {
		v.Lat, v.Lon = p.coords(n, f, vw)
	}
	if sf, has := f["seats"]; has {
		v.Seats = p.integer(sf.val, vw+": seats", 1, 100)
	}
	return v, ok
}

// sameDay reports visits on one date whose hours overlap: their slots would
// share ids, and a team cannot be in two places at once.
func (p *pointsParser) sameDay(vs []Visit, what string) {
	for i := 1; i < len(vs); i++ {
		for j := 0; j < i; j++ {
			if !vs[i].Date.Equal(vs[j].Date) {
				continue
			}
			all := append(append([]Range(nil), vs[i].Hours...), vs[j].Hours...)
			if a, b, ok := overlap(all); ok {
				p.add(&yaml.Node{Line: vs[i].line}, "%s: visits on %s overlap (%s and %s; the other visit is at line %d)",
					what, civilOf(vs[i].Date), a, b, vs[j].line)
			}
		}
	}
}

// checkVisits reports visits planned inside a day-off period: Slots offers
// nothing then, which is right for an office that is closed but surprising
// to whoever planned the visit.
func checkVisits(dir Directory, cal Calendar, file string) []flows.Problem {
	var probs []flows.Problem
	for _, pt := range dir.points {
		for _, v := range pt.Visits {
			if name, closed := cal.Holiday(v.Date); closed {
				probs = append(probs, flows.Problem{File: file, Line: v.line,
					Msg: fmt.Sprintf("point %q: visit on %s falls in %s; it will offer no slots", pt.ID, civilOf(v.Date), name)})
			}
		}
	}
	return probs
}
