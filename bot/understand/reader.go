package understand

import "github.com/eidbot/eidbot/bot"

var _ bot.Reader = (*Index)(nil)

// Read is Match as the engine wants it (bot.Reader): the decision, the
// topic or the topics to offer, the best example and its score, and the
// question's language; or, for a message that is only a greeting, thanks,
// an "ok" or a goodbye, that small talk and its language. Like Match, it keeps no
// part of text.
func (ix *Index) Read(text string) bot.Question {
	if kind, lang, ok := ix.talk.read(text); ok {
		return bot.Question{Kind: bot.QuestionSmallTalk, SmallTalk: kind, Lang: bot.Lang(lang), LangClear: lang != ""}
	}
	r := ix.Match(text)
	q := bot.Question{Lang: bot.Lang(r.Language.Code), LangClear: r.Language.Clear}
	if len(r.Candidates) > 0 {
		q.Example, q.Score = r.Candidates[0].Example, r.Candidates[0].Score
	}
	switch r.Decision {
	case Confident:
		q.Kind, q.Topic = bot.QuestionAnswerable, r.Topic()
	case Ambiguous:
		q.Kind = bot.QuestionUnsure
		for _, c := range r.Offer {
			q.Offer = append(q.Offer, c.Topic)
		}
	default:
		q.Kind = bot.QuestionOutside
	}
	return q
}
