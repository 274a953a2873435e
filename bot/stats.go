package bot

import (
	"fmt"
	"strconv"
	"strings"
)

// stats shows committee members the funnel of their areas, per language,
// against each area's target (/stats): checks done → eligible → booked →
// attended → activated.
func (t *turn) stats() {
	areas, ok := t.memberAreas()
	if !ok {
		return
	}
	f, ok := t.fact(Query{Kind: QueryFunnel})
	if !ok {
		return
	}
	counts := map[string]map[Lang]map[string]int{} // area → lang → stage → n
	for _, n := range f.Funnel {
		if counts[n.Area] == nil {
			counts[n.Area] = map[Lang]map[string]int{}
		}
		if counts[n.Area][n.Lang] == nil {
			counts[n.Area][n.Lang] = map[string]int{}
		}
		counts[n.Area][n.Lang][n.Stage] += n.Count
	}
	parts := []string{t.say("stats.title", nil), t.say("stats.legend", nil)}
	for _, id := range areas {
		parts = append(parts, t.areaStats(t.e.committee.byID[id], counts[id]))
	}
	if t.e.committee.isAdmin(t.u.From.ID) && counts[""] != nil {
		parts = append(parts, t.areaStats(Area{ID: ""}, counts[""]))
	}
	t.block(strings.Join(parts, "\n\n"))
	t.flush([][]Button{{t.menuButton()}})
}

// areaStats renders one area's funnel: the total, then one line per
// language with any count.
func (t *turn) areaStats(a Area, byLang map[Lang]map[string]int) string {
	name := t.say("stats.no_area", nil)
	if a.ID != "" {
		name = Escape(a.Name(t.s.Lang))
	}
	total := map[string]int{}
	var lines []string
	for _, l := range Languages {
		if byLang[l] == nil {
			continue
		}
		for _, st := range Stages {
			total[st] += byLang[l][st]
		}
		lines = append(lines, "  "+string(l)+": "+funnelLine(byLang[l]))
	}
	head := "<b>" + name + "</b>\n" + t.say("stats.total", nil) + ": " + funnelLine(total)
	if a.Target > 0 {
		pct := float64(total[StageActivated]) / float64(a.Target) * 100
		head += "\n" + t.say("stats.target", map[string]any{
			"Done": strconv.Itoa(total[StageActivated]), "Target": strconv.Itoa(a.Target),
			"Percent": fmt.Sprintf("%.1f", pct), "Date": t.e.tr.Date(t.s.Lang, a.TargetDate),
		})
	}
	if len(lines) == 0 {
		return head + "\n" + t.say("stats.none", nil)
	}
	return head + "\n" + strings.Join(lines, "\n")
}

// funnelLine writes the stage counts in order, "12 → 10 → 4 → 3 → 2".
func funnelLine(n map[string]int) string {
	parts := make([]string, len(Stages))
	for i, st := range Stages {
		parts[i] = strconv.Itoa(n[st])
	}
	return strings.Join(parts, " → ")
}
