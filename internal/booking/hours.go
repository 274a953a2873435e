package booking

import (
	"fmt"
	"sort"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Range is an opening period within a day, in minutes after local midnight;
// End is exclusive.
type Range struct {
	Start, End int
}

// String formats the range as in the data files, "07:30-11:30".
func (r Range) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", r.Start/60, r.Start%60, r.End/60, r.End%60)
}

// at returns the instant minute m of local day d.
func at(d civil, m int) time.Time { return time.Date(d.y, d.m, d.d, m/60, m%60, 0, 0, bot.Vietnam) }

// parseRange parses "HH:MM-HH:MM". 24:00 is allowed as an end so a range can
// run to midnight.
func parseRange(s string) (Range, error) {
	if len(s) != len("07:30-11:30") || s[5] != '-' {
		return Range{}, fmt.Errorf("%q is not HH:MM-HH:MM", s)
	}
	start, ok1 := parseClock(s[:5])
	end, ok2 := parseClock(s[6:])
	if !ok1 || !ok2 {
		return Range{}, fmt.Errorf("%q is not HH:MM-HH:MM with times from 00:00 to 24:00", s)
	}
	if start >= end {
		return Range{}, fmt.Errorf("%q ends before it starts", s)
	}
	return Range{start, end}, nil
}

// parseClock parses "HH:MM" strictly: Sscanf would accept "+7:3" and similar.
func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, m := twoDigits(s[:2]), twoDigits(s[3:])
	if h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m > 0) {
		return 0, false
	}
	return h*60 + m, true
}

func twoDigits(s string) int {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return -1
	}
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

// overlap sorts rs and returns the first pair that overlaps, if any.
// Ranges that touch (11:30-13:30, 13:30-17:00) do not overlap.
func overlap(rs []Range) (a, b Range, ok bool) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
	for i := 1; i < len(rs); i++ {
		if rs[i].Start < rs[i-1].End {
			return rs[i-1], rs[i], true
		}
	}
	return Range{}, Range{}, false
}

// Week holds the opening ranges of each weekday, indexed by time.Weekday.
type Week [7][]Range

// strings is the week as bot.Point shows it: each day's ranges as
// "07:30-11:30".
func (w Week) strings() [7][]string {
	var out [7][]string
	for d, rs := range w {
		for _, r := range rs {
			out[d] = append(out[d], r.String())
		}
	}
	return out
}

func (w Week) empty() bool {
	for _, rs := range w {
		if len(rs) > 0 {
			return false
		}
	}
	return true
}

// weekdayKeys are the data-file names of the days, indexed by time.Weekday.
var weekdayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
