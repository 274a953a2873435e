package bot

import (
	"strings"
	"time"

	"github.com/eidbot/eidbot/flows"
)

// verdict shows an eligibility decision with what to bring, how long it
// takes and the legal basis it rests on, and records it in the case file.
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
	t.block(t.verdictText(v))
}

// verdictText renders a verdict; it is also used to show a saved one again.
func (t *turn) verdictText(v *flows.Verdict) string {
	parts := []string{outcomeIcons[v.Outcome] + " " + t.say(v.Text, nil)}
	if v.Checklist != "" {
		parts = append(parts, t.checklist(v.Checklist))
	}
	if d := t.days(v.Days, v.DaysMax); d != "" {
		parts = append(parts, d)
	}
	parts = append(parts, t.legal(v))
	return strings.Join(parts, "\n\n")
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

// legal cites the legal basis, the source and when it was last checked.
func (t *turn) legal(v *flows.Verdict) string {
	checked, err := time.Parse(time.DateOnly, v.CheckedOn)
	date := v.CheckedOn
	if err == nil {
		date = t.e.tr.Date(t.s.Lang, checked.Add(12*time.Hour))
	}
	return t.say("verdict.legal", map[string]any{
		"LegalRef":  t.say(v.LegalRef, nil),
		"Source":    Escape(v.Source),
		"CheckedOn": date,
	})
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

// caseSummary shows the person's saved result again (action case_summary).
func (t *turn) caseSummary() string {
	c := t.s.Case
	v := t.savedVerdict()
	if v == nil {
		t.block(t.say("case.none", nil))
		return ""
	}
	t.block(t.say("case.title", map[string]any{"Date": t.e.tr.Date(t.s.Lang, c.Decided)}))
	t.block(t.verdictText(v))
	return ""
}

// savedVerdict finds the verdict step recorded in the case file; it may have
// disappeared if the flows changed since.
func (t *turn) savedVerdict() *flows.Verdict {
	flowID, stepID, ok := strings.Cut(t.s.Case.Verdict, ".")
	if !ok {
		return nil
	}
	f := t.e.flows.Flows[flowID]
	if f == nil || f.Steps[stepID] == nil {
		return nil
	}
	return f.Steps[stepID].Verdict
}
