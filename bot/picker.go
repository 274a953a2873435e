package bot

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/flows"
)

// option is one button a picker offers.
type option struct {
	ID    string // saved as the answer and carried in the callback data
	Label string
}

// picker computes the buttons of a pick step from the directory and the
// booking state. ok=false means it asked for a fact and Step runs again.
type picker func(t *turn) (opts []option, ok bool)

// pickers are the named pickers flows may use with "pick: name".
var pickers = map[string]picker{
	"areas":        (*turn).pickAreas,
	"points":       (*turn).pickPoints,
	"visit_points": (*turn).pickVisitPoints,
	"days":         (*turn).pickDays,
	"times":        (*turn).pickTimes,
	"all_areas":    (*turn).pickAllAreas,
	"my_areas":     (*turn).pickMyAreas,
	"area_points":  (*turn).pickAreaPoints,
}

// options runs the step's picker; when it offers nothing it says why.
func (t *turn) options(st *flows.Step) ([]option, bool) {
	opts, ok := pickers[st.Pick](t)
	if ok && len(opts) == 0 {
		t.block(t.say("pick.none."+st.Pick, nil))
	}
	return opts, ok
}

// pickRows lays out a picker's buttons like choices.
func (t *turn) pickRows(f *flows.Flow, st *flows.Step, opts []option) [][]Button {
	buttons := make([]Button, len(opts))
	short := true
	for i, o := range opts {
		buttons[i] = Button{Label: o.Label, Data: flows.PickData(f.ID, st.ID, o.ID)}
		short = short && DisplayWidth(o.Label) <= 16
	}
	return rows(buttons, short)
}

// rows puts buttons one per row, two per row when they are short, and
// three when they are very short (days, times).
func rows(buttons []Button, short bool) [][]Button {
	per := 1
	if short && len(buttons) > 2 {
		per = 2
		if len(buttons) > 4 && narrow(buttons) {
			per = 3
		}
	}
	var out [][]Button
	for i := 0; i < len(buttons); i += per {
		out = append(out, buttons[i:min(i+per, len(buttons))])
	}
	return out
}

// narrow reports whether every label fits a third of a phone screen.
func narrow(buttons []Button) bool {
	for _, b := range buttons {
		if DisplayWidth(b.Label) > 10 {
			return false
		}
	}
	return true
}

// pressPick takes a value a picker offered, checking it is still on offer:
// the seats may have gone since the buttons were shown.
func (t *turn) pressPick(p *Press, cb callback) {
	f, st := t.current()
	if st == nil || st.Pick == "" || !cb.at(t.here()) || len(cb.args) != 3 {
		t.stale()
		return
	}
	opts, ok := t.options(st)
	if !ok {
		return
	}
	for _, o := range opts {
		if o.ID == cb.args[2] {
			t.markChosen(p, o.Label)
			t.picked(f, st, o.ID)
			return
		}
	}
	t.answer(t.say("pick.gone", nil), false)
	t.blocks = nil
	t.block(t.say("pick.gone", nil))
	t.enter(f.ID, st.ID)
}

// pickByText accepts a picker's label typed out, or its number.
func (t *turn) pickByText(f *flows.Flow, st *flows.Step, text string) bool {
	opts, ok := t.options(st)
	t.blocks = nil
	if !ok {
		return true // waiting for a fact; Step runs again
	}
	for i, o := range opts {
		if text == strconv.Itoa(i+1) || equalFold(text, o.Label) {
			t.picked(f, st, o.ID)
			return true
		}
	}
	return false
}

func (t *turn) picked(f *flows.Flow, st *flows.Step, id string) {
	t.answerSet(st.Save, id)
	t.pushHistory()
	t.follow(f, st.Next)
}

// answerSet stores an answer.
func (t *turn) answerSet(key, value string) {
	if t.s.Dialog.Answers == nil {
		t.s.Dialog.Answers = map[string]string{}
	}
	t.s.Dialog.Answers[key] = value
}

func (t *turn) answerOf(key string) string { return t.s.Dialog.Answers[key] }

// location sorts the reception points by distance from a shared location.
func (t *turn) location(l *Location) {
	f, st := t.current()
	if st == nil || st.Pick != "points" {
		t.reprompt()
		return
	}
	t.answerSet("location", fmt.Sprintf("%.5f,%.5f", l.Lat, l.Lon))
	delete(t.s.Dialog.Answers, "area")
	t.enter(f.ID, st.ID)
}

