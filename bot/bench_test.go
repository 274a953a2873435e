package bot_test

import (
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// BenchmarkStep measures one pure step on the real flows and locales: a
// button press that answers a question and renders the next one.
func BenchmarkStep(b *testing.B) {
	e, _ := realEngine(b)
	s := e.Step(bot.NewSession(private, "vi", t0), cmd("start", "check")).Session
	u := press("a|eligibility|who|vn", 1)
	for b.Loop() {
		e.Step(s, u)
	}
}

// BenchmarkStepVerdict measures the step that renders a verdict with its
// checklist and legal basis, the longest message of the check.
func BenchmarkStepVerdict(b *testing.B) {
	e, _ := realEngine(b)
	s := bot.NewSession(private, "en", t0)
	for _, u := range []bot.Update{cmd("start", "check"), press("a|eligibility|who|foreign", 1),
		press("a|eligibility|residence|trc", 1), press("a|eligibility|age|14_plus", 1)} {
		s = e.Step(s, u).Session
	}
	u := press("a|eligibility|fr_phone|mine", 1)
	for b.Loop() {
		e.Step(s, u)
	}
}
