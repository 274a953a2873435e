package bot

import (
	"strings"
	"time"
)

// officer answers "💬 Ask an officer" (and /officer) until a staff inbox
// exists: the phone and opening hours of the reception point the person
// chose, when the points file gives its phone; otherwise how to find the
// right office. It never gives a number the points file does not have.
func (t *turn) officer() {
	p, ok := t.chosenPoint()
	if !ok {
		t.block(t.say("ask.officer.find", nil))
		t.flush(append(t.pendingRows(), []Button{t.menuButton()}))
		return
	}
	hours := t.hours(p)
	if hours == "" {
		hours = t.say("ask.officer.no_hours", nil)
	}
	t.block(t.say("ask.officer.point", map[string]any{
		"Point": Escape(p.Name(t.s.Lang)), "Address": Escape(p.Address(t.s.Lang)),
		"Phone": Escape(p.Phone), "Hours": hours,
	}))
	t.flush(append(t.pendingRows(), []Button{t.menuButton()}))
}

// chosenPoint is the reception point the person chose while booking, when
// the directory knows it and gives its phone.
func (t *turn) chosenPoint() (Point, bool) {
	id := t.answerOf("point")
	if t.e.directory == nil || id == "" {
		return Point{}, false
	}
	p, ok := t.e.directory.Point(id)
	return p, ok && strings.TrimSpace(p.Phone) != ""
}

// hours renders a point's weekly hours, Monday first, one line per run of
// days with the same hours ("Monday – Friday: 07:30-11:30, 13:30-17:00").
func (t *turn) hours(p Point) string {
	var lines []string
	week := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	for i := 0; i < len(week); {
		day := strings.Join(p.Hours[week[i]], ", ")
		j := i + 1
		for j < len(week) && strings.Join(p.Hours[week[j]], ", ") == day {
			j++
		}
		if day != "" {
			days := t.weekday(week[i])
			if j-1 > i {
				days += " – " + t.weekday(week[j-1])
			}
			lines = append(lines, days+": "+day)
		}
		i = j
	}
	return strings.Join(lines, "\n")
}

// weekday names a day of the week in the session's language.
func (t *turn) weekday(d time.Weekday) string {
	return t.say("date.weekday."+itoa(int(d)), nil)
}
