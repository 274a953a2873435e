package main

import (
	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/understand"
)

// questionReader adapts bot/understand's Index, which knows nothing of the
// bot package, to bot.Reader.
type questionReader struct{ ix *understand.Index }

// Read matches text against the examples and translates the decision.
func (q questionReader) Read(text string) bot.Question {
	r := q.ix.Match(text)
	out := bot.Question{Lang: bot.Lang(r.Language.Code), LangClear: r.Language.Clear}
	if len(r.Candidates) > 0 {
		best := r.Candidates[0]
		out.Example, out.Score = best.Example, best.Score
	}
	switch r.Decision {
	case understand.Confident:
		out.Kind, out.Topic = bot.QuestionAnswerable, r.Topic()
	case understand.Ambiguous:
		out.Kind = bot.QuestionUnsure
		for _, c := range r.Offer {
			out.Offer = append(out.Offer, c.Topic)
		}
	default:
		out.Kind = bot.QuestionOutside
	}
	return out
}
