package bot

// rememberedKeys are the answers kept for the chat rather than for one run
// of a flow: who the reader is ("nationality": vn or foreign; "who": the
// answer to a typed question's narrowing question, typed.go). Any flow
// that saves one (the eligibility check, the who.q steps) sets it for all
// the others, whose branches read it, so a person is not asked twice and
// every answer names the right office (SOURCES.md §1.4 rule 5). Starting
// a flow afresh does not clear them; /forget does, with the session.
//
// AnswerPresetPoint is remembered too: the reception point of a poster's
// deep link (/start point_<id>), kept through the eligibility check that
// booking may send the person through first, until booking uses it.
var rememberedKeys = map[string]bool{"nationality": true, rememberWho: true, AnswerPresetPoint: true}

// AnswerPresetPoint is the answer that holds the reception point a deep
// link named, for the booking to start at (issue 12: posters work).
const AnswerPresetPoint = "preset_point"

// answerOf reads an answer: a remembered one from the session, any other
// from the current dialogue.
func (t *turn) answerOf(key string) string {
	if rememberedKeys[key] {
		return t.s.Remembered[key]
	}
	return t.s.Dialog.Answers[key]
}

// answerSet stores an answer where answerOf reads it; "" removes it.
func (t *turn) answerSet(key, value string) {
	answers := &t.s.Dialog.Answers
	if rememberedKeys[key] {
		answers = &t.s.Remembered
	}
	if value == "" {
		delete(*answers, key)
		return
	}
	if *answers == nil {
		*answers = map[string]string{}
	}
	(*answers)[key] = value
}

// answers is every answer known in this turn, the remembered ones
// included: what a verdict was decided on.
func (t *turn) answers() map[string]string {
	all := cloneMap(t.s.Dialog.Answers)
	for k, v := range t.s.Remembered {
		if k == AnswerPresetPoint {
			continue // where the person came from, not what they answered
		}
		if all == nil {
			all = map[string]string{}
		}
		all[k] = v
	}
	return all
}
