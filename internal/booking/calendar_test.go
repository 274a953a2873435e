package booking

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// day is local midnight in Ho Chi Minh City.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, bot.Vietnam) }

// clock is a local wall-clock time in Ho Chi Minh City.
func clock(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, bot.Vietnam)
}

func TestReadyBy(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name     string
		received time.Time
		n        int
		want     time.Time
		estimate bool
	}{
		// SOURCES.md §6.5 worked examples, counted by hand:
		// Fri 13 Feb = 1; Sat 14 – Sun 22 Feb Tết break; Mon 23 = 2; Tue 24 = 3.
		{"citizen L2 before Tết", clock(2026, 2, 12, 9, 0), 3, day(2026, 2, 24), false},
		// Sat 25, Sun 26 weekend; Mon 27 Hùng Kings (comp.); Tue 28 = 1;
		// Wed 29 = 2; Thu 30 Apr, Fri 1 May closed; Sat 2, Sun 3; Mon 4 = 3.
		{"foreigner before Hùng Kings and 30/4", clock(2026, 4, 24, 14, 0), 3, day(2026, 5, 4), false},
		// Sat 29, Sun 30; Mon 31 Aug, Tue 1, Wed 2 Sep closed; Thu 3 = 1,
		// Fri 4 = 2, Mon 7 = 3, Tue 8 = 4, Wed 9 = 5, Thu 10 = 6, Fri 11 = 7.
		{"N=7 across National Day", clock(2026, 8, 28, 8, 0), 7, day(2026, 9, 11), false},
		// Fri 9 = 1; Sat 10 Jan is a swapped working day = 2; Sun 11; Mon 12 = 3.
		{"swapped Saturday counts", clock(2026, 1, 8, 10, 0), 3, day(2026, 1, 12), false},

		// 24 Nov is a closed day (Vietnamese Culture Day, Resolution
		// 28/2026/QH16, SOURCES.md §7.2). Saturday-morning reception:
		// counting starts on the next working day, Mon 23 = 1; Tue 24
		// closed; Wed 25 = 2; Thu 26 = 3. Same as a Friday receipt: the
		// worked example "received Fri 20 Nov 2026, 3 working days → Thu
		// 26 Nov" (SOURCES.md §6.5).
		{"Saturday morning 21 Nov", clock(2026, 11, 21, 8, 30), 3, day(2026, 11, 26), false},
		{"Friday 20 Nov, same result", clock(2026, 11, 20, 15, 0), 3, day(2026, 11, 26), false},
		// Mon 23 = 1, Wed 25 = 2, Thu 26 = 3, Fri 27 = 4, Mon 30 = 5,
		// Tue 1 Dec = 6, Wed 2 Dec = 7.
		{"Saturday morning 21 Nov, N=7", clock(2026, 11, 21, 8, 30), 7, day(2026, 12, 2), false},
		// Received on the holiday itself (a mobile team, say): Wed 25 = 1,
		// Thu 26 = 2, Fri 27 = 3.
		{"received on 24 Nov 2026", clock(2026, 11, 24, 9, 0), 3, day(2026, 11, 27), false},
		// 24 Nov 2027 is a Wednesday and closed too; 2027 is provisional,
		// so the result is an estimate. Tue 23 = 1, Thu 25 = 2, Fri 26 = 3.
		{"over 24 Nov 2027", clock(2027, 11, 22, 9, 0), 3, day(2027, 11, 26), true},
		// Saturday reception two weeks earlier does not touch 24 Nov:
		// Mon 9 = 1, Tue 10 = 2, Wed 11 = 3.
		{"Saturday morning 7 Nov", clock(2026, 11, 7, 9, 0), 3, day(2026, 11, 11), false},
		// Receipt on the swapped Saturday itself: a working day, so the
		// next day counts. Sun 11; Mon 12 = 1, Tue 13 = 2, Wed 14 = 3.
		{"received on swapped Saturday", clock(2026, 1, 10, 9, 0), 3, day(2026, 1, 14), false},
		// Receipt on a closed day (a mobile team, say): Thu 3 Sep = 1,
		// Fri 4 = 2, Mon 7 = 3.
		{"received on a holiday", clock(2026, 9, 2, 9, 0), 3, day(2026, 9, 7), false},
		{"L1, one day", clock(2026, 11, 25, 9, 0), 1, day(2026, 11, 26), false},
		{"n below 1 counts as 1", clock(2026, 11, 25, 9, 0), 0, day(2026, 11, 26), false},
		// Into provisional 2027: Thu 31 Dec = 1; Fri 1 Jan closed; Mon 4
		// Jan = 2; Tue 5 = 3.
		{"crossing into 2027", clock(2026, 12, 30, 9, 0), 3, day(2027, 1, 5), true},
		// Tết 2027 break Thu 4 – Wed 10 Feb (approved, reported; the year
		// is still provisional): Wed 3 Feb = 1,
		// Thu 11 = 2, Fri 12 = 3.
		{"Tết 2027", clock(2027, 2, 2, 9, 0), 3, day(2027, 2, 12), true},
		// 2030 is not in the table: weekends only, always an estimate.
		{"year not in the table", clock(2030, 3, 1, 9, 0), 3, day(2030, 3, 6), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, est := cal.ReadyBy(tt.received, tt.n)
			if !got.Equal(tt.want) || est != tt.estimate {
				t.Errorf("ReadyBy(%s, %d) = %s, estimate %v; want %s, estimate %v",
					tt.received.Format(time.RFC3339), tt.n, got.Format("Mon 2006-01-02"), est,
					tt.want.Format("Mon 2006-01-02"), tt.estimate)
			}
		})
	}
}

