package booking

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"
)

// MaxIDLen bounds point ids so that "point_<id>" fits a 64-character
// deep-link parameter and SlotKey fits 64-byte callback data with room for
// the caller's own prefix.
const MaxIDLen = 40

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9_]+$`)
	langPattern  = regexp.MustCompile(`^[a-z]{2,3}$`)
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 .()-]{5,19}$`)
)

// Vietnam's bounding box, wide enough for the Hoàng Sa and Trường Sa special
// zones (commune-level units since 2025). It catches swapped or mistyped
// coordinates, not every point in the sea.
const (
	minLat, maxLat = 6.0, 23.5
	minLon, maxLon = 102.0, 118.0
)

// kindServes lists what each kind may serve (SOURCES.md §4.1–§4.2).
var kindServes = map[Kind][]Serves{
	CommunePolice:     {ServesCitizens},
	ImmigrationOffice: {ServesForeigners},
	MobileTeam:        {ServesCitizens},
	CampaignPoint:     {ServesCitizens, ServesForeigners, ServesBoth},
}

var pointKeys = []string{"id", "kind", "serves", "name", "address", "lat", "lon", "area",
	"hours", "slot_minutes", "seats_per_slot", "staff_languages", "phone", "home_visits", "visits",
	"sim_registration", "visit_answer_days"}

// LoadPoints reads and validates a points file (see data/points.yaml for the
// format). On any problem it returns a Problems error listing them all with
// file and line, and a Directory that must not be used.
func LoadPoints(fsys fs.FS, path string) (Directory, error) {
	d := &decoder{file: path}
	b, ok := d.readFile(fsys, path)
	if !ok {
		return Directory{}, d.result()
	}
	dir := parsePoints(d, b)
	return dir, d.result()
}

// LoadPointsFile is LoadPoints for an operating-system file name, such as a
// deployment's own directory given on the command line.
func LoadPointsFile(name string) (Directory, error) { return LoadPoints(osFS{}, name) }

// DefaultPoints returns the embedded example directory. The embedded file is
// checked by the tests, so a failure here is a build defect and panics.
func DefaultPoints() Directory {
	dir, err := LoadPoints(Data(), PointsFile)
	if err != nil {
		panic("booking: embedded points are broken:\n" + err.Error())
	}
	return dir
}

type pointsParser struct {
	*decoder
	dir   Directory
	lines map[string]int // id → line of first definition
}

func parsePoints(d *decoder, b []byte) Directory {
	p := &pointsParser{decoder: d, dir: Directory{byID: map[string]int{}}, lines: map[string]int{}}
	root := d.root(b)
	if root == nil {
		return p.dir
	}
	// templates holds YAML anchors for the points to reuse; it is not read.
	top := d.fields(root, "points file", "points", "templates")
	if !d.require(root, top, "points file", "points") {
		return p.dir
	}
	for i, n := range d.list(top["points"].val, "points") {
		p.point(i+1, n)
	}
	if len(p.dir.points) == 0 && len(d.probs) == 0 {
		d.add(top["points"].val, "points: no reception points")
	}
	return p.dir
}

func (p *pointsParser) point(index int, n *yaml.Node) {
	what := fmt.Sprintf("point #%d", index)
	f := p.fields(n, what, pointKeys...)
	if idf, ok := f["id"]; ok {
		what = fmt.Sprintf("point %q", idf.val.Value)
	}
	if !p.require(n, f, what, "id", "kind", "serves", "name", "address", "lat", "lon", "area", "slot_minutes", "seats_per_slot") {
		return
	}
	before := len(p.probs)
	pt := Point{
		ID:           p.uniqueID(f["id"].val, p.lines, "it appears in deep links"),
		Name:         p.text(f["name"].val, what+": name"),
		Address:      p.text(f["address"].val, what+": address"),
		Area:         p.text(f["area"].val, what+": area"),
		SlotMinutes:  p.integer(f["slot_minutes"].val, what+": slot_minutes", 5, 240),
		SeatsPerSlot: p.integer(f["seats_per_slot"].val, what+": seats_per_slot", 1, 100),
	}
	pt.Lat, pt.Lon = p.coords(n, f, what)
	p.kindServes(f, &pt, what)
	p.optional(f, &pt, what)
	if hf, ok := f["hours"]; ok {
		pt.Hours = p.week(hf.val, pt.SlotMinutes, what)
	}
	if vf, ok := f["visits"]; ok {
		pt.Visits = p.visits(vf.val, &pt, what)
	}
	p.schedule(n, f, &pt, what)
	if len(p.probs) == before {
		p.dir.byID[pt.ID] = len(p.dir.points)
		p.dir.points = append(p.dir.points, pt)
	}
}

