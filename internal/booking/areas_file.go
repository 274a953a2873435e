package booking

import (
	"fmt"
	"io/fs"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
	"gopkg.in/yaml.v3"
)

// AreasFile is the path of the default areas file inside Data().
const AreasFile = "data/areas.yaml"

// maxTarget bounds an area's target. Vietnam's largest wards have a few
// hundred thousand residents; a larger number is a typo.
const maxTarget = 10_000_000

var areaKeys = []string{"id", "name", "target", "target_date", "approval", "points"}

// LoadAreas reads and validates an areas file, the communes and wards local
// committees serve (see data/areas.yaml for the format), against the ids
// of the known reception points. On any problem it
// returns a Problems error listing them all with file and line, and areas
// that must not be used.
func LoadAreas(fsys fs.FS, path string, pointIDs []string) ([]bot.Area, error) {
	d := &decoder{file: path}
	b, ok := d.readFile(fsys, path)
	if !ok {
		return nil, d.result()
	}
	areas := parseAreas(d, b, pointIDs)
	return areas, d.result()
}

// LoadAreasFile is LoadAreas for an operating-system file name, such as a
// deployment's own areas file given on the command line.
func LoadAreasFile(name string, pointIDs []string) ([]bot.Area, error) {
	return LoadAreas(osFS{}, name, pointIDs)
}

// DefaultAreas returns the embedded example areas, checked against the
// embedded example points. The tests check both files, so a failure here is
// a build defect and panics.
func DefaultAreas() []bot.Area {
	areas, err := LoadAreas(Data(), AreasFile, DefaultPoints().IDs())
	if err != nil {
		panic("booking: embedded areas are broken:\n" + err.Error())
	}
	return areas
}

// IDs returns the ids of every point in the directory, in file order, for
// checking an areas file against it.
func (d Directory) IDs() []string {
	ids := make([]string, len(d.points))
	for i, p := range d.points {
		ids[i] = p.ID
	}
	return ids
}

// CheckAreas loads the points file and the areas file from fsys and
// validates the areas against the points, for `eidbot flows check`. It
// follows Check's conventions: a nil fsys means operating-system file
// names, and an empty path selects the embedded default for that file.
func CheckAreas(fsys fs.FS, areasPath, pointsPath string) []flows.Problem {
	areaFS, areasPath := source(fsys, areasPath, AreasFile)
	ptsFS, pointsPath := source(fsys, pointsPath, PointsFile)
	dir, err := LoadPoints(ptsFS, pointsPath)
	if probs := asProblems(err); len(probs) > 0 {
		return probs // unknown-point reports would only add noise
	}
	_, err = LoadAreas(areaFS, areasPath, dir.IDs())
	return asProblems(err)
}

// areasParser remembers where each area id and point was first listed, to
// point at it when one is listed again.
type areasParser struct {
	*decoder
	names  *pointsParser // reads multilingual names the way the points file does
	known  map[string]bool
	ids    map[string]int    // area id → line
	points map[string]string // point id → area id that lists it
	areas  []bot.Area
}

func parseAreas(d *decoder, b []byte, pointIDs []string) []bot.Area {
	p := &areasParser{decoder: d, names: &pointsParser{decoder: d},
		known: map[string]bool{}, ids: map[string]int{}, points: map[string]string{}}
	for _, id := range pointIDs {
		p.known[id] = true
	}
	root := d.root(b)
	if root == nil {
		return nil
	}
	top := d.fields(root, "areas file", "areas")
	if !d.require(root, top, "areas file", "areas") {
		return nil
	}
	for i, n := range d.list(top["areas"].val, "areas") {
		p.area(i+1, n)
	}
	if len(p.areas) == 0 && len(d.probs) == 0 {
		d.add(top["areas"].val, "areas: no areas")
	}
	return p.areas
}

func (p *areasParser) area(index int, n *yaml.Node) {
	what := fmt.Sprintf("area #%d", index)
	f := p.fields(n, what, areaKeys...)
	if idf, ok := f["id"]; ok {
		what = fmt.Sprintf("area %q", idf.val.Value)
	}
	if !p.require(n, f, what, "id", "name") {
		return
	}
	before := len(p.probs)
	a := bot.Area{ID: p.uniqueID(f["id"].val, p.ids, "roles and subscriptions refer to it"), Names: p.names.text(f["name"].val, what+": name")}
	p.target(n, f, &a, what)
	if af, ok := f["approval"]; ok {
		a.Approval = p.boolean(af.val, what+": approval")
	}
	if pf, ok := f["points"]; ok {
		a.Points = p.pointList(pf.val, a.ID, what)
	}
	if len(p.probs) == before {
		p.areas = append(p.areas, a)
	}
}

// target reads target and target_date, which go together.
func (p *areasParser) target(n *yaml.Node, f map[string]field, a *bot.Area, what string) {
	tf, hasTarget := f["target"]
	df, hasDate := f["target_date"]
	switch {
	case hasTarget && !hasDate:
		p.add(tf.key, "%s: target needs a target_date (YYYY-MM-DD), the last day that counts", what)
	case hasDate && !hasTarget:
		p.add(df.key, "%s: target_date without a target", what)
	}
	if hasTarget {
		a.Target = p.integer(tf.val, what+": target", 1, maxTarget)
	}
	if hasDate {
		if c, ok := p.date(df.val, what+": target_date"); ok {
			a.TargetDate = c.midnight()
		}
	}
}

// pointList reads the area's points: known, listed once, and in no other
// area (a point in two areas would let two committees claim its bookings).
func (p *areasParser) pointList(n *yaml.Node, area, what string) []string {
	var out []string
	for _, c := range p.list(n, what+": points") {
		id := p.str(c, what+": points")
		switch other, dup := p.points[id]; {
		case id == "":
		case !p.known[id]:
			p.add(c, "%s: unknown point %q (not in the points file)", what, id)
		case dup && other == area:
			p.add(c, "%s: point %q is listed twice", what, id)
		case dup:
			p.add(c, "%s: point %q already belongs to area %q", what, id, other)
		default:
			p.points[id] = area
			out = append(out, id)
		}
	}
	return out
}
