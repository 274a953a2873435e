package booking

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
)

func TestEmbeddedAreasLoad(t *testing.T) {
	areas := DefaultAreas()
	if len(areas) < 5 {
		t.Fatalf("only %d areas", len(areas))
	}
	sg := areas[0]
	if sg.ID != "sai_gon" || sg.Target != 22000 || !sg.Approval || sg.Name(bot.Vietnamese) != "Phường Sài Gòn" {
		t.Errorf("first area: %+v", sg)
	}
	if want := time.Date(2027, 6, 20, 0, 0, 0, 0, bot.Vietnam); !sg.TargetDate.Equal(want) {
		t.Errorf("target date %v, want %v", sg.TargetDate, want)
	}
	// Every embedded point but the city-wide immigration office (three
	// addresses, SOURCES.md §4.3) lies in an area.
	inArea := map[string]bool{}
	for _, a := range areas {
		for _, p := range a.Points {
			inArea[p] = true
		}
	}
	for _, id := range DefaultPoints().IDs() {
		if p, _ := DefaultPoints().Get(id); !inArea[id] && p.Kind != ImmigrationOffice {
			t.Errorf("point %s lies in no area", id)
		}
	}
	if probs := CheckAreas(nil, "", ""); len(probs) > 0 {
		t.Errorf("embedded areas have problems:\n%s", Problems(probs).Error())
	}
	if probs := CheckAreas(Data(), AreasFile, PointsFile); len(probs) > 0 {
		t.Errorf("problems:\n%s", Problems(probs).Error())
	}
}

// baseAreas is a valid file; tests edit one line at a time, so line numbers
// in expectations are the numbers shown here.
const baseAreas = `areas:
  - id: a1
    name: {vi: Phường A, en: Ward A}
    target: 100
    target_date: 2027-06-20
    approval: true
    points: [p1, p2]
  - id: a2
    name:
      vi: Xã B
    points: [p3]
`

func editAreas(n int, repl string) string {
	lines := strings.Split(strings.TrimSuffix(baseAreas, "\n"), "\n")
	if n > len(lines) {
		lines = append(lines, repl)
	} else {
		lines[n-1] = repl
	}
	return strings.Join(lines, "\n") + "\n"
}

func loadAreasText(t *testing.T, src string) ([]bot.Area, []flows.Problem) {
	t.Helper()
	areas, err := LoadAreas(fstest.MapFS{"a.yaml": {Data: []byte(src)}}, "a.yaml", []string{"p1", "p2", "p3"})
	if err == nil {
		return areas, nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v is not Problems", err)
	}
	return areas, ps
}

func TestBaseAreasAreValid(t *testing.T) {
	areas, probs := loadAreasText(t, baseAreas)
	if len(probs) > 0 {
		t.Fatalf("base areas have problems:\n%s", Problems(probs).Error())
	}
	if len(areas) != 2 || areas[1].Target > 0 || !areas[1].TargetDate.IsZero() || areas[1].Approval ||
		strings.Join(areas[0].Points, ",") != "p1,p2" || areas[0].Names["en"] != "Ward A" {
		t.Fatalf("areas: %+v", areas)
	}
}

func TestAreaProblems(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"duplicate id", editAreas(8, "  - id: a1"), "a.yaml:8: id \"a1\" is already used at line 2"},
		{"bad id", editAreas(2, "  - id: Ward-A"), "a.yaml:2: id \"Ward-A\": use 1–40 characters"},
		{"long id", editAreas(2, "  - id: "+strings.Repeat("a", 41)), "a.yaml:2: id"},
		{"missing vi", editAreas(3, "    name: {en: Ward A}"), "a.yaml:3: area \"a1\": name: missing vi"},
		{"missing name", editAreas(3, "    approval: false"), "a.yaml:2: area \"a1\": missing name"},
		{"unknown point", editAreas(7, "    points: [p1, p9]"), "a.yaml:7: area \"a1\": unknown point \"p9\""},
		{"point twice", editAreas(7, "    points: [p1, p1]"), "a.yaml:7: area \"a1\": point \"p1\" is listed twice"},
		{"point in two areas", editAreas(11, "    points: [p1]"), "a.yaml:11: area \"a2\": point \"p1\" already belongs to area \"a1\""},
		{"zero target", editAreas(4, "    target: 0"), "a.yaml:4: area \"a1\": target: \"0\" is not a whole number"},
		{"negative target", editAreas(4, "    target: -5"), "a.yaml:4: area \"a1\": target:"},
		{"text target", editAreas(4, "    target: 22,000"), "a.yaml:4: area \"a1\": target: \"22,000\""},
		{"target without date", editAreas(5, "    approval: true"), "a.yaml:4: area \"a1\": target needs a target_date"},
		{"date without target", editAreas(4, "    approval: true"), "a.yaml:5: area \"a1\": target_date without a target"},
		{"bad date", editAreas(5, "    target_date: 20/06/2027"), "a.yaml:5: area \"a1\": target_date: \"20/06/2027\" is not a date"},
		{"yes for approval", editAreas(6, "    approval: yes"), "a.yaml:6: area \"a1\": approval: \"yes\" is not true or false"},
		{"unknown key", editAreas(6, "    aproval: true"), "a.yaml:6: area #1: unknown key \"aproval\""},
		{"no areas", "areas: []\n", "a.yaml:1: areas: no areas"},
		{"missing areas", "area: []\n", "unknown key \"area\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := loadAreasText(t, tc.src)
			got := Problems(probs).Error()
			if len(probs) == 0 || !strings.Contains(got, tc.want) {
				t.Fatalf("problems:\n%s\nwant one containing %q", got, tc.want)
			}
		})
	}
}

func TestCheckAreasReportsThePointsFileFirst(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte(baseAreas)},
		"p.yaml": {Data: []byte("points: nope\n")},
	}
	probs := CheckAreas(fsys, "a.yaml", "p.yaml")
	if len(probs) != 1 || probs[0].File != "p.yaml" {
		t.Fatalf("problems: %v", probs)
	}
	// Against the embedded points the test file's p1..p3 are unknown.
	probs = CheckAreas(fsys, "a.yaml", "")
	if len(probs) != 3 || !strings.Contains(probs[0].Msg, "unknown point") {
		t.Fatalf("problems: %v", probs)
	}
}
