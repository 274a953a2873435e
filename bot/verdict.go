package bot

import (
	"net/url"
	"strings"
	"time"

	"github.com/eidbot/eidbot/flows"
)

// A verdict goes out short (issue 11, docs/CONTENT.md §8): first its
// outcome, text and processing time; then the checklist as a message of its
// own, which the flow's next question joins. What the flow says before
// asking (the immigration offices by address) starts a new message rather
// than growing the checklist's. The "📜 Legal basis" button, which shows
// the legal basis and the source (verdict.legal), goes with the next
// question, above Back and Menu: channels without buttons number the
// choices of the newest message only, so it stays reachable there.

// verdict shows an eligibility decision and records it in the case file.
func (t *turn) verdict(f *flows.Flow, st *flows.Step) {
	v := st.Verdict
	t.s.Case = Case{
		Outcome:   v.Outcome,
		Verdict:   f.ID + "." + st.ID,
		Checklist: v.Checklist,
		Days:      v.Days,
		DaysMax:   v.DaysMax,
		Answers:   t.answers(),
		Decided:   t.now,
	}
	t.Reached(StageChecked, "")
	if v.Outcome == "eligible" {
		t.Reached(StageEligible, "")
	}
	t.showVerdict(f.ID, st.ID, v)
	t.verdictOpen = true
}

// showVerdict sends the verdict's first message and queues its checklist,
// for the next question to join with the legal-basis button. It is also
// how a saved verdict is shown again.
func (t *turn) showVerdict(flowID, stepID string, v *flows.Verdict) {
	t.block(t.verdictHead(v))
	if v.Checklist != "" {
		t.flush(nil)
		t.block(t.checklist(v.Checklist))
	}
	t.legalButton = &Button{Label: t.say("verdict.btn.legal", nil), Data: flows.LegalData(flowID, stepID)}
}

// verdictHead is the outcome's icon and the verdict's text, with the
// processing time.
func (t *turn) verdictHead(v *flows.Verdict) string {
	head := outcomeIcons[v.Outcome] + " " + t.say(v.Text, nil)
	if d := t.days(v.Days, v.DaysMax); d != "" {
		head += "\n\n" + d
	}
	return head
}

var outcomeIcons = map[string]string{
	"eligible":     "✅",
	"not_eligible": "⛔",
	"level1_only":  "ℹ️",
	"fix_first":    "⚠️",
	"uncertain":    "❓",
}

// days states the expected processing time in working days.
func (t *turn) days(days, max int) string {
	switch {
	case days == 0:
		return ""
	case max > days:
		return t.say("verdict.days_range", map[string]any{"Days": days, "DaysMax": max})
	default:
		return t.say("verdict.days", map[string]any{"Count": days})
	}
}

// legalRow takes the pending legal-basis button as a row of its own, or
// nil when no verdict is waiting for it.
func (t *turn) legalRow() [][]Button {
	if t.legalButton == nil {
		return nil
	}
	b := *t.legalButton
	t.legalButton = nil
	return [][]Button{{b}}
}

// pressLegal shows the legal basis of the verdict the button names, which
// may be an earlier one than the person's last: the button stays valid.
func (t *turn) pressLegal(args []string) {
	if len(args) != 2 {
		t.stale()
		return
	}
	v := t.verdictAt(args[0], args[1])
	if v == nil {
		t.stale()
		return
	}
	t.block(t.legal(v))
	t.flush(nil)
}

// verdictAt finds the verdict of a step, if the flows still have it.
func (t *turn) verdictAt(flowID, stepID string) *flows.Verdict {
	f := t.e.flows.Flows[flowID]
	if f == nil || f.Steps[stepID] == nil {
		return nil
	}
	return f.Steps[stepID].Verdict
}

// legal cites the legal basis, the source by the name of its site, and
// the day it was last checked (no weekday: it is not an appointment).
func (t *turn) legal(v *flows.Verdict) string {
	checked, err := time.Parse(time.DateOnly, v.CheckedOn)
	date := v.CheckedOn
	if err == nil {
		date = t.e.tr.PlainDate(t.s.Lang, checked.Add(12*time.Hour))
	}
	return t.say("verdict.legal", map[string]any{
		"LegalRef":   t.say(v.LegalRef, nil),
		"Source":     Escape(v.Source),
		"SourceName": Escape(siteName(v.Source)),
		"CheckedOn":  date,
	})
}

// siteName is the host of a source's address, shown as the link's text
// ("lawnet.vn"), without a leading "www.".
func siteName(source string) string {
	u, err := url.Parse(source)
	if err != nil || u.Host == "" {
		return source
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// checklist renders a checklist: title, one line per item, and a note.
func (t *turn) checklist(id string) string {
	cl := t.e.flows.Checklists[id]
	if cl == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("<b>" + t.say(cl.Title, nil) + "</b>")
	for _, it := range cl.Items {
		b.WriteString("\n• " + t.say(it, nil))
	}
	if cl.Note != "" {
		b.WriteString("\n\n" + t.say(cl.Note, nil))
	}
	return b.String()
}

// caseSummary shows the person's saved result again (action case_summary),
// in the same short form as when it was decided.
func (t *turn) caseSummary() string {
	flowID, stepID, _ := strings.Cut(t.s.Case.Verdict, ".")
	v := t.verdictAt(flowID, stepID)
	if v == nil {
		t.block(t.say("case.none", nil))
		return ""
	}
	t.block(t.say("case.title", map[string]any{"Date": t.e.tr.Date(t.s.Lang, t.s.Case.Decided)}))
	t.showVerdict(flowID, stepID, v)
	return ""
}