func (t *turn) pickAreas() ([]option, bool) {
	seen := map[string]bool{}
	var opts []option
	for _, p := range t.e.dir.Points(t.answerOf("applicant")) {
		id := areaID(p.Area(Vietnamese))
		if !seen[id] {
			seen[id] = true
			opts = append(opts, option{ID: id, Label: p.Area(t.s.Lang)})
		}
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Label < opts[j].Label })
	return opts, true
}

// areaID is a short stable id for an area name, for callback data.
func areaID(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("a%08x", h.Sum32())
}

// maxNearby is how many points the nearest-first list shows.
const maxNearby = 6

func (t *turn) pickPoints() ([]option, bool) {
	applicant := t.answerOf("applicant")
	if lat, lon, ok := parseLatLon(t.answerOf("location")); ok {
		var opts []option
		for _, n := range t.e.dir.Nearest(applicant, lat, lon, maxNearby) {
			label := t.say("pick.distance", map[string]any{"Point": n.Point.Name(t.s.Lang), "KM": fmt.Sprintf("%.1f", n.KM)})
			opts = append(opts, option{ID: n.Point.ID, Label: label})
		}
		return opts, true
	}
	area := t.answerOf("area")
	var opts []option
	for _, p := range t.e.dir.Points(applicant) {
		if area == "" || areaID(p.Area(Vietnamese)) == area {
			opts = append(opts, option{ID: p.ID, Label: p.Name(t.s.Lang)})
		}
	}
	return opts, true
}

func (t *turn) pickVisitPoints() ([]option, bool) {
	var opts []option
	for _, p := range t.e.dir.Points(t.answerOf("applicant")) {
		if p.HomeVisits {
			opts = append(opts, option{ID: p.ID, Label: p.Name(t.s.Lang)})
		}
	}
	return opts, true
}

// bookingDays is how many days with slots the day picker looks at.
const bookingDays = 14

func (t *turn) pickDays() ([]option, bool) {
	point := t.answerOf("point")
	var slots []Slot
	for _, day := range t.e.dir.Days(point, t.now, bookingDays) {
		slots = append(slots, t.e.dir.Slots(point, day, t.now)...)
	}
	free, ok := t.freeSeats(point, slots)
	if !ok {
		return nil, false
	}
	var opts []option
	for _, s := range slots {
		day := s.Start.In(Vietnam).Format("20060102")
		if free[s.ID] > 0 && (len(opts) == 0 || opts[len(opts)-1].ID != day) {
			opts = append(opts, option{ID: day, Label: t.e.tr.Day(t.s.Lang, s.Start)})
		}
	}
	return opts, true
}

func (t *turn) pickTimes() ([]option, bool) {
	point := t.answerOf("point")
	day, err := time.ParseInLocation("20060102", t.answerOf("day"), Vietnam)
	if err != nil {
		return nil, true
	}
	slots := t.e.dir.Slots(point, day, t.now)
	free, ok := t.freeSeats(point, slots)
	if !ok {
		return nil, false
	}
	var opts []option
	for _, s := range slots {
		if n := free[s.ID]; n > 0 {
			opts = append(opts, option{ID: s.ID, Label: t.say("pick.slot", map[string]any{"Time": t.e.tr.Time(s.Start), "Count": n})})
		}
	}
	return opts, true
}

// freeSeats asks for the seats taken in slots and returns the seats left.
func (t *turn) freeSeats(point string, slots []Slot) (map[string]int, bool) {
	ids := make([]string, len(slots))
	for i, s := range slots {
		ids[i] = s.ID
	}
	if len(ids) == 0 {
		return map[string]int{}, true
	}
	f, ok := t.fact(Query{Kind: QueryTaken, Point: point, Slots: ids})
	if !ok {
		return nil, false
	}
	free := make(map[string]int, len(slots))
	for i, s := range slots {
		if i < len(f.Taken) {
			free[s.ID] = s.Seats - f.Taken[i]
		}
	}
	return free, true
}

func parseLatLon(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	return lat, lon, err1 == nil && err2 == nil
}
