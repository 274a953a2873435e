package bot

import (
	"testing"
	"time"
)

func TestTypedDatesAndTimes(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, Vietnam) // Tuesday
	for _, tt := range []struct {
		kind, in, want string
		ok             bool
	}{
		{"date", "28/11", "2026-11-28", true},
		{"date", "28/11/2026", "2026-11-28", true},
		{"date", "2026-11-28", "2026-11-28", true},
		{"date", "24.11", "2026-11-24", true}, // today
		{"date", "3/1", "2027-01-03", true},   // no year: the next such day
		{"date", "23/11/2026", "", false},     // past
		{"date", "31/02/2027", "", false},
		{"date", "2028-01-01", "", false}, // over a year ahead
		{"date", "tomorrow", "", false},
		{"hours", "7:30-11:30", "07:30-11:30", true},
		{"hours", "7h30 – 11h", "", false},
		{"hours", "7h30 - 11h00", "07:30-11:00", true},
		{"hours", "11:30-7:30", "", false},
		{"hours", "25:00-26:00", "", false},
		{"datetime", "25/11 08:00", "2026-11-25T08:00:00+07:00", true},
		{"datetime", "24/11 09:59", "", false}, // a minute ago
		{"datetime", "24/11 10:30", "2026-11-24T10:30:00+07:00", true},
		{"datetime", "25/11", "", false},
	} {
		var got string
		var ok bool
		switch tt.kind {
		case "date":
			got, ok = validDate(tt.in, now)
		case "hours":
			got, ok = validHours(tt.in)
		case "datetime":
			got, ok = validDateTime(tt.in, now)
		}
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s %q = %q, %v; want %q, %v", tt.kind, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
