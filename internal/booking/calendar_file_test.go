package booking

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/eidbot/eidbot/flows"
)

func TestEmbeddedCalendarLoads(t *testing.T) {
	if _, err := LoadCalendar(Data(), CalendarFile); err != nil {
		t.Fatal(err)
	}
}

// loadCalendarText loads src as "cal.yaml" and returns its problems.
func loadCalendarText(t *testing.T, src string) []flows.Problem {
	t.Helper()
	_, err := LoadCalendar(fstest.MapFS{"cal.yaml": {Data: []byte(src)}}, "cal.yaml")
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v is not Problems", err)
	}
	return ps
}

// wantProblem fails unless probs holds one at file:line whose message
// contains msg.
func wantProblem(t *testing.T, probs []flows.Problem, file string, line int, msg string) {
	t.Helper()
	for _, p := range probs {
		if p.File == file && p.Line == line && strings.Contains(p.Msg, msg) {
			return
		}
	}
	t.Errorf("no problem %s:%d containing %q; got:\n%s", file, line, msg, Problems(probs).Error())
}

func TestCalendarProblems(t *testing.T) {
	const head = "years:\n  2026:\n" // lines 1–2
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"bad date", head + `    closed:
      - date: 2026-02-30
        name: x
        source: y
`, 4, `"2026-02-30" is not a date`},
		{"weekday as swapped Saturday", head + `    working_saturdays:
      - date: 2026-01-09
        name: x
        source: y
`, 4, "2026-01-09 is a Friday: working_saturdays lists Saturdays only"},
		{"duplicate date", head + `    closed:
      - from: 2026-02-14
        to: 2026-02-22
        name: Tết
        source: y
      - date: 2026-02-16
        name: again
        source: y
`, 8, "2026-02-16 is already listed at line 4"},
		{"closed day also swapped", head + `    closed:
      - date: 2026-01-10
        name: x
        source: y
    working_saturdays:
      - date: 2026-01-10
        name: x
        source: y
`, 8, "already listed at line 4"},
		{"unknown key", head + `    closed:
      - date: 2026-01-01
        nmae: x
        source: y
`, 5, `unknown key "nmae"`},
		{"missing source", head + `    closed:
      - date: 2026-01-01
        name: x
`, 4, "missing source"},
		{"date in another year", head + `    closed:
      - date: 2027-01-01
        name: x
        source: y
`, 4, "2027-01-01 is not in 2026"},
		{"break too long", head + `    closed:
      - from: 2026-02-14
        to: 2026-03-22
        name: x
        source: y
`, 5, "is 37 days"},
		{"break backwards", head + `    closed:
      - from: 2026-02-22
        to: 2026-02-14
        name: x
        source: y
`, 5, "a break runs forward"},
		{"date and from", head + `    closed:
      - date: 2026-02-14
        from: 2026-02-14
        to: 2026-02-15
        name: x
        source: y
`, 4, "either date, or from and to"},
		{"provisional date in announced year", head + `    provisional: false
    closed:
      - date: 2026-02-14
        name: x
        source: y
        provisional: true
`, 8, "needs its year marked provisional"},
		{"yes is not a boolean", head + `    provisional: yes
`, 3, `"yes" is not true or false`},
		{"not a year", "years:\n  twenty:\n    provisional: true\n", 2, `"twenty" is not a year`},
		{"year twice", "years:\n  2026: {}\n  2026: {}\n", 3, "year 2026 listed twice"},
		{"unconfirmed Sunday", head + `    unconfirmed:
      - date: 2026-11-22
        name: x
        source: y
`, 4, "only a weekday can be an unconfirmed holiday"},
		{"unknown top-level key", "year:\n  2026: {}\n", 1, `unknown key "year"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, loadCalendarText(t, tt.src), "cal.yaml", tt.line, tt.msg)
		})
	}
}

func TestCalendarFileErrors(t *testing.T) {
	if probs := loadCalendarText(t, "years: [\n"); len(probs) == 0 {
		t.Error("syntax error not reported")
	}
	if probs := loadCalendarText(t, ""); len(probs) == 0 || probs[0].Msg != "empty file" {
		t.Errorf("empty file: %v", probs)
	}
	_, err := LoadCalendar(fstest.MapFS{}, "missing.yaml")
	var ps Problems
	if !errors.As(err, &ps) || ps[0].File != "missing.yaml" {
		t.Errorf("missing file: %v", err)
	}
}

func TestProblemString(t *testing.T) {
	if got := (flows.Problem{File: "a.yaml", Line: 3, Msg: "bad"}).String(); got != "a.yaml:3: bad" {
		t.Errorf("got %q", got)
	}
	if got := (flows.Problem{File: "a.yaml", Msg: "bad"}).String(); got != "a.yaml: bad" {
		t.Errorf("got %q", got)
	}
}
