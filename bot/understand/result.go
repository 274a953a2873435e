package understand

import (
	"log/slog"
	"strconv"
)

// Candidate is one topic a question may be about.
type Candidate struct {
	Topic string
	// Example is the id of the topic's example closest to the question:
	// logs cite it instead of the user's text.
	Example string
	// Score is the topic's similarity to the question, 0 to 1: a mix of
	// the cosine to that example and the cosine to the topic's centroid.
	Score float64
}

// Result is what Match makes of a question. It holds no part of the
// question's text, so it may be logged as it is.
type Result struct {
	Language Language
	Decision Decision
	// Candidates are the best topics, best first, at most MaxCandidates,
	// out_of_scope among them when it scored.
	Candidates []Candidate
	// Coverage is the share of the question's weight (0 to 1) that the
	// examples know: words no example has lower it.
	Coverage float64
	// OnSubject is set when the question names the bot's subject (VNeID,
	// level 2, the e-ID, ...): such a question is out of scope only when
	// an out-of-scope example is clearly closer than any topic.
	OnSubject bool
	// Offer is, for an Ambiguous decision, the real topics to offer as
	// "Did you mean…?" buttons, best first: one to MaxOffer of them.
	// It is empty for the other decisions.
	Offer []Candidate
}

// Topic returns the topic to answer when the decision is Confident, and ""
// otherwise.
func (r Result) Topic() string {
	if r.Decision != Confident || len(r.Candidates) == 0 {
		return ""
	}
	return r.Candidates[0].Topic
}

// LogValue reports the decision, the language and the best candidates
// (topic, example id and score), never the user's text.
func (r Result) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("decision", r.Decision.String()),
		slog.String("lang", r.Language.Code),
		slog.Bool("lang_clear", r.Language.Clear),
	}
	for i, c := range r.Candidates {
		if i == MaxOffer {
			break
		}
		v := c.Topic + " " + c.Example + " " + strconv.FormatFloat(c.Score, 'f', 3, 64)
		attrs = append(attrs, slog.String("c"+strconv.Itoa(i+1), v))
	}
	return slog.GroupValue(attrs...)
}
