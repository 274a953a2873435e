package booking

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/eidbot/eidbot/flows"
)

func TestEmbeddedPointsLoad(t *testing.T) {
	dir, err := LoadPoints(Data(), PointsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(dir.All()) < 5 {
		t.Errorf("only %d points", len(dir.All()))
	}
}

func TestCheckEmbedded(t *testing.T) {
	if probs := Check(nil, "", ""); len(probs) > 0 {
		t.Errorf("embedded data has problems:\n%s", Problems(probs).Error())
	}
	// The same files read through a plain file system, as the CLI does.
	if probs := Check(Data(), CalendarFile, PointsFile); len(probs) > 0 {
		t.Errorf("problems:\n%s", Problems(probs).Error())
	}
}

// basePoint is a valid point; tests edit one line at a time, so line
// numbers in expectations are the numbers shown here.
const basePoint = `points:
  - id: p1
    kind: commune_police
    serves: citizens
    name: {vi: A}
    address: {vi: B}
    lat: 10.77
    lon: 106.70
    area: {vi: C}
    slot_minutes: 20
    seats_per_slot: 2
    hours:
      mon: ["07:30-11:30"]
`

// edit replaces line n (1-based) of basePoint with repl, which may span
// several lines; an n past the end appends.
func edit(n int, repl string) string {
	lines := strings.Split(strings.TrimSuffix(basePoint, "\n"), "\n")
	if n > len(lines) {
		lines = append(lines, repl)
	} else {
		lines[n-1] = repl
	}
	return strings.Join(lines, "\n") + "\n"
}

func loadPointsText(t *testing.T, src string) []flows.Problem {
	t.Helper()
	_, err := LoadPoints(fstest.MapFS{"p.yaml": {Data: []byte(src)}}, "p.yaml")
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v is not Problems", err)
	}
	return ps
}

func TestBasePointIsValid(t *testing.T) {
	if probs := loadPointsText(t, basePoint); len(probs) > 0 {
		t.Fatalf("base point has problems:\n%s", Problems(probs).Error())
	}
}

const teamVisit = `    kind: mobile_team
    visits:
      - date: 2026-11-28
        place: {vi: Nhà văn hóa ấp A}
        address: {vi: Ấp A}
        lat: 10.5
        lon: 106.9
        hours: ["07:30-11:30"]`

// teamWithoutPlace is a mobile team whose visit (line 13) says not where.
const teamWithoutPlace = `points:
  - id: t1
    kind: mobile_team
    serves: citizens
    name: {vi: A}
    address: {vi: B}
    lat: 10.77
    lon: 106.70
    area: {vi: C}
    slot_minutes: 20
    seats_per_slot: 2
    visits:
      - date: 2026-11-28
        address: {vi: Ấp A}
        lat: 10.5
        lon: 106.9
        hours: ["07:30-11:30"]
`

func TestPointProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"unknown key", edit(14, "    colour: red"), 14, `unknown key "colour"`},
		{"unknown weekday", edit(13, `      monday: ["07:30-11:30"]`), 13, `unknown key "monday"`},
		{"bad time", edit(13, `      mon: ["07:30-25:00"]`), 13, `"07:30-25:00" is not HH:MM-HH:MM`},
		{"sloppy time", edit(13, `      mon: ["7:30-11:30"]`), 13, `"7:30-11:30" is not HH:MM-HH:MM`},
		{"backwards range", edit(13, `      mon: ["11:30-07:30"]`), 13, "ends before it starts"},
		{"overlap", edit(13, `      mon: ["07:30-11:30", "11:00-12:00"]`), 13, "07:30-11:30 overlaps 11:00-12:00"},
		{"range shorter than a slot", edit(13, `      mon: ["07:30-07:45"]`), 13, "shorter than one 20-minute slot"},
		{"serves mismatch", edit(4, "    serves: foreigners"), 4, "a commune_police must serve [citizens], not foreigners"},
		{"serves both at commune police", edit(4, "    serves: both"), 4, "must serve [citizens]"},
		{"immigration for citizens", edit(3, "    kind: immigration_office"), 4, "a immigration_office must serve [foreigners]"},
		{"unknown kind", edit(3, "    kind: embassy"), 3, `kind "embassy" is not one of`},
		{"unknown serves", edit(4, "    serves: everyone"), 4, `serves "everyone" is not one of`},
		{"duplicate id", basePoint + strings.TrimPrefix(basePoint, "points:\n"), 14, `id "p1" is already used at line 2`},
		{"bad id", edit(2, "  - id: Point-1"), 2, `id "Point-1": use 1–40 characters`},
		{"long id", edit(2, "  - id: "+strings.Repeat("a", 41)), 2, "use 1–40 characters"},
		{"missing vi name", edit(5, "    name: {en: A}"), 5, "name: missing vi"},
		{"unknown language", edit(5, "    name: {vi: A, fr: A}"), 5, `unknown key "fr"`},
		{"unquoted comma", edit(6, "    address: {vi: Ấp A, xã B}"), 6, "a comma inside {...} starts a new entry"},
		{"latitude out of range (swapped?)", edit(7, "    lat: 106.70"), 7, "is outside Vietnam"},
		{"outside Vietnam", edit(8, "    lon: 100.5"), 7, "10.77, 100.5 is outside Vietnam"},
		{"not a number", edit(7, "    lat: north"), 7, `"north" is not a number`},
		{"missing area", edit(9, ""), 2, "missing area"},
		{"slot too short", edit(10, "    slot_minutes: 2"), 10, `"2" is not a whole number from 5 to 240`},
		{"bad boolean", edit(14, "    home_visits: yes"), 14, `"yes" is not true or false`},
		{"bad sim_registration", edit(14, "    sim_registration: sometimes"), 14, `"sometimes" is not true or false`},
		{"answer days without home visits", edit(14, "    visit_answer_days: 3"), 14, "visit_answer_days without home_visits: true"},
		{"answer days out of range", edit(14, "    home_visits: true\n    visit_answer_days: 45"), 15, `"45" is not a whole number from 1 to 30`},
		{"bad staff language", edit(14, "    staff_languages: [English]"), 14, `staff language "English"`},
		{"bad phone", edit(14, "    phone: call us"), 14, `phone "call us" is not a phone number`},
		{"station without hours", edit(13, "      sun: []"), 2, "needs weekly hours"},
		{"station with visits", edit(14, "    visits: []"), 14, "opens on weekly hours, not visits"},
		{"team with hours", edit(3, teamVisit), 19, "opens only on its dated visits"},
		{"team visit without place", teamWithoutPlace, 13, "missing place"},
		{"no points", "points: []\n", 1, "no reception points"},
		{"not a list", "points: {}\n", 1, "points: expected a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, loadPointsText(t, tt.src), "p.yaml", tt.line, tt.msg)
		})
	}
}

// campaign is a campaign point whose visits tests append at line 12.
const campaign = `points:
  - id: camp
    kind: campaign_point
    serves: foreigners
    name: {vi: A}
    address: {vi: B}
    lat: 10.77
    lon: 106.70
    area: {vi: C}
    slot_minutes: 15
    seats_per_slot: 2
    visits:
`

func TestVisitProblems(t *testing.T) {
	tests := []struct {
		name   string
		visits string
		line   int
		msg    string
	}{
		{"overlapping visits", `      - date: 2026-12-08
        hours: ["08:00-11:30"]
      - date: 2026-12-08
        hours: ["11:00-12:00"]
`, 15, "visits on 2026-12-08 overlap (08:00-11:30 and 11:00-12:00; the other visit is at line 13)"},
		{"bad visit date", `      - date: 2026-13-08
        hours: ["08:00-11:30"]
`, 13, `"2026-13-08" is not a date`},
		{"lat without lon", `      - date: 2026-12-08
        lat: 10.7
        hours: ["08:00-11:30"]
`, 13, "give both lat and lon"},
		{"visit without hours", `      - date: 2026-12-08
`, 13, "missing hours"},
		{"bad seats", `      - date: 2026-12-08
        hours: ["08:00-11:30"]
        seats: 0
`, 15, `"0" is not a whole number from 1 to 100`},
		{"no visits", "", 2, "without visits (or home_visits) offers nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := campaign + tt.visits
			if tt.visits == "" {
				src = strings.TrimSuffix(campaign, "    visits:\n")
			}
			wantProblem(t, loadPointsText(t, src), "p.yaml", tt.line, tt.msg)
		})
	}
}