func TestReadyByTakesAnyZone(t *testing.T) {
	cal := DefaultCalendar()
	// 20:00 UTC on Wed 11 Feb is 03:00 on Thu 12 Feb in Vietnam.
	got, _ := cal.ReadyBy(time.Date(2026, 2, 11, 20, 0, 0, 0, time.UTC), 3)
	if want := day(2026, 2, 24); !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
	if got.Location() != bot.Vietnam {
		t.Errorf("result in %s, want Asia/Ho_Chi_Minh", got.Location())
	}
}

// official2026 are the closed weekdays of SOURCES.md §7.3, 24 Nov included
// (§7.2).
var official2026 = []time.Time{
	day(2026, 1, 1), day(2026, 1, 2),
	day(2026, 2, 16), day(2026, 2, 17), day(2026, 2, 18), day(2026, 2, 19), day(2026, 2, 20),
	day(2026, 4, 27), day(2026, 4, 30), day(2026, 5, 1),
	day(2026, 8, 31), day(2026, 9, 1), day(2026, 9, 2),
	day(2026, 11, 24),
}

func TestHolidays2026AreClosed(t *testing.T) {
	cal := DefaultCalendar()
	for _, d := range official2026 {
		name, ok := cal.Holiday(d)
		if cal.IsWorkingDay(d) || !ok || name == "" {
			t.Errorf("%s: working %v, holiday %q %v; want closed", d.Format("Mon 2006-01-02"), cal.IsWorkingDay(d), name, ok)
		}
		if cal.Provisional(d) {
			t.Errorf("%s: provisional, want announced", d.Format(time.DateOnly))
		}
	}
	// No other weekday of 2026 is closed: "14 closed weekdays" (§7.3).
	closed := 0
	for d := day(2026, 1, 1); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !cal.IsWorkingDay(d) {
			closed++
		}
	}
	if closed != len(official2026) {
		t.Errorf("%d closed weekdays in 2026, want %d", closed, len(official2026))
	}
}

func TestSaturdays(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		d                time.Time
		working, swapped bool
		holiday          bool
	}{
		{day(2026, 1, 10), true, true, false},
		{day(2026, 8, 22), true, true, false},
		{day(2026, 11, 21), false, false, false}, // ordinary Saturday
		{day(2026, 2, 14), false, false, true},   // first day of the Tết break
		{day(2026, 5, 2), false, false, true},    // inside the 30/4–1/5 break
		{day(2026, 11, 22), false, false, false}, // Sunday
	}
	for _, tt := range tests {
		_, hol := cal.Holiday(tt.d)
		if cal.IsWorkingDay(tt.d) != tt.working || cal.IsWorkingSaturday(tt.d) != tt.swapped || hol != tt.holiday {
			t.Errorf("%s: working %v swapped %v holiday %v; want %v %v %v", tt.d.Format("Mon 2006-01-02"),
				cal.IsWorkingDay(tt.d), cal.IsWorkingSaturday(tt.d), hol, tt.working, tt.swapped, tt.holiday)
		}
	}
}

