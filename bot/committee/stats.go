package committee

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// stats shows committee members the funnel of their areas, per language,
// against each area's target (/stats): checks done → eligible → booked →
// attended → activated. Areas that do not fit one message (bot.MaxText)
// continue in the next.
func (f *Feature) stats(t bot.Turn, _ string) {
	t.Pause()
	areas, ok := f.memberAreas(t)
	if !ok {
		return
	}
	funnel, ok := bot.Ask(t, f.q.funnel, struct{}{})
	if !ok {
		return
	}
	counts := map[string]map[bot.Lang]map[string]int{} // area → lang → stage → n
	for _, n := range funnel {
		if counts[n.Area] == nil {
			counts[n.Area] = map[bot.Lang]map[string]int{}
		}
		if counts[n.Area][n.Lang] == nil {
			counts[n.Area][n.Lang] = map[string]int{}
		}
		counts[n.Area][n.Lang][n.Stage] += n.Count
	}
	var blocks []string
	for _, id := range areas {
		blocks = append(blocks, areaStats(t, f.byID[id], counts[id]))
	}
	if f.isAdmin(t.User().ID) && counts[""] != nil {
		blocks = append(blocks, areaStats(t, bot.Area{ID: ""}, counts[""]))
	}
	msg := t.Text("stats.title", nil) + "\n\n" + t.Text("stats.legend", nil)
	for _, b := range blocks {
		// As many areas to a message as fit: a super-admin sees them all.
		if bot.TextLen(msg+"\n\n"+b) > bot.MaxText {
			t.Queue(msg)
			t.Flush(nil)
			msg = b
			continue
		}
		msg += "\n\n" + b
	}
	t.Queue(msg)
	t.Flush([][]bot.Button{{t.MenuButton()}})
}

// areaStats renders one area's funnel: the total, then one line per
// language with any count.
func areaStats(t bot.Turn, a bot.Area, byLang map[bot.Lang]map[string]int) string {
	name := t.Text("stats.no_area", nil)
	if a.ID != "" {
		name = bot.Escape(a.Name(t.Lang()))
	}
	total := map[string]int{}
	var lines []string
	for _, l := range bot.Languages {
		if byLang[l] == nil {
			continue
		}
		for _, st := range bot.Stages {
			total[st] += byLang[l][st]
		}
		lines = append(lines, "  "+string(l)+": "+funnelLine(byLang[l]))
	}
	head := "<b>" + name + "</b>\n" + t.Text("stats.total", nil) + ": " + funnelLine(total)
	if a.Target > 0 {
		pct := float64(total[bot.StageActivated]) / float64(a.Target) * 100
		head += "\n" + t.Text("stats.target", map[string]any{
			"Done": strconv.Itoa(total[bot.StageActivated]), "Target": strconv.Itoa(a.Target),
			"Percent": fmt.Sprintf("%.1f", pct), "Date": t.Date(a.TargetDate),
		})
	}
	if len(lines) == 0 {
		return head + "\n" + t.Text("stats.none", nil)
	}
	return head + "\n" + strings.Join(lines, "\n")
}

// funnelLine writes the stage counts in order, "12 → 10 → 4 → 3 → 2".
func funnelLine(n map[string]int) string {
	parts := make([]string, len(bot.Stages))
	for i, st := range bot.Stages {
		parts[i] = strconv.Itoa(n[st])
	}
	return strings.Join(parts, " → ")
}
