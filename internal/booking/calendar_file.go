package booking

import (
	"fmt"
	"io/fs"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// maxBreak bounds a day-off period. The longest announced break (Tết 2026)
// is 9 days; a longer range is almost certainly a typo such as a wrong month.
const maxBreak = 16

// LoadCalendar reads and validates a calendar file (see data/calendar.yaml
// for the format). On any problem it returns a Problems error listing them
// all with file and line, and a Calendar that must not be used.
func LoadCalendar(fsys fs.FS, path string) (Calendar, error) {
	d := &decoder{file: path}
	b, ok := d.readFile(fsys, path)
	if !ok {
		return Calendar{}, d.result()
	}
	cal := parseCalendar(d, b)
	return cal, d.result()
}

// LoadCalendarFile is LoadCalendar for an operating-system file name, such
// as a deployment's own calendar given on the command line.
func LoadCalendarFile(name string) (Calendar, error) { return LoadCalendar(osFS{}, name) }

// DefaultCalendar returns the embedded calendar. The embedded file is
// checked by the tests, so a failure here is a build defect and panics.
func DefaultCalendar() Calendar {
	cal, err := LoadCalendar(Data(), CalendarFile)
	if err != nil {
		panic("booking: embedded calendar is broken:\n" + err.Error())
	}
	return cal
}

// calendarParser remembers where each date was listed, to point at the
// first listing when a date is listed twice.
type calendarParser struct {
	*decoder
	cal   Calendar
	lines map[civil]int
}

func parseCalendar(d *decoder, b []byte) Calendar {
	p := &calendarParser{decoder: d, lines: map[civil]int{},
		cal: Calendar{years: map[int]bool{}, days: map[civil]Day{}}}
	root := d.root(b)
	if root == nil {
		return p.cal
	}
	top := d.fields(root, "calendar", "years")
	years, ok := top["years"]
	if !ok {
		d.add(root, "calendar: missing years")
		return p.cal
	}
	if years.val.Kind != yaml.MappingNode {
		d.add(years.val, "years: expected a mapping of year to its days")
		return p.cal
	}
	for i := 0; i+1 < len(years.val.Content); i += 2 {
		p.year(years.val.Content[i], resolve(years.val.Content[i+1]))
	}
	return p.cal
}

func (p *calendarParser) year(k, v *yaml.Node) {
	y, err := strconv.Atoi(k.Value)
	if err != nil || y < 2000 || y > 2100 {
		p.add(k, "years: %q is not a year", k.Value)
		return
	}
	if _, dup := p.cal.years[y]; dup {
		p.add(k, "year %d listed twice", y)
		return
	}
	what := fmt.Sprintf("year %d", y)
	f := p.fields(v, what, "provisional", "closed", "working_saturdays", "unconfirmed")
	prov := false
	if pf, ok := f["provisional"]; ok {
		prov = p.boolean(pf.val, what+": provisional")
	}
	p.cal.years[y] = prov
	for _, section := range []struct {
		key  string
		kind DayKind
	}{{"closed", Closed}, {"working_saturdays", WorkingSaturday}, {"unconfirmed", Unconfirmed}} {
		if sf, ok := f[section.key]; ok {
			for _, n := range p.list(sf.val, what+": "+section.key) {
				p.entry(n, y, prov, section.kind)
			}
		}
	}
}

// entry reads one listed date or, for closed days, a from–to period.
func (p *calendarParser) entry(n *yaml.Node, year int, yearProv bool, kind DayKind) {
	keys := []string{"date", "name", "source", "provisional"}
	if kind == Closed {
		keys = append(keys, "from", "to")
	}
	f := p.fields(n, "entry", keys...)
	if !p.require(n, f, "entry", "name", "source") {
		return
	}
	e := Day{Kind: kind, Name: p.str(f["name"].val, "name"), Source: p.str(f["source"].val, "source")}
	if pf, ok := f["provisional"]; ok {
		e.Provisional = p.boolean(pf.val, "provisional")
		if e.Provisional && !yearProv {
			p.add(pf.key, "a provisional date needs its year marked provisional: true, so results counting that year are flagged as estimates")
		}
	}
	from, to, ok := p.span(n, f)
	if !ok {
		return
	}
	if from.y != year || to.y != year {
		p.add(n, "%s is not in %d: split a break that crosses the new year into one entry per year", from, year)
		return
	}
	for d := from; ; d = d.next() {
		p.put(n, d, e)
		if d == to {
			break
		}
	}
}

// span reads either date or from/to, and checks the period is sane.
func (p *calendarParser) span(n *yaml.Node, f map[string]field) (from, to civil, ok bool) {
	df, hasDate := f["date"]
	ff, hasFrom := f["from"]
	tf, hasTo := f["to"]
	switch {
	case hasDate && !hasFrom && !hasTo:
		from, ok = p.date(df.val, "date")
		return from, from, ok
	case !hasDate && hasFrom && hasTo:
		var ok2 bool
		from, ok = p.date(ff.val, "from")
		to, ok2 = p.date(tf.val, "to")
		if !ok || !ok2 {
			return from, to, false
		}
		days := int(to.midnight().Sub(from.midnight()).Hours()/24) + 1
		if days < 1 || days > maxBreak {
			p.add(tf.val, "from %s to %s is %d days; a break runs forward and lasts at most %d", from, to, days, maxBreak)
			return from, to, false
		}
		return from, to, true
	}
	p.add(n, "entry: give either date, or from and to")
	return from, to, false
}

// put records one date, rejecting a second listing and a working Saturday
// that is not a Saturday.
func (p *calendarParser) put(n *yaml.Node, d civil, e Day) {
	if line, dup := p.lines[d]; dup {
		p.add(n, "%s is already listed at line %d", d, line)
		return
	}
	if e.Kind == WorkingSaturday && d.weekday() != time.Saturday {
		p.add(n, "%s is a %s: working_saturdays lists Saturdays only", d, d.weekday())
		return
	}
	if e.Kind == Unconfirmed && (d.weekday() == time.Saturday || d.weekday() == time.Sunday) {
		p.add(n, "%s is a %s: only a weekday can be an unconfirmed holiday", d, d.weekday())
		return
	}
	p.lines[d] = n.Line
	e.Date = d.midnight()
	p.cal.days[d] = e
}
