package booking

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func mustPoint(t testing.TB, id string) Point {
	t.Helper()
	p, ok := DefaultPoints().Get(id)
	if !ok {
		t.Fatalf("no point %q", id)
	}
	return p
}

// summary renders slots compactly: count, first and last "HH:MM-HH:MM", seats.
func summary(ss []Slot) string {
	if len(ss) == 0 {
		return "none"
	}
	f, l := ss[0], ss[len(ss)-1]
	return strings.Join([]string{
		strconv.Itoa(len(ss)),
		f.Start.Format("15:04") + "-" + f.End.Format("15:04"),
		l.Start.Format("15:04") + "-" + l.End.Format("15:04"),
		"seats " + strconv.Itoa(f.Seats),
	}, " ")
}

func TestSlots(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name  string
		point string
		day   time.Time
		want  string
	}{
		// 07:30-11:30 in 20-minute slots = 12; 13:30-17:00 = 10 and a
		// 10-minute remainder that is not offered (last slot 16:30-16:50).
		{"ward on a weekday", "phuong_ben_thanh", day(2026, 11, 25), "22 07:30-07:50 16:30-16:50 seats 2"},
		{"ward on an ordinary Saturday", "phuong_ben_thanh", day(2026, 11, 21), "12 07:30-07:50 11:10-11:30 seats 2"},
		{"ward without Saturday hours", "phuong_xuan_hoa", day(2026, 11, 21), "none"},
		{"immigration on Saturday", "pa08_hcmc", day(2026, 11, 21), "none"},
		{"Sunday", "phuong_ben_thanh", day(2026, 11, 22), "none"},
		// Swapped working Saturdays open with Monday's hours.
		{"ward on swapped Saturday", "phuong_xuan_hoa", day(2026, 1, 10), "22 07:30-07:50 16:30-16:50 seats 3"},
		{"immigration on swapped Saturday", "pa08_hcmc", day(2026, 8, 22), "28 07:30-07:45 16:15-16:30 seats 4"},
		{"holiday", "phuong_ben_thanh", day(2026, 2, 17), "none"},
		{"immigration on a holiday", "pa08_hcmc", day(2026, 9, 1), "none"},
		{"Saturday inside the Tết break", "phuong_ben_thanh", day(2026, 2, 14), "none"},
		{"Saturday inside the 30/4 break", "phuong_sai_gon", day(2026, 5, 2), "none"},
		{"Culture Day 2026 is closed", "pa08_hcmc", day(2026, 11, 24), "none"},
		{"Culture Day 2026, ward with Saturday hours", "phuong_ben_thanh", day(2026, 11, 24), "none"},
		{"Culture Day 2027 is closed", "phuong_sai_gon", day(2027, 11, 24), "none"},
		{"other PA08 address on a weekday", "pa08_hcmc_ba_ria", day(2026, 11, 25), "28 07:30-07:45 16:15-16:30 seats 2"},
		{"team on a visit day", "mobile_thanh_an", day(2026, 12, 12), "12 07:30-07:50 11:10-11:30 seats 2"},
		{"team visit with its own seats", "mobile_thanh_an", day(2026, 12, 19), "21 07:30-07:50 16:10-16:30 seats 3"},
		{"team on another day", "mobile_thanh_an", day(2026, 12, 14), "none"},
		{"elderly team, 30-minute slots", "mobile_tan_dinh_elderly", day(2026, 12, 16), "6 08:00-08:30 10:30-11:00 seats 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := Slots(mustPoint(t, tt.point), tt.day, cal, time.Time{})
			if got := summary(ss); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			for i, s := range ss {
				if s.PointID != tt.point || s.ID != SlotID(s.Start) || (i > 0 && !ss[i-1].Start.Before(s.Start)) {
					t.Fatalf("slot %d malformed or out of order: %+v", i, s)
				}
			}
		})
	}
}

func TestSlotsNow(t *testing.T) {
	cal := DefaultCalendar()
	p := mustPoint(t, "phuong_ben_thanh")
	tests := []struct {
		now   time.Time
		first string
		n     int
	}{
		{clock(2026, 11, 25, 6, 0), "07:30", 22},
		{clock(2026, 11, 25, 7, 30), "07:50", 21}, // starting now = started
		{clock(2026, 11, 25, 9, 5), "09:10", 17},
		{clock(2026, 11, 25, 11, 45), "13:30", 10},                   // lunch break
		{clock(2026, 11, 24, 18, 0), "07:30", 22},                    // the evening before
		{time.Date(2026, 11, 25, 2, 5, 0, 0, time.UTC), "09:10", 17}, // 09:05 local
	}
	for _, tt := range tests {
		ss := Slots(p, day(2026, 11, 25), cal, tt.now)
		if len(ss) != tt.n || ss[0].Start.Format("15:04") != tt.first {
			t.Errorf("now %s: %d slots from %s, want %d from %s", tt.now, len(ss), ss[0].Start.Format("15:04"), tt.n, tt.first)
		}
	}
	if ss := Slots(p, day(2026, 11, 25), cal, clock(2026, 11, 25, 16, 30)); len(ss) != 0 {
		t.Errorf("after the last slot started: %d slots", len(ss))
	}
}

func TestSlotsVisitOnHoliday(t *testing.T) {
	p := Point{ID: "t", Kind: MobileTeam, SlotMinutes: 30, SeatsPerSlot: 1,
		Visits: []Visit{{Date: day(2026, 2, 17), Hours: []Range{{8 * 60, 10 * 60}}, Seats: 1}}}
	if ss := Slots(p, day(2026, 2, 17), DefaultCalendar(), time.Time{}); len(ss) != 0 {
		t.Errorf("visit on Tết offers %d slots", len(ss))
	}
	if ss := Slots(p, day(2026, 2, 17), Calendar{}, time.Time{}); len(ss) != 4 {
		t.Errorf("without a calendar: %d slots, want 4", len(ss))
	}
}

