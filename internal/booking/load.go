package booking

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
	"gopkg.in/yaml.v3"
)

// decoder walks a yaml.Node tree by hand rather than unmarshalling into
// structs, because every problem must carry the line it was found on and an
// unknown key must be an error, not silently ignored.
type decoder struct {
	file  string
	probs []flows.Problem
}

// uniqueID reads an id of the file's records: 1–MaxIDLen characters of
// idPattern, not used before in the file. seen maps the ids read so far to
// their line; why says where the id is used, for the problem report. It
// returns "" for an id it reported.
func (d *decoder) uniqueID(n *yaml.Node, seen map[string]int, why string) string {
	id := d.str(n, "id")
	switch line, dup := seen[id]; {
	case !idPattern.MatchString(id) || len(id) > MaxIDLen:
		d.add(n, "id %q: use 1–%d characters a-z, 0-9 and _ (%s)", id, MaxIDLen, why)
	case dup:
		d.add(n, "id %q is already used at line %d", id, line)
	default:
		seen[id] = n.Line
		return id
	}
	return ""
}

func (d *decoder) add(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.probs = append(d.probs, flows.Problem{File: d.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// root parses data and returns its top-level node, or nil after recording
// why there is none.
func (d *decoder) root(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.probs = append(d.probs, flows.Problem{File: d.file, Msg: err.Error()})
		return nil
	}
	if len(doc.Content) == 0 {
		d.probs = append(d.probs, flows.Problem{File: d.file, Msg: "empty file"})
		return nil
	}
	return doc.Content[0]
}

// field is one key of a mapping together with its value.
type field struct {
	key, val *yaml.Node
}

// fields returns the keys of mapping n, reporting keys not in allowed and
// keys given twice (yaml.v3 does not reject those when building nodes).
func (d *decoder) fields(n *yaml.Node, what string, allowed ...string) map[string]field {
	n = resolve(n)
	out := map[string]field{}
	if n.Kind != yaml.MappingNode {
		d.add(n, "%s: expected a mapping", what)
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		switch _, dup := out[k.Value]; {
		case !slices.Contains(allowed, k.Value):
			d.add(k, "%s: unknown key %q (allowed: %v)", what, k.Value, allowed)
		case dup:
			d.add(k, "%s: key %q given twice", what, k.Value)
		default:
			out[k.Value] = field{k, v}
		}
	}
	return out
}

// require reports the keys of m that are missing, at the mapping's line.
func (d *decoder) require(n *yaml.Node, m map[string]field, what string, keys ...string) bool {
	ok := true
	for _, k := range keys {
		if _, has := m[k]; !has {
			d.add(n, "%s: missing %s", what, k)
			ok = false
		}
	}
	return ok
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func (d *decoder) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.add(n, "%s: expected a single value", what)
		return "", false
	}
	return n.Value, true
}

func (d *decoder) str(n *yaml.Node, what string) string {
	s, _ := d.scalar(n, what)
	return s
}

func (d *decoder) integer(n *yaml.Node, what string, lo, hi int) int {
	s, ok := d.scalar(n, what)
	if !ok {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		d.add(n, "%s: %q is not a whole number from %d to %d", what, s, lo, hi)
		return 0
	}
	return v
}

func (d *decoder) float(n *yaml.Node, what string) (float64, bool) {
	s, ok := d.scalar(n, what)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		d.add(n, "%s: %q is not a number", what, s)
		return 0, false
	}
	return v, true
}

// boolean accepts only true and false: YAML 1.1's yes/no/on/off are a
// well-known source of surprises.
func (d *decoder) boolean(n *yaml.Node, what string) bool {
	s, ok := d.scalar(n, what)
	if ok && s != "true" && s != "false" {
		d.add(n, "%s: %q is not true or false", what, s)
	}
	return s == "true"
}

// date parses YYYY-MM-DD as a local date in Ho Chi Minh City.
func (d *decoder) date(n *yaml.Node, what string) (civil, bool) {
	s, ok := d.scalar(n, what)
	if !ok {
		return civil{}, false
	}
	t, err := time.ParseInLocation(time.DateOnly, s, bot.Vietnam)
	if err != nil {
		d.add(n, "%s: %q is not a date (YYYY-MM-DD)", what, s)
		return civil{}, false
	}
	return civilOf(t), true
}

func (d *decoder) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.add(n, "%s: expected a list", what)
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = resolve(c)
	}
	return out
}

// readFile reads path from fsys, recording a problem when it cannot.
func (d *decoder) readFile(fsys fs.FS, path string) ([]byte, bool) {
	b, err := fs.ReadFile(fsys, path)
	if err != nil {
		d.probs = append(d.probs, flows.Problem{File: path, Msg: err.Error()})
		return nil, false
	}
	return b, true
}

// result turns the collected problems into the loaders' error.
func (d *decoder) result() error {
	if len(d.probs) == 0 {
		return nil
	}
	flows.SortProblems(d.probs)
	return Problems(d.probs)
}

// osFS reads operating-system file names, absolute or relative, which
// os.DirFS cannot take as they are. Only ReadFile is used.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error)    { return os.Open(name) }
func (osFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// Check loads the calendar and the points files from fsys and validates them
// together, for `eidbot flows check`. A nil fsys means the paths are
// operating-system file names (as given on a command line). An empty path
// selects the embedded default for that file, so a deployment can check its
// own points file against the shipped calendar. It returns every problem,
// sorted by file and line; none means both files are usable.
func Check(fsys fs.FS, calendarPath, pointsPath string) []flows.Problem {
	calFS, calendarPath := source(fsys, calendarPath, CalendarFile)
	ptsFS, pointsPath := source(fsys, pointsPath, PointsFile)
	cal, err := LoadCalendar(calFS, calendarPath)
	probs := asProblems(err)
	dir, err := LoadPoints(ptsFS, pointsPath)
	probs = append(probs, asProblems(err)...)
	if len(probs) == 0 {
		probs = checkVisits(dir, cal, pointsPath)
	}
	flows.SortProblems(probs)
	return probs
}

// source is where a checked file is read from: the embedded default for an
// empty path, else fsys (operating-system file names when fsys is nil).
func source(fsys fs.FS, path, embedded string) (fs.FS, string) {
	switch {
	case path == "":
		return Data(), embedded
	case fsys == nil:
		return osFS{}, path
	}
	return fsys, path
}

func asProblems(err error) []flows.Problem {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	if err != nil {
		return []flows.Problem{{Msg: err.Error()}}
	}
	return nil
}
