package bot

import "strings"

// A typed question in the middle of a flow: answered beside the flow,
// which goes on where it was.

// answerAside answers a clear question typed in the middle of a flow and
// asks the flow's current question again. An answer that is text (a
// problem's advice, a checklist) is shown as it is; one that is a flow or
// a command, or that first needs the narrowing question, is offered as a
// button, which leaves the flow (a paused check can be resumed).
func (t *turn) answerAside(id string, lang Lang) {
	f, st := t.current()
	tp := t.e.topics.Topics[id]
	var texts []string
	if target, ok := t.target(tp); ok {
		texts = t.peek(target, lang)
	}
	if len(texts) > 0 {
		for _, text := range texts {
			t.block(text)
			t.flush(nil)
		}
	} else {
		t.inLang(lang, func() {
			t.block(t.say("ask.goto", nil))
			t.flush([][]Button{{t.topicButton(id, lang)}})
		})
	}
	t.block(t.say("ask.back", nil))
	t.offerSwitch(lang)
	t.reask(f, st)
}

// peek renders, in lang, what flow step target says before it asks
// anything: the text of a problem's advice, a checklist, a verdict. It
// runs the step on a copy of the session, so nothing changes, and stops
// at the first question, action or choice of place. A target that is a
// flow's start or a command has nothing to peek at.
func (t *turn) peek(target string, lang Lang) []string {
	flow, step, ok := strings.Cut(target, ".")
	if strings.HasPrefix(target, "@") || strings.HasPrefix(target, "/") || !ok {
		return nil
	}
	if f := t.e.flows.Flows[flow]; f == nil || f.Steps[step] == nil {
		return nil
	}
	sub := &turn{e: t.e, r: t.r, s: t.s.clone(), u: t.u, now: t.now, caps: t.caps, facts: t.facts, peeking: true}
	sub.s.Lang = lang
	sub.enter(flow, step)
	sub.flush(nil)
	var texts []string
	for _, r := range sub.out {
		if r.Kind == ReplyText && r.Chat.Key() == t.u.Chat.Key() {
			texts = append(texts, r.Text)
		}
	}
	return texts
}