func TestSlotAt(t *testing.T) {
	cal := DefaultCalendar()
	p := mustPoint(t, "phuong_ben_thanh")
	now := clock(2026, 11, 25, 8, 0)
	tests := []struct {
		start time.Time
		ok    bool
	}{
		{clock(2026, 11, 25, 9, 10), true},
		{clock(2026, 11, 25, 9, 15), false},  // not on the grid: forged
		{clock(2026, 11, 25, 7, 50), false},  // already started
		{clock(2026, 11, 25, 16, 50), false}, // in the dropped remainder
		{clock(2026, 11, 22, 9, 10), false},  // Sunday
	}
	for _, tt := range tests {
		s, ok := SlotAt(p, tt.start, cal, now)
		if ok != tt.ok || (ok && (!s.Start.Equal(tt.start) || s.End.Sub(s.Start) != 20*time.Minute)) {
			t.Errorf("SlotAt(%s) = %+v, %v; want ok %v", tt.start.Format("Mon 15:04"), s, ok, tt.ok)
		}
	}
}

func TestOpenDays(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name  string
		point string
		from  time.Time
		n     int
		want  []time.Time
	}{
		// After closing on Fri 13 Feb: the whole Tết break, both its
		// Saturdays included, is closed.
		{"over Tết", "phuong_ben_thanh", clock(2026, 2, 13, 18, 0), 3,
			[]time.Time{day(2026, 2, 23), day(2026, 2, 24), day(2026, 2, 25)}},
		{"today counts while slots remain", "phuong_xuan_hoa", clock(2026, 1, 8, 8, 0), 4,
			[]time.Time{day(2026, 1, 8), day(2026, 1, 9), day(2026, 1, 10), day(2026, 1, 12)}},
		{"ordinary Saturday for Saturday wards", "phuong_ben_thanh", clock(2026, 11, 19, 18, 0), 3,
			[]time.Time{day(2026, 11, 20), day(2026, 11, 21), day(2026, 11, 23)}},
		{"team with two visits", "mobile_thanh_an", clock(2026, 12, 7, 9, 0), 14,
			[]time.Time{day(2026, 12, 12), day(2026, 12, 19)}},
		{"past visits are gone", "mobile_thanh_an", clock(2026, 12, 12, 11, 15), 14,
			[]time.Time{day(2026, 12, 19)}},
		{"n = 0", "pa08_hcmc", clock(2026, 11, 20, 9, 0), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := OpenDays(mustPoint(t, tt.point), tt.from, tt.n, cal)
			if !slices.EqualFunc(got, tt.want, time.Time.Equal) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	got := OpenDays(mustPoint(t, "pa08_hcmc"), clock(2026, 11, 20, 9, 0), 14, cal)
	// Tue 24 Nov is closed (SOURCES.md §7.2), so the 14th day is Thu 10 Dec.
	if len(got) != 14 || !got[13].Equal(day(2026, 12, 10)) || slices.ContainsFunc(got, day(2026, 11, 24).Equal) {
		t.Errorf("14 open days of PA08 from Fri 20 Nov: %v", got)
	}
}

func TestSlotID(t *testing.T) {
	start := clock(2026, 11, 24, 7, 30)
	if id := SlotID(start); id != "20261124-0730" {
		t.Errorf("SlotID = %q", id)
	}
	if id := SlotID(start.UTC()); id != "20261124-0730" {
		t.Errorf("SlotID of a UTC time = %q, want local time", id)
	}
	got, err := ParseSlotID("20261124-0730")
	if err != nil || !got.Equal(start) {
		t.Errorf("ParseSlotID = %v, %v", got, err)
	}
	for _, bad := range []string{"", "20261324-0730", "20261124-2460", "2026-11-24", "20261124-730",
		"20261124-07300", "20261124 0730", "x20261124-0730"} {
		if _, err := ParseSlotID(bad); err == nil {
			t.Errorf("ParseSlotID(%q) accepted", bad)
		}
	}
}

func TestSlotKey(t *testing.T) {
	start := clock(2026, 11, 24, 7, 30)
	key := SlotKey("phuong_ben_thanh", start)
	if key != "phuong_ben_thanh-20261124-0730" {
		t.Errorf("SlotKey = %q", key)
	}
	id, got, err := ParseSlotKey(key)
	if err != nil || id != "phuong_ben_thanh" || !got.Equal(start) {
		t.Errorf("ParseSlotKey = %q, %v, %v", id, got, err)
	}
	for _, bad := range []string{"", "-20261124-0730", "Ben-20261124-0730", "p_20261124-0730",
		"p-20261124-073", strings.Repeat("a", 41) + "-20261124-0730", "p-2026112x-0730"} {
		if id, _, err := ParseSlotKey(bad); err == nil {
			t.Errorf("ParseSlotKey(%q) accepted, id %q", bad, id)
		}
	}
}

func BenchmarkSlots(b *testing.B) {
	cal := DefaultCalendar()
	p := mustPoint(b, "pa08_hcmc")
	d, now := day(2026, 11, 24), clock(2026, 11, 24, 6, 0)
	for b.Loop() {
		Slots(p, d, cal, now)
	}
}

func BenchmarkOpenDays(b *testing.B) {
	cal := DefaultCalendar()
	for _, id := range []string{"phuong_ben_thanh", "mobile_thanh_an"} {
		p := mustPoint(b, id)
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				OpenDays(p, clock(2026, 11, 20, 9, 0), 14, cal)
			}
		})
	}
}
