package understand

import (
	"fmt"

	"github.com/eidbot/eidbot/flows"
)

// Check matches every example of t against the index of all the others
// (leave-one-out) and reports each one that does not come out on its own
// topic, and each example that normalises to nothing or to the same text
// as another, and the problems of the small-talk phrases (checkSmallTalk).
// `eidbot flows check` runs it: an example that another topic
// claims teaches the matcher nothing, or worse.
func Check(t *flows.Topics) []flows.Problem {
	ix := New(t)
	var probs []flows.Problem
	seen := map[string]flows.Example{}
	for i, e := range t.Examples {
		q := parse(e.Text)
		canon := Normalize(e.Text)
		if canon == "" {
			probs = append(probs, problem(e, "example %s has no words the matcher can use", e.ID))
			continue
		}
		if prev, dup := seen[canon]; dup {
			probs = append(probs, problem(e, "example %s reads the same as %s (%s:%d) once normalised", e.ID, prev.ID, prev.File, prev.Line))
			continue
		}
		seen[canon] = e
		r := ix.match(q, i)
		if len(r.Candidates) == 0 {
			probs = append(probs, problem(e, "example %s matches no other example of topic %s", e.ID, e.Topic))
			continue
		}
		if top := r.Candidates[0]; top.Topic != e.Topic {
			own := 0.0
			for _, c := range r.Candidates {
				if c.Topic == e.Topic {
					own = c.Score
				}
			}
			probs = append(probs, problem(e, "example %s matches topic %s (%s, %.3f) better than its own topic %s (%.3f)",
				e.ID, top.Topic, top.Example, top.Score, e.Topic, own))
		}
	}
	return append(probs, checkSmallTalk(t, ix.talk)...)
}

func problem(e flows.Example, format string, args ...any) flows.Problem {
	return flows.Problem{File: e.File, Line: e.Line, Msg: fmt.Sprintf(format, args...)}
}
