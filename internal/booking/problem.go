package booking

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a data file, at a file and line (Line 0
// when the problem concerns the whole file).
type Problem struct {
	File string
	Line int
	Msg  string
}

// String formats the problem as "file:line: message", the form editors and
// CI logs turn into links.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems is the error the loaders return: every problem found, not just
// the first, so one run of `eidbot flows check` shows them all.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