// TestCultureDayIsClosed: 24 November is a paid public holiday from 2026
// (Resolution 28/2026/QH16, SOURCES.md §7.2): a closed day in 2026 and 2027.
func TestCultureDayIsClosed(t *testing.T) {
	cal := DefaultCalendar()
	for _, tt := range []struct {
		d           time.Time
		provisional bool // 2027 as a whole is not confirmed yet (§7.4)
	}{
		{day(2026, 11, 24), false},
		{day(2027, 11, 24), true},
	} {
		d := tt.d.Format("Mon 2006-01-02")
		if cal.IsWorkingDay(tt.d) {
			t.Errorf("%s is a working day; it is Vietnamese Culture Day", d)
		}
		if name, ok := cal.Holiday(tt.d); !ok || name != "Ngày Văn hóa Việt Nam" {
			t.Errorf("%s: Holiday = %q, %v", d, name, ok)
		}
		if e, ok := cal.Lookup(tt.d); !ok || e.Kind != Closed || e.Provisional {
			t.Errorf("%s: Lookup = %+v, %v; want an announced closed day", d, e, ok)
		}
		if got := cal.Provisional(tt.d); got != tt.provisional {
			t.Errorf("%s: Provisional = %v, want %v", d, got, tt.provisional)
		}
	}
	// The days around it are ordinary working days.
	for _, d := range []time.Time{day(2026, 11, 23), day(2026, 11, 25), day(2027, 11, 23), day(2027, 11, 25)} {
		if !cal.IsWorkingDay(d) {
			t.Errorf("%s is closed", d.Format("Mon 2006-01-02"))
		}
	}
}

func TestProvisional(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		d    time.Time
		want bool
	}{
		{day(2026, 6, 15), false},
		{day(2026, 11, 24), false}, // Culture Day: announced, closed
		{day(2027, 1, 1), true},    // provisional year
		{day(2027, 6, 15), true},
		{day(2025, 12, 31), true}, // not in the table
		{day(2031, 1, 1), true},
	}
	for _, tt := range tests {
		if got := cal.Provisional(tt.d); got != tt.want {
			t.Errorf("Provisional(%s) = %v, want %v", tt.d.Format(time.DateOnly), got, tt.want)
		}
	}
	// Tết 2027 was approved on 2 Oct 2026 (reported, SOURCES.md §7.4): an
	// announced closed day, in a year still provisional as a whole.
	if e, ok := cal.Lookup(day(2027, 2, 8)); !ok || e.Provisional || e.Kind != Closed || !cal.Provisional(e.Date) {
		t.Errorf("Tết 2027 = %+v, %v; want an announced closed day in a provisional year", e, ok)
	}
	// Hùng Kings 2027 is our computed lunar date (§7.5 [C]).
	if e, ok := cal.Lookup(day(2027, 4, 16)); !ok || !e.Provisional || e.Kind != Closed {
		t.Errorf("Hùng Kings 2027 estimate = %+v, %v; want a provisional closed day", e, ok)
	}
}

func TestZeroCalendar(t *testing.T) {
	var cal Calendar
	if !cal.IsWorkingDay(day(2026, 2, 17)) || cal.IsWorkingDay(day(2026, 1, 10)) {
		t.Error("zero calendar should count Mon–Fri only")
	}
	if !cal.Provisional(day(2026, 2, 17)) {
		t.Error("zero calendar should be provisional everywhere")
	}
	if got, est := cal.ReadyBy(clock(2026, 2, 12, 9, 0), 3); !got.Equal(day(2026, 2, 17)) || !est {
		t.Errorf("zero calendar ReadyBy = %s, %v", got, est)
	}
}

func TestAddWorkingDays(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{clock(2026, 2, 12, 9, 0), 0, day(2026, 2, 12)},
		{clock(2026, 2, 12, 9, 0), 2, day(2026, 2, 23)},
		{clock(2026, 2, 23, 9, 0), -1, day(2026, 2, 13)}, // back over Tết
		{clock(2026, 1, 12, 9, 0), -1, day(2026, 1, 10)}, // back to the swapped Saturday
		{clock(2026, 11, 21, 9, 0), 1, day(2026, 11, 23)},
	}
	for _, tt := range tests {
		if got := cal.AddWorkingDays(tt.from, tt.n); !got.Equal(tt.want) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from.Format(time.DateOnly), tt.n,
				got.Format("Mon 2006-01-02"), tt.want.Format("Mon 2006-01-02"))
		}
	}
}
