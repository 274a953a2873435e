package bot_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/flows"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/locales"
)

// realEngine runs the embedded flows, locales and typed-question topics,
// as production does.
func realEngine(t testing.TB) (*bot.Engine, *flows.Set) {
	t.Helper()
	e, set, _ := realEngineSender(t)
	return e, set
}

// realEngineSender is realEngine with the sender its replies go to.
func realEngineSender(t testing.TB) (*bot.Engine, *flows.Set, *bottest.Sender) {
	t.Helper()
	set := flows.MustLoadEmbedded()
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	features := testFeatures(t)
	if probs := flows.Check(set, cat, bot.NewRegistry(features...).CheckOptions()); len(probs) > 0 {
		t.Fatalf("embedded flows: %v", probs)
	}
	store, sender := bottest.NewStore(), &bottest.Sender{}
	topics, reader := realTopics()
	e, err := bot.NewEngine(bot.Config{Flows: set, Translator: cat, Sessions: store, Journal: store,
		Sender: sender, BotUsername: "eid_bot", Now: func() time.Time { return t0 }, Features: features,
		Topics: topics, Reader: reader})
	if err != nil {
		t.Fatal(err)
	}
	return e, set, sender
}

// verdictWant is what one path through the eligibility check must decide.
type verdictWant struct {
	step      string // the verdict step
	outcome   string
	checklist string
	days      int
	daysMax   int
}

// eligibilityRules is SOURCES.md §3 as a table: every path of answers
// through the check and the verdict it must reach.
var eligibilityRules = map[string]verdictWant{
	"vn/under_6":                          {"v_vn_under6", "level1_only", "", 0, 0},
	"vn/6_13/valid":                       {"v_c3", "eligible", "C3", 3, 0},
	"vn/6_13/none":                        {"v_child_nocard", "eligible", "C2_child", 7, 0},
	"vn/14_plus/valid/mine/has":           {"v_c1", "eligible", "C1", 3, 0},
	"vn/14_plus/valid/mine/none":          {"v_c1", "eligible", "C1", 3, 0},
	"vn/14_plus/valid/not_mine":           {"v_vn_sim", "fix_first", "C1", 3, 0},
	"vn/14_plus/valid/unsure/mine/has":    {"v_c1", "eligible", "C1", 3, 0},
	"vn/14_plus/valid/unsure/mine/none":   {"v_c1", "eligible", "C1", 3, 0},
	"vn/14_plus/valid/unsure/not_mine":    {"v_vn_sim", "fix_first", "C1", 3, 0},
	"vn/14_plus/none":                     {"v_c2", "eligible", "C2", 7, 0},
	"vn/14_plus/lost":                     {"v_c4", "eligible", "C4", 7, 0},
	"foreign/none":                        {"v_fr_no_card", "uncertain", "", 0, 0},
	"foreign/trc/under_6":                 {"v_fr_under6", "level1_only", "", 0, 0},
	"foreign/trc/6_13":                    {"v_f2", "eligible", "F2", 3, 7},
	"foreign/trc/14_plus/mine":            {"v_f1", "eligible", "F1", 3, 7},
	"foreign/trc/14_plus/not_mine":        {"v_fr_sim", "fix_first", "", 0, 0},
	"foreign/trc/14_plus/unsure/mine":     {"v_f1", "eligible", "F1", 3, 7},
	"foreign/trc/14_plus/unsure/not_mine": {"v_fr_sim", "fix_first", "", 0, 0},
}

// TestEveryEligibilityPath walks every combination of answers through the
// real eligibility flow and checks each verdict against the rule table. A
// new branch without a rule fails, as does a rule no path reaches.
func TestEveryEligibilityPath(t *testing.T) {
	e, set := realEngine(t)
	f := set.Flows["eligibility"]
	start := e.Step(bot.NewSession(private, "vi", t0), cmd("start", "check")).Session
	start.Version = 1
	reached := map[string]bool{}
	var walk func(s bot.Session, path string, depth int)
	walk = func(s bot.Session, path string, depth int) {
		if depth > 12 {
			t.Fatalf("path %s never ends", path)
		}
		st := f.Steps[s.Dialog.Step]
		if s.Dialog.Flow != f.ID || st == nil {
			t.Fatalf("path %s left the check without a verdict, at %s.%s", path, s.Dialog.Flow, s.Dialog.Step)
		}
		for _, ch := range st.Choices {
			next := e.Step(s, press(flows.CallbackData(f.ID, st.ID, ch.ID), 1)).Session
			p := path + "/" + ch.ID
			if path == "" {
				p = ch.ID
			}
			if next.Case.Verdict == "" {
				walk(next, p, depth+1)
				continue
			}
			reached[p] = true
			want, ok := eligibilityRules[p]
			if !ok {
				t.Errorf("path %s reaches %s, which the rule table does not list", p, next.Case.Verdict)
				continue
			}
			got := verdictWant{next.Case.Verdict[len("eligibility."):], next.Case.Outcome, next.Case.Checklist, next.Case.Days, next.Case.DaysMax}
			if got != want {
				t.Errorf("path %s: got %+v, want %+v", p, got, want)
			}
		}
	}
	walk(start, "", 0)
	for p := range eligibilityRules {
		if !reached[p] {
			t.Errorf("rule %s is never reached", p)
		}
	}
}

// TestVerdictsCiteTheirBasis: every verdict in the real flows names a legal
// basis, a source and the date it was checked, and states the processing
// time where it leads to an application.
func TestVerdictsCiteTheirBasis(t *testing.T) {
	_, set := realEngine(t)
	for _, f := range set.Flows {
		for _, st := range f.Steps {
			v := st.Verdict
			if v == nil {
				continue
			}
			if v.LegalRef == "" || v.Source == "" || v.CheckedOn == "" {
				t.Errorf("%s.%s: verdict without legal_ref, source or checked_on", f.ID, st.ID)
			}
			if v.Outcome == "eligible" && (v.Days == 0 || v.Checklist == "") {
				t.Errorf("%s.%s: an eligible verdict must state days and a checklist", f.ID, st.ID)
			}
		}
	}
}

// TestButtonLabelsFitAPhone: every button label of the real flows, in every
// language, fits on a phone screen (28 columns, wide characters counting 2).
func TestButtonLabelsFitAPhone(t *testing.T) {
	_, set := realEngine(t)
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range set.Flows {
		for _, st := range f.Steps {
			for _, ch := range st.Choices {
				for _, lang := range bot.Languages {
					if label := cat.Text(lang, ch.Label, nil); bot.DisplayWidth(label) > 28 {
						t.Errorf("%s: label %s %q is %d columns wide", lang, ch.Label, label, bot.DisplayWidth(label))
					}
				}
			}
		}
	}
}
