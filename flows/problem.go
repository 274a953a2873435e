package flows

import (
	"cmp"
	"fmt"
	"slices"
)

// Problem is one thing wrong with a data file of the bot (a flow, a locale,
// the reception points, the calendar, the areas), at a file and line (Line
// 0 when it concerns the whole file). Every checker reports this one type,
// so "eidbot flows check" prints them all alike.
type Problem struct {
	File string
	Line int
	Msg  string
}

// String formats the problem as file:line: message, as compilers do, the
// form editors and CI logs turn into links.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// SortProblems orders problems by file, then line, keeping the order of
// problems at the same place.
func SortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
}
