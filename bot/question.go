package bot

// QuestionKind is what the bot can do with a typed question.
type QuestionKind int

// The kinds of typed question: from least to most answerable, then small
// talk.
const (
	// QuestionOutside: the question is about something the bot does not
	// cover ("làm hộ chiếu ở đâu"), or nothing matched well: say so, show
	// the menu and offer to ask an officer.
	QuestionOutside QuestionKind = iota
	// QuestionUnsure: two or three topics are close: offer them
	// (Question.Offer) as "Did you mean…?".
	QuestionUnsure
	// QuestionAnswerable: one topic (Question.Topic) is clearly meant.
	QuestionAnswerable
	// QuestionSmallTalk: the message is no question but only a greeting,
	// thanks, an "ok" or a goodbye ("xin chào", "cảm ơn ad ạ", "好的",
	// "bye"): answer in kind and show the menu. Question.SmallTalk says
	// which.
	QuestionSmallTalk
)

// Question is what a Reader made of a typed message. It holds no part of
// the message's text, so it may be logged as it is.
type Question struct {
	Kind QuestionKind
	// Topic is the topic (a flows.Topics id) of an answerable question.
	Topic string
	// Example is the id of the example closest to the question, and Score
	// its similarity (0 to 1): logs cite them instead of the text.
	Example string
	Score   float64
	// Offer lists, for an unsure question, the topics to offer, best first.
	Offer []string
	// SmallTalk is, for small talk, its kind: one of flows.SmallTalkKinds.
	SmallTalk string
	// Lang is the language the question is written in, "" when it has no
	// letters; LangClear is set when that is clear enough to answer in it
	// and offer to switch.
	Lang      Lang
	LangClear bool
}

// Reader maps a typed message to a Question. Implementations are
// deterministic, in-process and safe for concurrent use (bot/understand's
// Index).
type Reader interface {
	Read(text string) Question
}
