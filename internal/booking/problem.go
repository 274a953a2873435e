package booking

import (
	"strings"

	"github.com/eidbot/eidbot/flows"
)

// Problems is the error the loaders return: every problem found, not just
// the first, so one run of `eidbot flows check` shows them all.
type Problems []flows.Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