func TestVisitsSortedAndSeats(t *testing.T) {
	src := campaign + `      - date: 2026-12-09
        hours: ["08:00-09:00"]
      - date: 2026-12-08
        hours: ["08:00-09:00"]
        seats: 5
      - date: 2026-12-08
        hours: ["13:00-14:00"]
`
	dir, err := LoadPoints(fstest.MapFS{"p.yaml": {Data: []byte(src)}}, "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := dir.Get("camp")
	if !ok {
		t.Fatal(`no point "camp"`)
	}
	var got []string
	for _, v := range p.Visits {
		got = append(got, fmt.Sprintf("%s/%s/%d", v.Date.Format("0102"), v.Hours[0], v.Seats))
	}
	want := "1208/08:00-09:00/5 1208/13:00-14:00/2 1209/08:00-09:00/2"
	if strings.Join(got, " ") != want {
		t.Errorf("visits %v, want %s", got, want)
	}
}

func TestCheckVisitOnHoliday(t *testing.T) {
	src := campaign + `      - date: 2026-02-17
        hours: ["08:00-11:30"]
`
	probs := Check(fstest.MapFS{"p.yaml": {Data: []byte(src)}}, "", "p.yaml")
	wantProblem(t, probs, "p.yaml", 13, `point "camp": visit on 2026-02-17 falls in Tết Nguyên đán Bính Ngọ`)
}

func TestCheckReportsBothFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"cal.yaml": {Data: []byte("years:\n  2026:\n    closed: [{date: 2026-02-30, name: x, source: y}]\n")},
		"p.yaml":   {Data: []byte(edit(4, "    serves: foreigners"))},
	}
	probs := Check(fsys, "cal.yaml", "p.yaml")
	wantProblem(t, probs, "cal.yaml", 3, "is not a date")
	wantProblem(t, probs, "p.yaml", 4, "must serve")
}

func TestLoadFromOSFiles(t *testing.T) {
	dir := t.TempDir()
	pts := filepath.Join(dir, "points.yaml")
	cal := filepath.Join(dir, "calendar.yaml")
	embedded, err := fs.ReadFile(Data(), CalendarFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pts, []byte(edit(4, "    serves: both")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cal, embedded, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCalendarFile(cal); err != nil {
		t.Errorf("LoadCalendarFile: %v", err)
	}
	_, err = LoadPointsFile(pts)
	wantProblem(t, asProblems(err), pts, 4, "must serve [citizens], not both")
	// Absolute OS paths, as a command line gives them.
	wantProblem(t, Check(nil, cal, pts), pts, 4, "must serve")
	if probs := Check(nil, cal, ""); len(probs) > 0 {
		t.Errorf("OS calendar with embedded points: %v", probs)
	}
	if probs := Check(nil, filepath.Join(dir, "missing.yaml"), ""); len(probs) != 1 {
		t.Errorf("missing file: %v", probs)
	}
}

func TestDuplicateIDAfterABrokenPoint(t *testing.T) {
	broken := edit(4, "    serves: foreigners")
	probs := loadPointsText(t, broken+strings.TrimPrefix(basePoint, "points:\n"))
	wantProblem(t, probs, "p.yaml", 4, "must serve")
	wantProblem(t, probs, "p.yaml", 14, `id "p1" is already used at line 2`)
	probs = loadPointsText(t, "points:\n  - id: x\n"+strings.TrimPrefix(basePoint, "points:\n"))
	wantProblem(t, probs, "p.yaml", 2, "point \"x\": missing kind")
}