// text reads a {vi: ..., en: ...} mapping; Vietnamese is required because
// it is the fallback for every language.
func (p *pointsParser) text(n *yaml.Node, what string) Text {
	if p.strayKey(n) {
		p.add(n, "%s: a comma inside {...} starts a new entry: quote the text or write one language per line", what)
	}
	f := p.fields(n, what, languages...)
	t := Text{}
	for lang, lf := range f {
		if s := p.str(lf.val, what+"."+lang); s != "" {
			t[lang] = s
		} else {
			p.add(lf.val, "%s.%s: empty text", what, lang)
		}
	}
	if _, ok := t["vi"]; !ok && n.Kind == yaml.MappingNode {
		p.add(n, "%s: missing vi (Vietnamese is the fallback for every language)", what)
	}
	return t
}

// strayKey reports a flow mapping with a key that is no language, the mark
// of an unquoted comma in {vi: Ấp A, xã B}.
func (p *pointsParser) strayKey(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle == 0 {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		if !slices.Contains(languages, n.Content[i].Value) {
			return true
		}
	}
	return false
}

func (p *pointsParser) coords(n *yaml.Node, f map[string]field, what string) (lat, lon float64) {
	lat, ok1 := p.float(f["lat"].val, what+": lat")
	lon, ok2 := p.float(f["lon"].val, what+": lon")
	if ok1 && ok2 && (lat < minLat || lat > maxLat || lon < minLon || lon > maxLon) {
		p.add(f["lat"].val, "%s: %g, %g is outside Vietnam (lat %g–%g, lon %g–%g); lat and lon swapped?",
			what, lat, lon, minLat, maxLat, minLon, maxLon)
	}
	return lat, lon
}

func (p *pointsParser) kindServes(f map[string]field, pt *Point, what string) {
	pt.Kind = Kind(p.str(f["kind"].val, what+": kind"))
	pt.Serves = Serves(p.str(f["serves"].val, what+": serves"))
	allowed, ok := kindServes[pt.Kind]
	switch {
	case !ok:
		p.add(f["kind"].val, "%s: kind %q is not one of commune_police, immigration_office, mobile_team, campaign_point", what, pt.Kind)
	case !slices.Contains([]Serves{ServesCitizens, ServesForeigners, ServesBoth}, pt.Serves):
		p.add(f["serves"].val, "%s: serves %q is not one of citizens, foreigners, both", what, pt.Serves)
	case !slices.Contains(allowed, pt.Serves):
		p.add(f["serves"].val, "%s: a %s must serve %v, not %s (foreigners apply only at immigration offices and campaign points, SOURCES.md §4.2)",
			what, pt.Kind, allowed, pt.Serves)
	}
}

func (p *pointsParser) optional(f map[string]field, pt *Point, what string) {
	if lf, ok := f["staff_languages"]; ok {
		for _, n := range p.list(lf.val, what+": staff_languages") {
			if s := p.str(n, "staff_languages"); langPattern.MatchString(s) {
				pt.StaffLanguages = append(pt.StaffLanguages, s)
			} else {
				p.add(n, "%s: staff language %q is not a language code like en", what, s)
			}
		}
	}
	if pf, ok := f["phone"]; ok {
		if pt.Phone = p.str(pf.val, what+": phone"); !phonePattern.MatchString(pt.Phone) {
			p.add(pf.val, "%s: phone %q is not a phone number", what, pt.Phone)
		}
	}
	if hf, ok := f["home_visits"]; ok {
		pt.HomeVisits = p.boolean(hf.val, what+": home_visits")
	}
	if sf, ok := f["sim_registration"]; ok {
		pt.SIMRegistration = p.boolean(sf.val, what+": sim_registration")
	}
	if df, ok := f["visit_answer_days"]; ok {
		pt.VisitAnswerDays = p.integer(df.val, what+": visit_answer_days", 1, maxAnswerDays)
		if !pt.HomeVisits {
			p.add(df.key, "%s: visit_answer_days without home_visits: true promises an answer to requests it never gets", what)
		}
	}
}

// maxAnswerDays bounds visit_answer_days: a promise further out than a
// month is not one a person can wait for.
const maxAnswerDays = 30

// schedule checks that a point has the kind of schedule its kind needs:
// stations have weekly hours, teams and campaigns have dated visits.
func (p *pointsParser) schedule(n *yaml.Node, f map[string]field, pt *Point, what string) {
	hf, hasHours := f["hours"]
	vf, hasVisits := f["visits"]
	switch pt.Kind {
	case CommunePolice, ImmigrationOffice:
		if hasVisits {
			p.add(vf.key, "%s: a %s opens on weekly hours, not visits", what, pt.Kind)
		}
		if !hasHours || pt.Hours.empty() {
			p.add(n, "%s: a %s needs weekly hours", what, pt.Kind)
		}
	case MobileTeam, CampaignPoint:
		if hasHours {
			p.add(hf.key, "%s: a %s opens only on its dated visits; move the hours into visits", what, pt.Kind)
		}
		if len(pt.Visits) == 0 && !(pt.Kind == MobileTeam && pt.HomeVisits) && !hasVisits {
			p.add(n, "%s: a %s without visits (or home_visits) offers nothing", what, pt.Kind)
		}
	}
}
