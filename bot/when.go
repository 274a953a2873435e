package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Typed dates and times, as committee members write them when they set up a
// campaign. Vietnamese usage is day first: "28/11", "28/11/2026"; the ISO
// form "2026-11-28" is accepted too. Everything is in Vietnam's zone.

// maxAhead is how far ahead a typed date or send time may be.
const maxAhead = 366 * 24 * time.Hour

var (
	dayFirst = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}))?$`)
	clock    = regexp.MustCompile(`^(\d{1,2})[:hH.](\d{2})$`)
)

// parseDay reads a calendar day. A day written without a year is the next
// such day from today on.
func parseDay(text string, now time.Time) (time.Time, bool) {
	text = strings.TrimSpace(text)
	today := midnight(now)
	if d, err := time.ParseInLocation(time.DateOnly, text, Vietnam); err == nil {
		return d, true
	}
	m := dayFirst.FindStringSubmatch(text)
	if m == nil {
		return time.Time{}, false
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year := today.Year()
	if m[3] != "" {
		year, _ = strconv.Atoi(m[3])
	}
	d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, Vietnam)
	if d.Day() != day || int(d.Month()) != month {
		return time.Time{}, false // 31/02 and the like
	}
	if m[3] == "" && d.Before(today) {
		d = d.AddDate(1, 0, 0)
	}
	return d, true
}

// midnight is the start of t's day in Vietnam.
func midnight(t time.Time) time.Time {
	t = t.In(Vietnam)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Vietnam)
}

// validDate accepts a day from today up to a year ahead, as YYYY-MM-DD.
func validDate(text string, now time.Time) (string, bool) {
	d, ok := parseDay(text, now)
	if !ok || d.Before(midnight(now)) || d.After(now.Add(maxAhead)) {
		return "", false
	}
	return d.Format(time.DateOnly), true
}

// parseClock reads "7:30", "07:30", "7h30" as minutes after midnight.
func parseClock(text string) (int, bool) {
	m := clock.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	if h > 23 || min > 59 {
		return 0, false
	}
	return h*60 + min, true
}

// validHours accepts a range of opening hours such as "7:30-11:30" and
// returns it as "07:30-11:30".
func validHours(text string) (string, bool) {
	from, to, ok := strings.Cut(strings.ReplaceAll(text, "–", "-"), "-")
	if !ok {
		return "", false
	}
	a, ok1 := parseClock(from)
	b, ok2 := parseClock(to)
	if !ok1 || !ok2 || a >= b {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", a/60, a%60, b/60, b%60), true
}

// validDateTime accepts a day and a time ("28/11 8:00") in the future, up
// to a year ahead, and returns it in RFC 3339 with Vietnam's offset.
func validDateTime(text string, now time.Time) (string, bool) {
	fields := strings.Fields(text)
	if len(fields) != 2 {
		return "", false
	}
	d, ok := parseDay(fields[0], now)
	m, ok2 := parseClock(fields[1])
	if !ok || !ok2 {
		return "", false
	}
	at := d.Add(time.Duration(m) * time.Minute)
	if !at.After(now) || at.After(now.Add(maxAhead)) {
		return "", false
	}
	return at.Format(time.RFC3339), true
}
