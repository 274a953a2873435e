// Package booking is the domain logic behind appointments: the working-day
// calendar that decides when offices are open and when a result is due
// (SOURCES.md §7), the directory of reception points and who may apply where
// (§2–§3, §6), the bookable slots of a point on a day, booking codes, and
// calendar (.ics) files for confirmed appointments.
//
// The package is pure: it keeps no state, does no I/O beyond reading the data
// files it is given, and takes the current time as an argument. Storage of
// bookings (capacity, one booking per person) belongs to the store that
// cmd/eidbot wires in; this package only says what can be offered.
//
// All civil dates and wall-clock times are in Asia/Ho_Chi_Minh. A "day"
// argument may be any instant within that local day.
package booking

import (
	"embed"
	"io/fs"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Paths of the default data files inside Data().
const (
	CalendarFile = "data/calendar.yaml"
	PointsFile   = "data/points.yaml"
)

//go:embed data/*.yaml
var data embed.FS

// Data returns the data files compiled into the binary, at CalendarFile,
// PointsFile and AreasFile.
func Data() fs.FS { return data }

// civil is a calendar date without a time, used as a map key.
type civil struct {
	y int
	m time.Month
	d int
}

// civilOf returns the local date of t in Ho Chi Minh City.
func civilOf(t time.Time) civil {
	y, m, d := t.In(bot.Vietnam).Date()
	return civil{y, m, d}
}

// midnight is the start of the local day.
func (c civil) midnight() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, bot.Vietnam) }

// next is the following calendar day; time.Date normalises the overflow.
func (c civil) next() civil { return civilOf(time.Date(c.y, c.m, c.d+1, 12, 0, 0, 0, bot.Vietnam)) }

// prev is the preceding calendar day.
func (c civil) prev() civil { return civilOf(time.Date(c.y, c.m, c.d-1, 12, 0, 0, 0, bot.Vietnam)) }

func (c civil) weekday() time.Weekday { return c.midnight().Weekday() }

func (c civil) String() string { return c.midnight().Format(time.DateOnly) }
