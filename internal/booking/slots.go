package booking

import (
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Slot is one bookable appointment time at a point. Seats is the capacity
// the point offers; how many are taken is the booking store's business.
type Slot struct {
	PointID    string
	ID         string // SlotID(Start), unique within the point
	Start, End time.Time
	Seats      int
}

// openDaysHorizon bounds OpenDays' search: a team with two visits must not
// make it scan the calendar forever.
const openDaysHorizon = 366

// Slots returns the slots of p on day, in time order. A day inside an
// official day-off period has none. A swapped working Saturday opens with
// the point's Monday hours: it is worked as a full weekday in exchange for
// one, and Monday is the canonical full weekday (which weekday was traded
// away does not matter to the public). An ordinary Saturday opens with the
// point's Saturday hours, typically commune police's Saturday mornings. On a
// day with visits, a team or campaign opens only for those visits.
//
// Slots that start at or before now are not offered, so a user cannot book
// one that has already begun; a zero now offers the whole day (staff views).
func Slots(p Point, day time.Time, cal Calendar, now time.Time) []Slot {
	var out []Slot
	eachSlot(p, civilOf(day), cal, now, func(s Slot) bool {
		out = append(out, s)
		return true
	})
	return out
}

// SlotAt returns the slot of p that starts at start, if Slots would offer
// it. Use it to check a slot chosen through callback data, which the client
// controls, before booking it.
func SlotAt(p Point, start time.Time, cal Calendar, now time.Time) (Slot, bool) {
	var found Slot
	ok := false
	eachSlot(p, civilOf(start), cal, now, func(s Slot) bool {
		if s.Start.Equal(start) {
			found, ok = s, true
			return false
		}
		return true
	})
	return found, ok
}

// OpenDays returns the local midnights of the next n days, from the day of
// from on, on which p offers any slot after from. It looks at most a year
// ahead, so it may return fewer than n days (a team with few visits).
func OpenDays(p Point, from time.Time, n int, cal Calendar) []time.Time {
	var out []time.Time
	d := civilOf(from)
	for i := 0; i < openDaysHorizon && len(out) < n; i++ {
		open := false
		eachSlot(p, d, cal, from, func(Slot) bool {
			open = true
			return false
		})
		if open {
			out = append(out, d.midnight())
		}
		d = d.next()
	}
	return out
}

// eachSlot calls fn with each slot of p on d until fn returns false.
func eachSlot(p Point, d civil, cal Calendar, now time.Time, fn func(Slot) bool) {
	if cal.days[d].Kind == Closed || p.SlotMinutes <= 0 {
		return
	}
	visited := false
	for _, v := range p.Visits {
		if civilOf(v.Date) == d {
			visited = true
			if !eachInRanges(p, d, v.Hours, v.Seats, now, fn) {
				return
			}
		}
	}
	if visited {
		return
	}
	hours := p.Hours[d.weekday()]
	if cal.days[d].Kind == WorkingSaturday {
		hours = p.Hours[time.Monday]
	}
	eachInRanges(p, d, hours, p.SeatsPerSlot, now, fn)
}

// eachInRanges cuts ranges into slots. A remainder shorter than a slot at
// the end of a range is dropped: appointments end by closing time.
func eachInRanges(p Point, d civil, rs []Range, seats int, now time.Time, fn func(Slot) bool) bool {
	for _, r := range rs {
		for m := r.Start; m+p.SlotMinutes <= r.End; m += p.SlotMinutes {
			start := at(d, m)
			if !now.IsZero() && !now.Before(start) {
				continue
			}
			s := Slot{PointID: p.ID, ID: SlotID(start), Start: start, End: at(d, m+p.SlotMinutes), Seats: seats}
			if !fn(s) {
				return false
			}
		}
	}
	return true
}

// slotIDLayout is compact and sorts in time order: "20261124-0730".
const slotIDLayout = "20060102-1504"

// SlotID encodes a slot's local start time, e.g. "20261124-0730". It is
// stable across restarts and data reloads, unlike an index.
func SlotID(start time.Time) string { return start.In(bot.Vietnam).Format(slotIDLayout) }

// ParseSlotID decodes a SlotID back to the local start time. It accepts only
// the exact form SlotID produces.
func ParseSlotID(id string) (time.Time, error) {
	t, err := time.ParseInLocation(slotIDLayout, id, bot.Vietnam)
	if err != nil || SlotID(t) != id {
		return time.Time{}, fmt.Errorf("booking: %q is not a slot id (YYYYMMDD-HHMM)", id)
	}
	return t, nil
}

// SlotKey names a slot of a point in one token, "<point id>-<slot id>",
// e.g. "phuong_ben_thanh-20261124-0730". It uses only A-Za-z0-9_- so it fits
// deep-link parameters as well as callback data, and is at most 54 bytes.
func SlotKey(pointID string, start time.Time) string { return pointID + "-" + SlotID(start) }

// ParseSlotKey splits a SlotKey into the point id and the start time.
func ParseSlotKey(key string) (pointID string, start time.Time, err error) {
	const tail = len("-20261124-0730")
	if len(key) <= tail || key[len(key)-tail] != '-' {
		return "", time.Time{}, fmt.Errorf("booking: %q is not a slot key", key)
	}
	pointID = key[:len(key)-tail]
	if len(pointID) > MaxIDLen || !idPattern.MatchString(pointID) {
		return "", time.Time{}, fmt.Errorf("booking: %q has no valid point id", key)
	}
	if start, err = ParseSlotID(key[len(key)-tail+1:]); err != nil {
		return "", time.Time{}, err
	}
	return pointID, start, nil
}
