package booking

import "time"

// DayKind says why the calendar table lists a date.
type DayKind int

// Kinds of listed dates.
const (
	// Closed: inside an officially announced day-off period. Weekdays in
	// it are not working days; Saturdays in it get no Saturday-morning
	// reception either.
	Closed DayKind = iota + 1
	// WorkingSaturday: a Saturday worked in exchange for a weekday off.
	WorkingSaturday
	// Unconfirmed: a working day that may yet become a holiday (a day of a
	// provisional year, SOURCES.md §7.4). It stays a working day, but
	// results that count it are flagged as estimates.
	Unconfirmed
)

// Day is one date listed in the calendar table.
type Day struct {
	Date   time.Time // local midnight
	Kind   DayKind
	Name   string // as in the official notice, in Vietnamese
	Source string // notice or page the date comes from
	// Provisional marks a date we estimated (e.g. Tết 2027) rather than
	// read in an announcement.
	Provisional bool
}

// Calendar is the per-year table of closed days and swapped working
// Saturdays (SOURCES.md §7). Its zero value knows no year: every weekday is a
// working day and every date is provisional. A Calendar is read-only after
// loading and safe for concurrent use; copying it is cheap.
type Calendar struct {
	years map[int]bool // year → provisional
	days  map[civil]Day
}

// IsWorkingDay reports whether public offices work on day: Monday to Friday
// minus closed days, plus swapped working Saturdays. An ordinary Saturday is
// not a working day even where commune police receive dossiers in the
// morning: SOURCES.md §6.3 counts only Mon–Fri plus swapped Saturdays.
func (c Calendar) IsWorkingDay(day time.Time) bool { return c.working(civilOf(day)) }

func (c Calendar) working(d civil) bool {
	switch c.days[d].Kind {
	case Closed:
		return false
	case WorkingSaturday:
		return true
	}
	wd := d.weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Holiday returns the name of the day-off period day falls in. Weekends
// outside such a period are not holidays.
func (c Calendar) Holiday(day time.Time) (name string, ok bool) {
	if e := c.days[civilOf(day)]; e.Kind == Closed {
		return e.Name, true
	}
	return "", false
}

// IsWorkingSaturday reports whether day is a Saturday worked by government
// notice in exchange for a weekday off.
func (c Calendar) IsWorkingSaturday(day time.Time) bool {
	return c.days[civilOf(day)].Kind == WorkingSaturday
}

// Lookup returns the table entry for day, if the table lists it.
func (c Calendar) Lookup(day time.Time) (Day, bool) {
	e, ok := c.days[civilOf(day)]
	return e, ok
}

// Provisional reports whether what the calendar says about day may change:
// its year is marked provisional or is not in the table at all (then only
// weekends are known to be closed), or the date itself is listed as
// provisional or unconfirmed.
func (c Calendar) Provisional(day time.Time) bool { return c.provisional(civilOf(day)) }

func (c Calendar) provisional(d civil) bool {
	prov, known := c.years[d.y]
	if !known || prov {
		return true
	}
	e := c.days[d]
	return e.Provisional || e.Kind == Unconfirmed
}

// AddWorkingDays returns the local midnight of the n-th working day after
// the day of from; from's own day is never counted. A negative n counts
// backwards; n == 0 returns from's day.
func (c Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	day, _ := c.add(civilOf(from), n)
	return day.midnight()
}

// add walks n working days from d and reports whether any day it looked at
// (counted or skipped) is provisional. It terminates because the table is
// finite: past its last year every Monday is a working day.
func (c Calendar) add(d civil, n int) (civil, bool) {
	step, prov := civil.next, false
	if n < 0 {
		step, n = civil.prev, -n
	}
	for n > 0 {
		d = step(d)
		prov = prov || c.provisional(d)
		if c.working(d) {
			n--
		}
	}
	return d, prov
}

// ReadyBy implements the "expected ready by" rule of SOURCES.md §6.4: count n
// working days starting the day after the dossier was received (received is
// the appointment time) and return the local midnight of the last one.
// Receipt on a Saturday morning or any other non-working day needs no
// special case: the first day counted is then simply the next working day.
// estimate is true when any day looked at is provisional; callers show the
// date as "no later than" in every case, since the counting convention
// itself is unconfirmed. n below 1 counts as 1, the shortest limit in
// Decree 69 Art. 13.
func (c Calendar) ReadyBy(received time.Time, n int) (day time.Time, estimate bool) {
	if n < 1 {
		n = 1
	}
	d, prov := c.add(civilOf(received), n)
	return d.midnight(), prov
}
